//! Where the committed WASI apps and their expected output are. The WASI crate's tests and
//! the CLI's (which include this file by path) both use it, so both run the very same
//! modules and compare with the very same text. Both crates sit next to `apps/` at the
//! repository's root, so the paths hold from either manifest folder.

use std::path::{Path, PathBuf};

/// The repository's root, seen from the crate whose test is running.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folder of the committed C WASI apps (`apps/wasi`).
pub fn c_wasi_apps() -> PathBuf {
    root().join("apps/wasi")
}

/// The committed module of Rust WASI program `name` (`apps/rust-wasi/NAME/NAME.wasm`).
pub fn rust_wasi_program(name: &str) -> PathBuf {
    root()
        .join("apps/rust-wasi")
        .join(name)
        .join(format!("{name}.wasm"))
}

/// The expected output file `name` (`wasi/tests/expected/NAME`).
pub fn expected_output(name: &str) -> PathBuf {
    root().join("wasi/tests/expected").join(name)
}
