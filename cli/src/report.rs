//! How the runner's outcome reaches the user: help and usage errors from clap, one
//! `error:` line for every failure, and the exit status.

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;

/// The exit status of every failure the runner itself reports.
const FAILURE: u8 = 1;

/// `--help` and `--version` print in full; a usage error becomes one `error:` line.
pub fn usage_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        // Clap prints these itself (to stdout for help and version, to stderr when a
        // subcommand is missing, which is a failure).
        return match error.print() {
            Ok(()) if error.exit_code() == 0 => ExitCode::SUCCESS,
            _ => ExitCode::from(FAILURE),
        };
    }
    // Clap's message starts with "error: " and goes on with tips and usage after a blank
    // line; keep the first paragraph.
    let rendered = error.render().to_string();
    let first_paragraph = rendered
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim_start_matches("error:");
    fail(&format!(
        "{} (see `shheap run --help`)",
        first_paragraph.trim()
    ))
}

/// Reports a failure of the run: the error and its causes on one line.
pub fn run_error(error: &anyhow::Error) -> ExitCode {
    let code = fail(&describe(error));
    match error.downcast_ref::<crate::run::StatusError>() {
        Some(failure) => ExitCode::from(failure.status.to_le_bytes()[0]),
        None => code,
    }
}

/// Exits with the module's status, keeping its low 8 bits as a process status does.
pub fn exit_status(status: i32) -> ExitCode {
    // Nothing useful is left to do if stdout is gone by now.
    let _ = std::io::stdout().flush();
    ExitCode::from(status.to_le_bytes()[0])
}

/// The error and its causes, outermost first, joined with ": ". A cause whose text the
/// previous one already contains (errors that display their source transparently) is
/// skipped, so nothing is said twice.
fn describe(error: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !parts
            .last()
            .is_some_and(|previous| previous.contains(&text))
        {
            parts.push(text);
        }
    }
    parts.join(": ")
}

/// Prints `error: <message>` as one line on stderr and returns the failure status.
fn fail(message: &str) -> ExitCode {
    // Multi-line messages (a .wat parse error with a source excerpt, clap's lists of
    // missing arguments) become one line.
    let one_line = message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    // Nothing useful is left to do if stderr itself is gone.
    let _ = writeln!(std::io::stderr(), "error: {one_line}");
    ExitCode::from(FAILURE)
}
