//! Running commands: each is printed before it runs, and a failure stops everything.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::step_times::StepTimer;
use crate::tally::Tally;

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A `cargo` command with the toolchain that runs xtask, in the workspace root.
pub fn cargo_command(args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(workspace_root());
    command
}

/// Runs `cargo ARGS` and fails if it fails.
pub fn cargo(args: &[&str]) -> Result<()> {
    status(cargo_command(args))
}

/// Runs a command, echoing it first, and fails if it exits non-zero.
pub fn status(mut command: Command) -> Result<()> {
    announce(&command);
    let timer = StepTimer::start(describe(&command));
    let status = command
        .status()
        .with_context(|| format!("could not start {}", describe(&command)))?;
    timer.finish();
    if !status.success() {
        bail!("{} failed with {status}", describe(&command));
    }
    Ok(())
}

/// Runs a test command, streaming its output, and adds the counts it reports to `tally`.
pub fn counted(mut command: Command, tally: &mut Tally) -> Result<()> {
    announce(&command);
    let timer = StepTimer::start(describe(&command));
    command.stdout(Stdio::piped());
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start {}", describe(&command)))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.context("could not read the test output")?;
            println!("{line}");
            tally.read_line(&line);
        }
    }
    let status = child.wait().context("could not wait for the test run")?;
    timer.finish();
    if !status.success() {
        bail!("{} failed with {status}", describe(&command));
    }
    Ok(())
}

fn announce(command: &Command) {
    println!("\n==> {}", describe(command));
}

fn describe(command: &Command) -> String {
    let mut text = String::new();
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            text.push_str(&format!(
                "{}={} ",
                key.to_string_lossy(),
                value.to_string_lossy()
            ));
        }
    }
    text.push_str(&command.get_program().to_string_lossy());
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
