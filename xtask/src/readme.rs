//! Runs the commands README.md shows, so that the README cannot rot.
//!
//! Every line starting with `$ ` inside a fenced ```` ```console ```` block is a command. Each
//! runs through `sh -c` in the workspace root, except `cargo xtask test` itself (that is the
//! run in progress).

use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{status, workspace_root};

/// The command that is running right now; running it again would recurse.
const SELF_COMMAND: &str = "cargo xtask test";

/// Runs every README command but [`SELF_COMMAND`].
pub fn run_commands() -> Result<()> {
    let path = workspace_root().join("README.md");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    for command in console_commands(&text) {
        if command == SELF_COMMAND {
            continue;
        }
        let mut shell = Command::new("sh");
        shell.args(["-c", command]).current_dir(workspace_root());
        // The commands run as part of the test run, which builds without the release
        // profile's LTO (`crate::test::TEST_RELEASE_PROFILE`); the same settings here reuse
        // those builds.
        shell.envs(crate::test::TEST_RELEASE_PROFILE);
        status(shell).with_context(|| format!("the README command `{command}` failed"))?;
    }
    Ok(())
}

/// The `$ `-prefixed lines of the ```` ```console ```` blocks, in order.
fn console_commands(markdown: &str) -> Vec<&str> {
    let mut commands = Vec::new();
    let mut in_console_block = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_console_block = !in_console_block && info.trim() == "console";
            continue;
        }
        if in_console_block && let Some(command) = trimmed.strip_prefix("$ ") {
            commands.push(command.trim());
        }
    }
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_console_commands() {
        let markdown = "text\n```console\n$ cargo run\noutput\n$ cargo xtask test\n```\n\
                        ```sh\n$ not this\n```\n```console\n$ echo hi\n```\n";
        assert_eq!(
            console_commands(markdown),
            ["cargo run", "cargo xtask test", "echo hi"]
        );
    }
}
