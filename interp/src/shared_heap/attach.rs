//! Attaching a chain to an instance and detaching it (SHARED_HEAP.md section 4).

use chain::{AddressSpace, HitCache, SharedChain};

use super::SharedHeapError;
use super::access::forget_detached;
use super::state::Attachment;
use crate::error::Error;
use crate::instance::Instance;
use crate::store::{Store, StoreInner};

impl Instance {
    /// Attaches `chain` to this instance's memory 0 (SHARED_HEAP.md section 4): from now on,
    /// memory-0 accesses that miss linear memory reach the chain's heaps, and linear memory
    /// cannot grow past the chain's start. The same chain may be attached to any number of
    /// instances, in any stores, on any threads. The instance keeps a clone of the handle
    /// until it is detached or the store is dropped.
    ///
    /// Errors (kind [`ErrorKind::SharedHeap`](crate::ErrorKind::SharedHeap), reason in
    /// [`Error::shared_heap_error`]): [`SharedHeapError::NoMemory`],
    /// [`SharedHeapError::AlreadyAttached`], [`SharedHeapError::LinearMemoryOverlapsChain`],
    /// [`SharedHeapError::Layout`] (too large for memory32) and
    /// [`SharedHeapError::WasmRunning`] (called from a host function); a handle from another
    /// store is a usage error.
    pub fn attach_shared_heap<T>(
        &self,
        store: &mut Store<T>,
        chain: &SharedChain,
    ) -> Result<(), Error> {
        if self.store != store.inner.id {
            return Err(Error::foreign());
        }
        let inner = &mut store.inner;
        let memory = inner
            .instances
            .get(self.index as usize)
            .ok_or_else(Error::foreign)?
            .memories
            .first()
            .copied()
            .ok_or(SharedHeapError::NoMemory)?;
        if inner.shared_heaps.get(self.index).is_some() {
            return Err(SharedHeapError::AlreadyAttached.into());
        }
        if inner.nesting > 0 {
            return Err(SharedHeapError::WasmRunning.into());
        }
        let data = inner
            .memories
            .get(memory as usize)
            .ok_or_else(Error::foreign)?;
        let space = if data.memory64() {
            AddressSpace::Memory64
        } else {
            AddressSpace::Memory32
        };
        let start = chain.start(space).map_err(SharedHeapError::from)?;
        if data.len() > start {
            return Err(SharedHeapError::LinearMemoryOverlapsChain {
                linear_bytes: data.len(),
                chain_start: start,
            }
            .into());
        }
        // A shared memory may be grown by stores that know nothing of this chain: only a
        // maximum below the chain's start keeps it out of the chain.
        if data.is_shared() {
            let maximum_bytes = data.maximum_bytes().unwrap_or(u64::MAX);
            if maximum_bytes > start {
                return Err(SharedHeapError::SharedMemoryMayReachChain {
                    maximum_bytes,
                    chain_start: start,
                }
                .into());
            }
        }
        inner.shared_heaps.insert(
            self.index,
            Attachment {
                chain: chain.clone(),
                space,
                start,
                memory,
                cache: HitCache::new(),
            },
        );
        update_chain_limit(&mut store.inner, memory);
        Ok(())
    }

    /// Detaches this instance's chain, giving up its handle; a no-op when nothing is
    /// attached (or the handle belongs to another store). If wasm code of this store is
    /// running, it stops seeing the chain when the host function that detached returns.
    pub fn detach_shared_heap<T>(&self, store: &mut Store<T>) {
        if self.store != store.inner.id {
            return;
        }
        if let Some(attachment) = store.inner.shared_heaps.remove(self.index) {
            update_chain_limit(&mut store.inner, attachment.memory);
            forget_detached(store.inner.id, self.index);
        }
    }

    /// The chain attached to this instance, if any (a new handle to it).
    pub fn shared_heap<T>(&self, store: &Store<T>) -> Option<SharedChain> {
        self.attachment(store)
            .map(|attachment| attachment.chain.clone())
    }

    /// This instance's attachment, if the handle is this store's and a chain is attached.
    pub(crate) fn attachment<'s, T>(&self, store: &'s Store<T>) -> Option<&'s Attachment> {
        if self.store != store.inner.id {
            return None;
        }
        store.inner.shared_heaps.get(self.index)
    }
}

/// Makes store memory `memory` stop growing at the lowest start of the chains attached to
/// the instances using it (or not at all, without any).
fn update_chain_limit(inner: &mut StoreInner, memory: u32) {
    let limit = inner.shared_heaps.limit_for_memory(memory);
    if let Some(data) = inner.memories.get_mut(memory as usize) {
        data.chain_limit = limit;
    }
}
