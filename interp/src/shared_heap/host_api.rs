//! The host's view of an instance's app memory: linear memory plus the attached chain
//! (SHARED_HEAP.md section 6).
//!
//! Every range must lie entirely inside linear memory or entirely inside one heap, exactly
//! as for the app's own accesses. Heap bytes are copied with raw-pointer operations only:
//! another thread's wasm code may be writing them.

use core::ptr::NonNull;

use chain::{HeapStats, Layout};

use super::SharedHeapError;
use crate::error::Error;
use crate::instance::Instance;
use crate::store::{MemoryData, Store};

/// Where an app range lives.
pub(super) enum Place {
    /// In linear memory, starting this many bytes in.
    Linear(usize),
    /// In a shared heap, starting at this native byte.
    Heap(NonNull<u8>),
}

impl Instance {
    /// Memory 0 of this instance, if the handle is this store's and the instance has one.
    pub(super) fn memory_zero<'s, T>(&self, store: &'s Store<T>) -> Option<&'s MemoryData> {
        if self.store != store.inner.id {
            return None;
        }
        let &memory = store
            .inner
            .instances
            .get(self.index as usize)?
            .memories
            .first()?;
        store.inner.memories.get(memory as usize)
    }

    /// Where the `len` bytes at app address `addr` live, if all in linear memory or all in
    /// one heap of the attached chain.
    pub(super) fn locate<T>(&self, store: &Store<T>, addr: u64, len: u64) -> Option<Place> {
        let linear = self.memory_zero(store)?;
        // A range ending exactly at 2^64 overflows u64 but is valid: it can only be the tail of
        // a memory64 chain, so an overflowing end skips linear memory and asks the chain.
        if addr.checked_add(len).is_some_and(|end| end <= linear.len()) {
            return usize::try_from(addr).ok().map(Place::Linear);
        }
        let attachment = self.attachment(store)?;
        attachment
            .chain
            .translate(attachment.space, addr, len)
            .map(Place::Heap)
    }

    /// Allocates `size` bytes from the managed heap of the attached chain: the block's app
    /// address (the same in every instance sharing the chain) and its native pointer, which
    /// may be read and written only with raw-pointer operations while the chain is alive.
    /// `None` without a chain, without a managed heap, or without room.
    pub fn shared_heap_malloc<T>(&self, store: &Store<T>, size: u64) -> Option<(u64, NonNull<u8>)> {
        let attachment = self.attachment(store)?;
        attachment.chain.malloc(attachment.space, size)
    }

    /// Frees the block starting at app address `app_addr`. Anything else (no chain, not the
    /// start of a live block, a pre-allocated heap, linear memory) changes nothing and is an
    /// error of kind [`ErrorKind::SharedHeap`](crate::ErrorKind::SharedHeap)
    /// ([`SharedHeapError::NotAttached`] or [`SharedHeapError::Free`]).
    pub fn shared_heap_free<T>(&self, store: &Store<T>, app_addr: u64) -> Result<(), Error> {
        let attachment = self.attachment(store).ok_or(SharedHeapError::NotAttached)?;
        attachment
            .chain
            .free(attachment.space, app_addr)
            .map_err(|e| SharedHeapError::Free(e).into())
    }

    /// The attached chain's layout in this instance's address space: its start, and each
    /// member's range, kind and size. `None` without a chain.
    pub fn shared_heap_layout<T>(&self, store: &Store<T>) -> Option<Layout> {
        let attachment = self.attachment(store)?;
        attachment.chain.layout(attachment.space).ok()
    }

    /// The statistics of the attached chain's managed heap (bytes in use and free, live
    /// blocks, largest free block, invalid frees). `None` without a chain or managed heap.
    pub fn shared_heap_stats<T>(&self, store: &Store<T>) -> Option<HeapStats> {
        self.attachment(store)?.chain.stats()
    }

    /// Whether the app may access the `len` bytes at app address `addr`: they lie entirely
    /// inside linear memory or entirely inside one heap of the attached chain.
    pub fn validate_app_range<T>(&self, store: &Store<T>, addr: u64, len: u64) -> bool {
        self.locate(store, addr, len).is_some()
    }

    /// The native pointer for the `len` bytes at app address `addr`, if the range is valid
    /// (see [`Instance::validate_app_range`]).
    ///
    /// Using the pointer is the caller's responsibility (`unsafe`): bytes in linear memory
    /// stay at that address only until the memory grows; heap bytes stay while the chain is
    /// alive and may be written by other threads' wasm code at any time, so access them with
    /// raw-pointer reads and writes, never through `&[u8]`.
    pub fn app_to_native<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        len: u64,
    ) -> Option<NonNull<u8>> {
        match self.locate(store, addr, len)? {
            Place::Heap(ptr) => Some(ptr),
            Place::Linear(offset) => {
                let &memory = store
                    .inner
                    .instances
                    .get(self.index as usize)?
                    .memories
                    .first()?;
                let data = store.inner.memories.get_mut(memory as usize)?;
                // `locate` checked `offset + len <= data.len()`; `wrapping_add` keeps this
                // free of `unsafe`, and the result stays within the allocation.
                NonNull::new(data.base().wrapping_add(offset))
            }
        }
    }

    /// The app address of the native byte `ptr` points at, if it belongs to this instance's
    /// linear memory or to a heap of its attached chain.
    pub fn native_to_app<T>(&self, store: &Store<T>, ptr: *const u8) -> Option<u64> {
        if let Some(linear) = self.memory_zero(store) {
            let base = linear.base_addr();
            if let Some(offset) = ptr.addr().checked_sub(base)
                && (offset as u64) < linear.len()
            {
                return Some(offset as u64);
            }
        }
        let attachment = self.attachment(store)?;
        attachment.chain.app_address(attachment.space, ptr)
    }

    /// The length (without the NUL) of the NUL-terminated string at app address `addr`, if
    /// a NUL comes before the end of the region (linear memory or one heap) holding `addr`.
    ///
    /// Errors with [`SharedHeapError::NotACString`]. Another thread may change heap bytes
    /// afterwards; to use the text, copy it with [`Instance::read_app_c_str`].
    pub fn validate_app_c_str<T>(&self, store: &Store<T>, addr: u64) -> Result<u64, Error> {
        let not_a_string = || Error::from(SharedHeapError::NotACString { addr });
        match self.locate(store, addr, 1).ok_or_else(not_a_string)? {
            Place::Linear(offset) => {
                let linear = self.memory_zero(store).ok_or_else(not_a_string)?;
                linear.c_str_len(offset as u64).ok_or_else(not_a_string)
            }
            Place::Heap(_) => {
                let attachment = self.attachment(store).ok_or_else(not_a_string)?;
                let (_, len) = attachment
                    .chain
                    .c_str_at(attachment.space, addr)
                    .ok_or_else(not_a_string)?;
                Ok(len as u64)
            }
        }
    }

    /// A copy of the NUL-terminated string at app address `addr`, without the NUL (see
    /// [`Instance::validate_app_c_str`] for the rules and the error).
    pub fn read_app_c_str<T>(&self, store: &Store<T>, addr: u64) -> Result<Vec<u8>, Error> {
        let len = self.validate_app_c_str(store, addr)?;
        let len = usize::try_from(len).map_err(|_| SharedHeapError::NotACString { addr })?;
        let mut text = vec![0; len];
        self.read_app_memory(store, addr, &mut text)?;
        Ok(text)
    }

    /// Copies the `buf.len()` bytes at app address `addr` (all in linear memory or all in
    /// one heap) into `buf`. Errors with [`SharedHeapError::OutOfBounds`], reading nothing.
    pub fn read_app_memory<T>(
        &self,
        store: &Store<T>,
        addr: u64,
        buf: &mut [u8],
    ) -> Result<(), Error> {
        let len = buf.len() as u64;
        let out_of_bounds = || Error::from(SharedHeapError::OutOfBounds { addr, len });
        match self.locate(store, addr, len).ok_or_else(out_of_bounds)? {
            Place::Linear(offset) => {
                let linear = self.memory_zero(store).ok_or_else(out_of_bounds)?;
                if !linear.read(offset as u64, buf) {
                    return Err(out_of_bounds());
                }
            }
            // SAFETY: `translate` vouched for `buf.len()` bytes at `src` inside one heap of a
            // chain the instance keeps alive (the store is borrowed). A raw copy, no
            // reference to the heap bytes; `buf` is host memory, so the two cannot overlap.
            Place::Heap(src) => unsafe {
                core::ptr::copy_nonoverlapping(src.as_ptr(), buf.as_mut_ptr(), buf.len());
            },
        }
        Ok(())
    }

    /// Copies `data` to app address `addr` (all in linear memory or all in one heap).
    /// Errors with [`SharedHeapError::OutOfBounds`], writing nothing.
    pub fn write_app_memory<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        data: &[u8],
    ) -> Result<(), Error> {
        let len = data.len() as u64;
        let out_of_bounds = || Error::from(SharedHeapError::OutOfBounds { addr, len });
        match self.locate(store, addr, len).ok_or_else(out_of_bounds)? {
            Place::Linear(offset) => {
                let &memory = store
                    .inner
                    .instances
                    .get(self.index as usize)
                    .and_then(|instance| instance.memories.first())
                    .ok_or_else(out_of_bounds)?;
                let linear = store
                    .inner
                    .memories
                    .get_mut(memory as usize)
                    .ok_or_else(out_of_bounds)?;
                if !linear.write(offset as u64, data) {
                    return Err(out_of_bounds());
                }
            }
            // SAFETY: `translate` vouched for `data.len()` bytes at `dst` inside one heap of a
            // chain the instance keeps alive. A raw copy, no reference to the heap bytes;
            // `data` is host memory, so the two cannot overlap.
            Place::Heap(dst) => unsafe {
                core::ptr::copy_nonoverlapping(data.as_ptr(), dst.as_ptr(), data.len());
            },
        }
        Ok(())
    }
}
