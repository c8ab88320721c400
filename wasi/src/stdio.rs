//! Where descriptors 0, 1 and 2 lead: the host's own streams, in-memory buffers a test can
//! inspect, or nothing.

use std::io::{self, IsTerminal, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// A buffer that captures what the module writes to stdout or stderr. Clones share the
/// bytes: keep one, give the other to the builder, read it after the run.
#[derive(Debug, Clone, Default)]
pub struct OutputBuffer(Arc<Mutex<Vec<u8>>>);

impl OutputBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn append(&self, bytes: &[u8]) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
    }
}

/// What the module's stdin reads.
#[derive(Debug)]
pub(crate) enum Input {
    /// The host process's stdin.
    Inherit,
    /// These bytes, then end of file.
    Bytes { data: Vec<u8>, at: usize },
}

impl Input {
    /// Reads at most `max` bytes (one host read): fewer means only that many were ready.
    pub fn read(&mut self, max: usize) -> io::Result<Vec<u8>> {
        match self {
            Input::Inherit => {
                let mut data = vec![0; max];
                let got = loop {
                    match io::stdin().lock().read(&mut data) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other?,
                    }
                };
                data.truncate(got);
                Ok(data)
            }
            Input::Bytes { data, at } => {
                let rest = data.get(*at..).unwrap_or_default();
                let take = rest.len().min(max);
                let chunk = rest[..take].to_vec();
                *at += take;
                Ok(chunk)
            }
        }
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self, Input::Inherit) && io::stdin().is_terminal()
    }
}

/// Which host stream an inherited output writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostStream {
    Stdout,
    Stderr,
}

/// Where stdout or stderr goes.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    /// The host process's stream.
    Inherit(HostStream),
    /// An in-memory buffer.
    Capture(OutputBuffer),
    /// Nowhere: writes succeed and are dropped.
    Discard,
}

impl Output {
    /// Writes all of `bytes`, flushed: the module may end with `proc_exit` at any time.
    pub fn write(&self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::Inherit(HostStream::Stdout) => {
                let mut out = io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Output::Inherit(HostStream::Stderr) => {
                let mut out = io::stderr().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Output::Capture(buffer) => {
                buffer.append(bytes);
                Ok(())
            }
            Output::Discard => Ok(()),
        }
    }

    pub fn is_terminal(&self) -> bool {
        match self {
            Output::Inherit(HostStream::Stdout) => io::stdout().is_terminal(),
            Output::Inherit(HostStream::Stderr) => io::stderr().is_terminal(),
            _ => false,
        }
    }
}
