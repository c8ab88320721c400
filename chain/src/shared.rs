//! The handle instances hold while a chain is attached.

use core::ops::Deref;
use std::sync::Arc;

use crate::Chain;

/// A cloneable, thread-safe handle to a chain that instances are attached to.
///
/// Attaching takes a `SharedChain`; every instance holds a clone. Through it only the
/// operations that are safe while wasm code runs are reachable (translation, layout,
/// `malloc`, `free`, statistics: everything on `&Chain`). Resetting, unchaining and
/// re-chaining need the owned [`Chain`], which [`SharedChain::try_unwrap`] gives back only
/// when no other handle is left. So chaining or unchaining an attached heap is impossible by
/// construction, where WAMR checks it at run time.
#[derive(Debug, Clone)]
pub struct SharedChain(Arc<Chain>);

impl Chain {
    /// Turns the chain into a handle to attach to instances.
    pub fn into_shared(self) -> SharedChain {
        SharedChain(Arc::new(self))
    }
}

impl SharedChain {
    /// The chain back, if `handle` is the only handle left (every instance has detached);
    /// otherwise the handle, unchanged.
    pub fn try_unwrap(handle: Self) -> Result<Chain, Self> {
        Arc::try_unwrap(handle.0).map_err(Self)
    }

    /// How many handles to this chain exist, this one included.
    pub fn handle_count(handle: &Self) -> usize {
        Arc::strong_count(&handle.0)
    }

    /// Whether two handles name the same chain.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl Deref for SharedChain {
    type Target = Chain;

    fn deref(&self) -> &Chain {
        &self.0
    }
}
