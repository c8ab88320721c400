//! The Rust group of `cargo xtask build-apps`: the crates under `apps/rust`, a cargo workspace
//! of their own, built for `wasm32-unknown-unknown` with their committed lockfile; each
//! crate's `.wasm` is committed beside its `Cargo.toml` (`apps/rust/<name>/<name>.wasm`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{cargo_command, status, workspace_root};

/// The target the apps are built for.
const TARGET: &str = "wasm32-unknown-unknown";

/// The crate in the workspace that is no program (it checks the answers natively).
const NATIVE_ONLY: &str = "answers";

/// Builds every Rust app. Without `check`, copies each `.wasm` beside its crate; with it,
/// compares and pushes each committed `.wasm` that differs onto `stale`. Returns how many apps
/// it built.
pub fn build(check: bool, stale: &mut Vec<PathBuf>) -> Result<usize> {
    ensure_target()?;
    let apps = workspace_root().join("apps").join("rust");
    let target_dir = workspace_root().join("target").join("apps-rust");
    let mut cargo = cargo_command(&[
        "build",
        "--release",
        "--locked",
        "--target",
        TARGET,
        "--workspace",
        "--exclude",
        NATIVE_ONLY,
    ]);
    cargo
        .current_dir(&apps)
        .env("CARGO_TARGET_DIR", &target_dir)
        // The panic locations in the modules hold source paths: make them the same on every
        // machine, wherever the checkout and cargo's registry are, so that the bytes are too.
        .env("RUSTFLAGS", remap_flags(&apps))
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    status(cargo)?;
    let artifacts = target_dir.join(TARGET).join("release");
    let mut built = 0;
    for name in crate_names(&apps)? {
        let artifact = artifacts.join(format!("{name}.wasm"));
        if !artifact.exists() {
            // A library shared by the programs: no module of its own.
            continue;
        }
        let committed = apps.join(&name).join(format!("{name}.wasm"));
        let bytes = std::fs::read(&artifact)
            .with_context(|| format!("could not read {}", artifact.display()))?;
        if check {
            if std::fs::read(&committed).ok().as_deref() != Some(bytes.as_slice()) {
                stale.push(committed);
            }
        } else {
            std::fs::write(&committed, bytes)
                .with_context(|| format!("could not write {}", committed.display()))?;
        }
        built += 1;
    }
    Ok(built)
}

/// `RUSTFLAGS` that map the checkout's `apps/rust` and cargo's registry sources to fixed paths.
fn remap_flags(apps: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    format!(
        "--remap-path-prefix={}=/apps/rust --remap-path-prefix={}=/cargo-registry",
        apps.display(),
        cargo_home.join("registry").join("src").display()
    )
}

/// The folders of `apps` that hold a crate, sorted.
fn crate_names(apps: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(apps).with_context(|| format!("could not list {}", apps.display()))?
    {
        let path = entry?.path();
        if path.join("Cargo.toml").is_file()
            && let Some(name) = path.file_name().and_then(|name| name.to_str())
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Installs the wasm target with rustup when the toolchain lacks it.
fn ensure_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("could not run rustup to list the installed targets")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == TARGET)
    {
        return Ok(());
    }
    let mut add = Command::new("rustup");
    add.args(["target", "add", TARGET]);
    status(add).with_context(|| format!("could not install the Rust target {TARGET}"))
}
