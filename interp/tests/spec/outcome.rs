//! What running a directive, and a whole file, came to.

use std::collections::BTreeMap;

/// The result of one directive.
pub enum Outcome {
    /// It did what the script asked.
    Passed,
    /// It failed as the script asked (an error was expected and came), but the error's
    /// message does not mention the script's expected text. Counted as passed; reported
    /// apart, as information.
    PassedWithOtherMessage(String),
    /// It did not do what the script asked; says how.
    Failed(String),
    /// It was not run; the skip list's reason.
    Skipped(&'static str),
}

/// One directive that did not pass (or passed with another message), located in its file.
pub struct Finding {
    /// 1-based line of the directive in the `.wast` file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The directive's kind, e.g. `assert_return`.
    pub kind: &'static str,
    /// Expected versus got.
    pub detail: String,
}

/// How many findings of each sort a file report keeps in full (the counts are always exact).
pub const KEPT_FINDINGS: usize = 20;

/// Everything one file came to.
#[derive(Default)]
pub struct FileReport {
    /// The file's label, e.g. `wasm-v2/i32.wast`.
    pub label: String,
    /// Directives that passed (including those with another error message).
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Directives skipped.
    pub skipped: usize,
    /// Skip counts by reason.
    pub skip_reasons: BTreeMap<&'static str, usize>,
    /// The first failures, in file order.
    pub failures: Vec<Finding>,
    /// How many expected errors came with another message.
    pub other_messages: usize,
    /// The first of those, in file order.
    pub other_message_examples: Vec<Finding>,
    /// Wall time the file took, in milliseconds.
    pub millis: u128,
}

impl FileReport {
    /// An empty report for the file `label`.
    pub fn new(label: &str) -> FileReport {
        FileReport {
            label: label.to_string(),
            ..FileReport::default()
        }
    }

    /// Counts one directive's outcome; `locate` builds the finding only when one is kept.
    pub fn record(&mut self, outcome: Outcome, locate: impl FnOnce(String) -> Finding) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::PassedWithOtherMessage(detail) => {
                self.passed += 1;
                self.other_messages += 1;
                if self.other_message_examples.len() < KEPT_FINDINGS {
                    self.other_message_examples.push(locate(detail));
                }
            }
            Outcome::Failed(detail) => {
                self.failed += 1;
                if self.failures.len() < KEPT_FINDINGS {
                    self.failures.push(locate(detail));
                }
            }
            Outcome::Skipped(reason) => self.skip(reason, 1),
        }
    }

    /// Counts `count` directives skipped for `reason`.
    pub fn skip(&mut self, reason: &'static str, count: usize) {
        self.skipped += count;
        *self.skip_reasons.entry(reason).or_default() += count;
    }
}
