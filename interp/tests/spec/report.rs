//! What the run prints, and the failure summary file the engine's author reads.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::outcome::{FileReport, Finding};

/// Failure details printed per file on stdout and written per file to the summary file.
const DETAILS_PER_FILE: usize = 5;
/// Longest detail printed, in bytes; engine messages can embed large debug dumps.
const DETAIL_MAX_BYTES: usize = 400;

/// Sums over all files.
#[derive(Default)]
pub struct Totals {
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Directives skipped.
    pub skipped: usize,
    /// Passed directives whose expected error came with another message.
    pub other_messages: usize,
    /// Skips by reason.
    pub skip_reasons: BTreeMap<&'static str, usize>,
}

impl Totals {
    /// Adds up `reports`.
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut totals = Totals::default();
        for report in reports {
            totals.passed += report.passed;
            totals.failed += report.failed;
            totals.skipped += report.skipped;
            totals.other_messages += report.other_messages;
            for (reason, count) in &report.skip_reasons {
                *totals.skip_reasons.entry(reason).or_default() += count;
            }
        }
        totals
    }

    /// The closing line CI reads: exactly `N passed, M failed`, plus `, K skipped` if any.
    pub fn closing_line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            let _ = write!(line, ", {} skipped", self.skipped);
        }
        line
    }
}

/// Prints one line per file with its first failures, then the skip reasons, then the closing
/// line (always last).
pub fn print_run(reports: &[FileReport], totals: &Totals, elapsed: Duration) {
    for report in reports {
        println!(
            "{}: {} passed, {} failed, {} skipped",
            report.label, report.passed, report.failed, report.skipped
        );
        for finding in report.failures.iter().take(DETAILS_PER_FILE) {
            println!("    FAIL {}", describe_finding(&report.label, finding));
        }
        if report.failed > DETAILS_PER_FILE {
            println!("    ... and {} more", report.failed - DETAILS_PER_FILE);
        }
    }
    for (reason, count) in &totals.skip_reasons {
        println!("skipped {count} directive(s): {reason}");
    }
    if totals.other_messages > 0 {
        println!(
            "info: {} expected error(s) came with a message other than the script's \
             (not failures; see the full report)",
            totals.other_messages
        );
    }
    let mut slowest: Vec<&FileReport> = reports.iter().collect();
    slowest.sort_by_key(|report| std::cmp::Reverse(report.millis));
    let slowest: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|report| format!("{} {} ms", report.label, report.millis))
        .collect();
    println!(
        "spec suite took {:.1} s; slowest files: {}",
        elapsed.as_secs_f64(),
        slowest.join(", ")
    );
    println!("{}", totals.closing_line());
}

/// The summary file: when the run was, the totals, and per failing file its count and first
/// failures; then the other-message information.
pub fn failures_markdown(
    reports: &[FileReport],
    totals: &Totals,
    elapsed: Duration,
    stall: Option<&str>,
) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# Spec-test failures\n");
    let _ = writeln!(
        text,
        "Run at {} ({:.1} s; `cargo test --release -p shheap-interp --test spec`).\n",
        utc_now(),
        elapsed.as_secs_f64()
    );
    let _ = writeln!(text, "Totals: {}.\n", totals.closing_line());
    if let Some(stall) = stall {
        let _ = writeln!(text, "**The run stopped early:** {stall}.\n");
    }
    let failing: Vec<&FileReport> = reports.iter().filter(|report| report.failed > 0).collect();
    if failing.is_empty() {
        let _ = writeln!(text, "No failures.\n");
    }
    for report in failing {
        let _ = writeln!(
            text,
            "## {}: {} failed ({} passed, {} skipped)\n",
            report.label, report.failed, report.passed, report.skipped
        );
        for finding in report.failures.iter().take(DETAILS_PER_FILE) {
            let _ = writeln!(text, "- {}", describe_finding(&report.label, finding));
        }
        if report.failed > DETAILS_PER_FILE {
            let _ = writeln!(text, "- ... and {} more", report.failed - DETAILS_PER_FILE);
        }
        let _ = writeln!(text);
    }
    if !totals.skip_reasons.is_empty() {
        let _ = writeln!(text, "## Skipped (out-of-scope proposals)\n");
        for (reason, count) in &totals.skip_reasons {
            let _ = writeln!(text, "- {count}: {reason}");
        }
        let _ = writeln!(text);
    }
    if totals.other_messages > 0 {
        let _ = writeln!(
            text,
            "## Expected errors with another message (information, not failures)\n"
        );
        for report in reports.iter().filter(|report| report.other_messages > 0) {
            let first = report
                .other_message_examples
                .first()
                .map(|finding| describe_finding(&report.label, finding))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "- {}: {}; first: {first}",
                report.label, report.other_messages
            );
        }
    }
    text
}

fn describe_finding(label: &str, finding: &Finding) -> String {
    format!(
        "{label}:{}:{} {}: {}",
        finding.line,
        finding.column,
        finding.kind,
        shorten(&finding.detail)
    )
}

/// `detail` on one line, cut to [`DETAIL_MAX_BYTES`] at a character boundary.
fn shorten(detail: &str) -> String {
    let one_line = detail.replace('\n', " ");
    if one_line.len() <= DETAIL_MAX_BYTES {
        return one_line;
    }
    let mut end = DETAIL_MAX_BYTES;
    while !one_line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &one_line[..end])
}

/// The current time as `YYYY-MM-DD HH:MM:SS UTC`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (days, in_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_date(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01, counting in 400-year eras (146 097
/// days each) whose years start on March 1st, so the leap day falls at the end of a year.
fn civil_date(days: u64) -> (u64, u64, u64) {
    let shifted = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + u64::from(month <= 2);
    (year, month, day)
}
