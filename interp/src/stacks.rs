//! The stacks a call into wasm runs on: the value stack (every active frame's slots) and
//! the frame stack (suspended callers).
//!
//! The executor owns them while it runs: a call from the host takes the store's pair out,
//! lends it to the run, and puts it back afterwards, so a nested call (from a host function
//! the run called) finds none there and starts a pair of its own. The store only keeps a
//! pair between calls so that calls do not allocate. This module depends on nothing else
//! in the crate, so both the store and the executor can name it.

/// A suspended caller frame.
///
/// Its frame pointer is an address, not an offset, so a return restores it with one load;
/// the executor rebases the records of a run whenever the value stack moves (it grows only
/// on the general call path). Most calls stay in one instance, so the fast call path
/// writes only the first two fields: the caller's instance is written, and bit 0 of
/// `ret_ip` set ([`Frame::OTHER_INSTANCE`]), only when the callee runs in another instance.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    /// Where the caller resumes (an exposed instruction pointer), with bit 0 set when the
    /// caller runs in another instance than the frame above it (instructions are aligned,
    /// so the bit is free).
    pub ret_ip: usize,
    /// The caller's frame pointer (an exposed address in the value stack).
    pub fp: usize,
    /// The caller's instance: written only with [`Frame::OTHER_INSTANCE`].
    pub inst: core::mem::MaybeUninit<u32>,
}

impl Frame {
    /// The bit of [`Frame::ret_ip`] that says the caller runs in another instance
    /// ([`Frame::inst`]).
    pub const OTHER_INSTANCE: usize = 1;

    /// The instance of [`Frame::RUN_ENTRY`]: no instance has this index.
    pub const NO_INSTANCE: u32 = u32::MAX;

    /// The record a run pushes below its entry function's frame, so that a return finds a
    /// record whichever frame returns: flagged as a caller in another instance (the rare
    /// path the return takes anyway), with [`Frame::NO_INSTANCE`] there, which ends the run.
    pub const RUN_ENTRY: Frame = Frame {
        ret_ip: Frame::OTHER_INSTANCE,
        fp: 0,
        inst: core::mem::MaybeUninit::new(Frame::NO_INSTANCE),
    };
}

/// The value and frame stacks of one call from the host into wasm.
#[derive(Debug, Default)]
pub(crate) struct Stacks {
    /// The value stack; frame `f` starts at address `f.fp` in it.
    pub values: Vec<u64>,
    /// Suspended callers.
    pub frames: Vec<Frame>,
}
