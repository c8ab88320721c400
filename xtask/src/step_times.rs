//! How long each command of a run took, so that a slow `cargo xtask test` (CI allows it
//! about 30 minutes on 2 cores) shows which steps to look at first.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The commands run so far in this process, with their wall-clock times, in order.
static STEPS: Mutex<Vec<(String, Duration)>> = Mutex::new(Vec::new());

/// Times one command: create it right before the command starts, call [`StepTimer::finish`]
/// when it has ended (successfully or not).
pub struct StepTimer {
    what: String,
    started: Instant,
}

impl StepTimer {
    /// Starts timing the command described by `what`.
    pub fn start(what: String) -> StepTimer {
        StepTimer {
            what,
            started: Instant::now(),
        }
    }

    /// Records the command's time and prints it under the command's output.
    pub fn finish(self) {
        let took = self.started.elapsed();
        println!("<== {} ({})", human(took), shorten(&self.what));
        if let Ok(mut steps) = STEPS.lock() {
            steps.push((self.what, took));
        }
    }
}

/// Prints the `count` slowest commands of the run and the time of all of them together.
pub fn print_slowest(count: usize) {
    let Ok(steps) = STEPS.lock() else {
        return;
    };
    let total: Duration = steps.iter().map(|(_, took)| *took).sum();
    let mut slowest: Vec<&(String, Duration)> = steps.iter().collect();
    slowest.sort_by_key(|step| std::cmp::Reverse(step.1));
    println!(
        "\n{} commands took {} in all; the slowest:",
        steps.len(),
        human(total)
    );
    for (what, took) in slowest.into_iter().take(count) {
        println!("  {:>9}  {}", human(*took), shorten(what));
    }
}

/// `95.2 s` under two minutes, `12 min 5 s` above.
fn human(took: Duration) -> String {
    let seconds = took.as_secs_f64();
    if seconds < 120.0 {
        format!("{seconds:.1} s")
    } else {
        let whole = took.as_secs();
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

/// The command without the environment assignments `describe` puts in front (they are the
/// same for most steps) and with its program's name for its path, cut to one line's length.
fn shorten(what: &str) -> String {
    let mut words = what
        .split(' ')
        .skip_while(|word| word.contains('=') && !word.starts_with('-'));
    let program = words.next().unwrap_or_default();
    let program = program.rsplit('/').next().unwrap_or(program);
    let command: Vec<&str> = std::iter::once(program).chain(words).collect();
    let command = command.join(" ");
    const MAX: usize = 110;
    if command.chars().count() <= MAX {
        command
    } else {
        let cut: String = command.chars().take(MAX).collect();
        format!("{cut}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_seconds_then_minutes() {
        assert_eq!(human(Duration::from_millis(95_240)), "95.2 s");
        assert_eq!(human(Duration::from_secs(725)), "12 min 5 s");
    }

    #[test]
    fn environment_assignments_are_left_out_and_long_commands_cut() {
        assert_eq!(
            shorten("CARGO_PROFILE_RELEASE_LTO=false SPEC=eager /x/bin/cargo test --dir=/a/b"),
            "cargo test --dir=/a/b"
        );
        let long = format!("cargo {}", "x".repeat(200));
        let short = shorten(&long);
        assert!(
            short.ends_with("...") && short.chars().count() == 113,
            "{short}"
        );
    }
}
