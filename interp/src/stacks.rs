//! The stacks a call into wasm runs on: the value stack (every active frame's slots) and
//! the frame stack (suspended callers).
//!
//! The executor owns them while it runs: a call from the host takes the store's pair out,
//! lends it to the run, and puts it back afterwards, so a nested call (from a host function
//! the run called) finds none there and starts a pair of its own. The store only keeps a
//! pair between calls so that calls do not allocate. This module depends on nothing else
//! in the crate, so both the store and the executor can name it.

/// A suspended caller frame.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    /// Where the caller resumes (an exposed instruction pointer).
    pub ret_ip: usize,
    /// The caller's frame offset in the value stack.
    pub fp_off: usize,
    /// The caller's instance.
    pub inst: u32,
}

/// The value and frame stacks of one call from the host into wasm.
#[derive(Debug, Default)]
pub(crate) struct Stacks {
    /// The value stack; frame `f` starts at `values[f.fp_off]`.
    pub values: Vec<u64>,
    /// Suspended callers.
    pub frames: Vec<Frame>,
}
