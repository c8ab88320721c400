//! Shared heaps in the engine (SHARED_HEAP.md sections 4 to 8): attaching a
//! [`chain::SharedChain`] to an instance, the executor's chain-following accessor, the
//! host API on [`Instance`](crate::Instance), and the `env.shared_heap_*` imports.
//!
//! Only with the `shared-heap` feature (on by default). Without it the crate does not
//! depend on `chain` and the executor has only its no-chain path.

mod access;
mod attach;
mod checked_args;
mod error;
mod host_api;
mod host_atomics;
mod host_functions;
mod state;
mod window;

pub(crate) use access::{call_with_chains, last_hit_windows};
pub use checked_args::{AppRange, AppRange64, AppStr, AppStr64};
pub use error::SharedHeapError;
pub use host_atomics::AtomicRmwOp;
pub(crate) use state::StoreHeaps;
pub(crate) use window::HeapWindows;

use crate::error::{Error, ErrorKind};

impl From<SharedHeapError> for Error {
    #[cold]
    fn from(e: SharedHeapError) -> Error {
        Error::with_source(ErrorKind::SharedHeap, e)
    }
}

impl Error {
    /// The typed reason, for errors of kind [`ErrorKind::SharedHeap`].
    pub fn shared_heap_error(&self) -> Option<&SharedHeapError> {
        std::error::Error::source(self)?.downcast_ref()
    }
}
