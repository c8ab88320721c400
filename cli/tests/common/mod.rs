//! Runs the built `shheap` binary and checks the shape of what it prints.
#![allow(dead_code)] // Each test file uses its own part of these helpers.

// Shared with the WASI crate's tests: the same apps and expected text.
#[path = "../../../wasi/tests/common/app_paths.rs"]
pub mod app_paths;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The outcome of one `shheap` run.
pub struct Run {
    /// Exit status (`None` if killed by a signal).
    pub status: Option<i32>,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Self {
        Run {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout's lines.
    pub fn ok_lines(&self) -> Vec<&str> {
        assert_eq!(self.status, Some(0), "stderr: {}", self.stderr);
        assert_eq!(self.stderr, "", "a successful run prints nothing on stderr");
        self.stdout.lines().collect()
    }

    /// Asserts the shape of a trap (exit status 134 = 128 + SIGABRT, as wasmtime's CLI;
    /// one `error:` line) and returns the message after `error: `.
    pub fn trap_message(&self) -> &str {
        self.failure_message(134)
    }

    /// Asserts the failure shape every error has (exit status 1, exactly one stderr line
    /// starting `error:`, nothing on stdout) and returns the message after `error: `.
    pub fn error_message(&self) -> &str {
        self.failure_message(1)
    }

    /// The failure shape with exit status `status`.
    pub fn failure_message(&self, status: i32) -> &str {
        assert_eq!(
            self.status,
            Some(status),
            "stdout: {} stderr: {}",
            self.stdout,
            self.stderr
        );
        assert_eq!(self.stdout, "", "a failed run prints nothing on stdout");
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line on stderr: {:?}",
            self.stderr
        );
        assert!(self.stderr.ends_with('\n'));
        self.stderr
            .strip_prefix("error: ")
            .unwrap_or_else(|| panic!("stderr starts with `error: `: {:?}", self.stderr))
            .trim_end()
    }
}

/// Runs `shheap` with `args` (stdin empty) in the directory of the test fixtures.
pub fn shheap(args: &[&str]) -> Run {
    shheap_with_stdin(args, &[])
}

/// Runs `shheap` with `args`, feeding `input` on stdin.
pub fn shheap_with_stdin(args: &[&str], input: &[u8]) -> Run {
    shheap_full(args, input, &[])
}

/// Runs `shheap` with `args`, `input` on stdin, and only `host_env` in its environment.
pub fn shheap_full(args: &[&str], input: &[u8], host_env: &[(&str, &str)]) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shheap"))
        .args(args)
        .current_dir(fixtures())
        .env_clear()
        .envs(host_env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the shheap binary starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A module that never reads closes the pipe early; that is not a failure of the test.
    let _ = stdin.write_all(input);
    drop(stdin);
    Run::from_output(child.wait_with_output().expect("shheap runs to the end"))
}

/// The directory holding the test's .wat modules.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wat")
}

/// The directory holding the committed C WASI apps and their .wasm.
pub fn wasi_apps() -> PathBuf {
    app_paths::c_wasi_apps()
}
