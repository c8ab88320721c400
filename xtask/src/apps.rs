//! `cargo xtask build-apps [--check]`: rebuilds the committed wasm apps from their sources.
//!
//! The Rust apps of `apps/rust` and `apps/rust-wasi` are built by cargo (see [`crate::rust_apps`]). Every `.c` file in a group folder `apps/<group>/` becomes a `.wasm` beside it, built by clang
//! with that group's flags. The `.wasm` files are committed, so running the benchmarks, samples
//! or CLI tests needs only cargo; this command is for after a source changes. `--check` builds
//! into a scratch folder instead and fails if any committed `.wasm` differs from its source's
//! build, so a stale binary cannot hide. clang, lld and wasi-libc come from the
//! distribution's packages when missing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run::{status, workspace_root};

/// Flags for apps without libc: optimized, bulk-memory so that memcpy and memset become
/// `memory.copy` and `memory.fill`, no `_start` (they export functions), warnings as errors.
const BARE_FLAGS: &[&str] = &[
    "--target=wasm32-unknown-unknown",
    "-O2",
    "-nostdlib",
    "-mbulk-memory",
    "-Wl,--no-entry",
    "-Wall",
    "-Werror",
];

/// Flags for the sample apps: the bare flags plus atomics, for the ring-buffer apps that
/// synchronise through a shared heap with atomic instructions and wait/notify.
const SAMPLE_FLAGS: &[&str] = &[
    "--target=wasm32-unknown-unknown",
    "-O2",
    "-nostdlib",
    "-mbulk-memory",
    "-matomics",
    "-Wl,--no-entry",
    "-Wall",
    "-Werror",
];

/// Flags for the SIMD benchmark programs: the bare flags plus 128-bit SIMD (a group of its
/// own, so the scalar programs are never auto-vectorized).
const SIMD_FLAGS: &[&str] = &[
    "--target=wasm32-unknown-unknown",
    "-O2",
    "-nostdlib",
    "-mbulk-memory",
    "-msimd128",
    "-Wl,--no-entry",
    "-Wall",
    "-Werror",
];

/// Flags for WASI commands built against the distribution's wasi-libc (in `/usr`).
const WASI_FLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "--sysroot=/usr",
    "-O2",
    "-Wl,--strip-all",
    "-Wall",
    "-Werror",
];

/// Each group folder of `apps/` and the clang flags its sources are built with.
const GROUPS: &[(&str, &[&str])] = &[
    ("bench", BARE_FLAGS),
    ("bench-simd", SIMD_FLAGS),
    ("samples", SAMPLE_FLAGS),
    ("wasi", WASI_FLAGS),
];

/// wasi-libc's C library, as Debian's `wasi-libc` package installs it.
const WASI_LIBC: &str = "/usr/lib/wasm32-wasi/libc.a";

/// The distribution packages that provide everything the groups need.
const PACKAGES: [&str; 4] = ["clang", "lld", "wasi-libc", "libclang-rt-dev-wasm32"];

pub fn build_all(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        [other, ..] => bail!("`cargo xtask build-apps` takes only `--check`, but got `{other}`"),
    };
    ensure_toolchain()?;
    let clang_path = find_on_path("clang")?;
    let tools = isolated_tool_dir()?;
    let scratch = std::env::temp_dir().join("shheap-build-apps");
    let mut stale = Vec::new();
    let mut built = 0;
    for (group, flags) in GROUPS {
        for source in c_sources(&workspace_root().join("apps").join(group))? {
            let committed = source.with_extension("wasm");
            let output = if check {
                std::fs::create_dir_all(&scratch)?;
                scratch.join(committed.file_name().context("a source has no file name")?)
            } else {
                committed.clone()
            };
            let mut clang = Command::new(&clang_path);
            clang
                .env("PATH", &tools)
                .arg("-B")
                .arg(&tools)
                .args(*flags)
                .arg("-o")
                .arg(&output)
                .arg(&source);
            status(clang)?;
            built += 1;
            if check && std::fs::read(&output)? != std::fs::read(&committed).unwrap_or_default() {
                stale.push(committed);
            }
        }
    }
    built += crate::rust_apps::build(check, &mut stale)?;
    if !stale.is_empty() {
        let list: Vec<String> = stale
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        bail!(
            "these committed apps differ from what their sources build to; run `cargo xtask build-apps` and commit them: {}",
            list.join(", ")
        );
    }
    println!("{} {built} apps", if check { "checked" } else { "built" });
    Ok(())
}

/// A folder holding only the tools clang runs for wasm, passed as its `-B` prefix (searched
/// before clang's own folder and `PATH`) and as its whole `PATH`: the linker, and a
/// `wasm-opt` that does nothing.
///
/// clang 14 runs binaryen's `wasm-opt` over its output, in place, whenever it finds one when
/// linking with optimization (next to clang itself, as the distribution installs it, or on
/// `PATH`), and has no flag to stop it; the same source would build to other bytes on a
/// machine with binaryen installed and `--check` would fail there. The stub is found first,
/// leaves the output as the linker wrote it, and so makes the build the same either way.
fn isolated_tool_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join("shheap-build-apps-tools");
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    let link = dir.join("wasm-ld");
    let target = find_on_path("wasm-ld")?;
    if std::fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
        // A stale link from another machine layout: replace it.
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).with_context(|| {
            format!("could not link {} to {}", link.display(), target.display())
        })?;
    }
    let stub = dir.join("wasm-opt");
    if std::fs::read(&stub).ok().as_deref() != Some(WASM_OPT_STUB.as_bytes()) {
        std::fs::write(&stub, WASM_OPT_STUB)
            .with_context(|| format!("could not write {}", stub.display()))?;
        std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("could not make {} executable", stub.display()))?;
    }
    Ok(dir)
}

/// The `wasm-opt` clang finds in [`isolated_tool_dir`]: succeeds without touching the file.
const WASM_OPT_STUB: &str =
    "#!/bin/sh\n# Keeps clang from running binaryen's wasm-opt (see xtask/src/apps.rs).\nexit 0\n";

/// The full path of `tool` as the current `PATH` resolves it.
fn find_on_path(tool: &str) -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
        .with_context(|| format!("`{tool}` is not on PATH; install clang and lld"))
}

/// The `.c` files directly in `group`, sorted.
fn c_sources(group: &Path) -> Result<Vec<PathBuf>> {
    let mut sources = Vec::new();
    for entry in
        std::fs::read_dir(group).with_context(|| format!("could not list {}", group.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "c") {
            sources.push(path);
        }
    }
    sources.sort();
    Ok(sources)
}

fn ensure_toolchain() -> Result<()> {
    let has = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    };
    if has("clang") && has("wasm-ld") && Path::new(WASI_LIBC).exists() {
        return Ok(());
    }
    println!("clang, wasm-ld or wasi-libc is missing: installing them from the distribution");
    let mut update = Command::new("apt-get");
    update.arg("update");
    status(update).context("could not update the package lists (are you root?)")?;
    let mut install = Command::new("apt-get");
    install.args(["install", "-y"]).args(PACKAGES);
    status(install).context("could not install the C-to-wasm toolchain")
}
