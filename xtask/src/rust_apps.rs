//! The Rust groups of `cargo xtask build-apps`: each folder of [`GROUPS`] is a cargo workspace
//! of its own, built for its target with its committed lockfile; each crate's `.wasm` is
//! committed beside its `Cargo.toml` (`apps/<group>/<name>/<name>.wasm`). `apps/rust` holds
//! the benchmark programs (`wasm32-unknown-unknown`), `apps/rust-wasi` the WASI test commands
//! (`wasm32-wasip1`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{cargo_command, status, workspace_root};

/// One workspace of Rust apps.
struct Group {
    /// Its folder under `apps/`.
    folder: &'static str,
    /// The target its programs are built for.
    target: &'static str,
    /// Members that are no program (built natively only), left out of the wasm build.
    native_only: &'static [&'static str],
}

/// Every Rust group: the benchmark programs (their `answers` crate checks them natively) and
/// the WASI test commands.
const GROUPS: &[Group] = &[
    Group {
        folder: "rust",
        target: "wasm32-unknown-unknown",
        native_only: &["answers"],
    },
    Group {
        folder: "rust-wasi",
        target: "wasm32-wasip1",
        native_only: &[],
    },
];

/// Builds every Rust app of every group. Without `check`, copies each `.wasm` beside its
/// crate; with it, compares and pushes each committed `.wasm` that differs onto `stale`.
/// Returns how many apps it built.
pub fn build(check: bool, stale: &mut Vec<PathBuf>) -> Result<usize> {
    let mut built = 0;
    for group in GROUPS {
        built += build_group(group, check, stale)?;
    }
    Ok(built)
}

/// Builds the apps of one group (see [`build`]).
fn build_group(group: &Group, check: bool, stale: &mut Vec<PathBuf>) -> Result<usize> {
    ensure_target(group.target)?;
    let apps = workspace_root().join("apps").join(group.folder);
    let target_dir = workspace_root()
        .join("target")
        .join(format!("apps-{}", group.folder));
    let mut args = vec![
        "build",
        "--release",
        "--locked",
        "--target",
        group.target,
        "--workspace",
    ];
    for name in group.native_only {
        args.extend(["--exclude", name]);
    }
    let mut cargo = cargo_command(&args);
    cargo
        .current_dir(&apps)
        .env("CARGO_TARGET_DIR", &target_dir)
        // The panic locations in the modules hold source paths: make them the same on every
        // machine, wherever the checkout and cargo's registry are, so that the bytes are too.
        .env("RUSTFLAGS", remap_flags(&apps, group.folder))
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    status(cargo)?;
    let artifacts = target_dir.join(group.target).join("release");
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

/// `RUSTFLAGS` that map the checkout's `apps/<folder>` and cargo's registry sources to fixed
/// paths.
fn remap_flags(apps: &Path, folder: &str) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    format!(
        "--remap-path-prefix={}=/apps/{folder} --remap-path-prefix={}=/cargo-registry",
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
fn ensure_target(target: &str) -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("could not run rustup to list the installed targets")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|line| line.trim() == target)
    {
        return Ok(());
    }
    let mut add = Command::new("rustup");
    add.args(["target", "add", target]);
    status(add).with_context(|| format!("could not install the Rust target {target}"))
}
