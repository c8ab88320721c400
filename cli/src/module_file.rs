//! Reading MODULE from disk: WebAssembly text when its name ends in `.wat`, binary otherwise.

use std::path::Path;

use anyhow::Context;
use interp::{Engine, Module};

/// Reads, decodes and validates the module at `path`.
pub fn load(engine: &Engine, path: &Path) -> anyhow::Result<Module> {
    let shown = path.display();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{shown}`"))?;
    let is_text = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("wat"));
    let module = if is_text {
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!("`{shown}` is not UTF-8 text, so it cannot be a .wat file")
        })?;
        // Parsed here rather than by interp so that the error can name the file: wat then
        // reports `FILE:LINE:COLUMN` and the offending line.
        let binary = wat::parse_str(&text).map_err(|mut error| {
            error.set_path(path);
            anyhow::anyhow!("`{shown}` is not valid WebAssembly text: {error}")
        })?;
        Module::new(engine, &binary)
    } else {
        Module::new(engine, &bytes)
    };
    module.with_context(|| format!("`{shown}` is not a valid WebAssembly module"))
}

/// `argv[0]` for the module: its file name, as a C program expects to see its own name.
pub fn program_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}
