//! Adds up the test counts that test runs print, for one closing line over the whole run.

/// Passed/failed/ignored counts gathered from `cargo test` result lines and from the spec
/// harness's closing `N passed, M failed` line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Tally {
    /// Reads one line of test output and counts it if it is a result line.
    pub fn read_line(&mut self, line: &str) {
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            // "ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            for part in rest.split(';') {
                self.add_count(part);
            }
        } else if is_plain_closing_line(line) {
            for part in line.split(',') {
                self.add_count(part);
            }
        }
    }

    fn add_count(&mut self, part: &str) {
        let mut words = part.split_whitespace().rev();
        let (Some(label), Some(number)) = (words.next(), words.next()) else {
            return;
        };
        let number = number
            .trim_start_matches("ok.")
            .trim_start_matches("FAILED.");
        let Ok(count) = number.parse::<u64>() else {
            return;
        };
        match label {
            "passed" => self.passed += count,
            "failed" => self.failed += count,
            "ignored" | "skipped" => self.skipped += count,
            _ => {}
        }
    }
}

/// The spec harness ends with exactly `N passed, M failed` (optionally `, K skipped`).
fn is_plain_closing_line(line: &str) -> bool {
    let parts: Vec<&str> = line.trim().split(", ").collect();
    let shape = ["passed", "failed", "skipped"];
    (parts.len() == 2 || parts.len() == 3)
        && parts.iter().zip(shape).all(|(part, label)| {
            let mut words = part.split(' ');
            matches!(
                (words.next(), words.next(), words.next()),
                (Some(n), Some(l), None) if l == label && n.parse::<u64>().is_ok()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_result_lines() {
        let mut tally = Tally::default();
        tally.read_line("test result: ok. 12 passed; 0 failed; 3 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        tally.read_line(
            "test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        assert_eq!(
            tally,
            Tally {
                passed: 13,
                failed: 2,
                skipped: 3
            }
        );
    }

    #[test]
    fn counts_the_spec_closing_line_only() {
        let mut tally = Tally::default();
        tally.read_line("20000 passed, 0 failed, 12 skipped");
        tally.read_line("i32.wast: 10 passed, 0 failed, 0 skipped");
        tally.read_line("ok, so 5 passed");
        assert_eq!(
            tally,
            Tally {
                passed: 20000,
                failed: 0,
                skipped: 12
            }
        );
    }
}
