//! The lines a sample prints, kept so that tests can check them.

use std::sync::{Arc, Mutex, PoisonError};

/// Prints each line to stdout and keeps a copy. Cloning shares the same record, so host
/// functions on several threads can write to one log.
#[derive(Debug, Clone, Default)]
pub struct Log {
    lines: Arc<Mutex<Vec<String>>>,
}

impl Log {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Prints `line` and records it.
    pub fn line(&self, line: impl Into<String>) {
        let line = line.into();
        println!("{line}");
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    /// Every line recorded so far, in order.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}
