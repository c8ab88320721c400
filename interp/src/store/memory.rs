//! A linear memory's bytes and type.

use core::ptr::NonNull;

use crate::engine::Engine;
use crate::error::Error;
use crate::shared_memory::SharedMemory;
use crate::types::{MemoryType, PAGE_SIZE, max_pages};

/// A linear memory: a zero-initialized, growable byte region, owned by one store or shared
/// with other stores and threads.
///
/// The executor reads and writes it only through raw pointers (`base()`), refreshed after
/// anything that can grow it (a shared memory's base never changes; see
/// [`crate::SharedMemory`] for its length).
pub(crate) struct MemoryData {
    /// Type with `minimum` = current size in pages, for an owned memory; the declared type
    /// for a shared one (read the current one with [`MemoryData::ty`]).
    ty: MemoryType,
    bytes: Bytes,
    /// Where an attached shared-heap chain begins: growth stops there (the lowest start of
    /// the chains attached to instances using this memory; `u64::MAX` when none).
    #[cfg(feature = "shared-heap")]
    pub chain_limit: u64,
}

/// Where a memory's bytes live.
enum Bytes {
    /// This store's own; reallocated (so moved) by growth.
    Owned(Vec<u8>),
    /// A shared memory's reservation: never moves.
    Shared(SharedMemory),
}

impl MemoryData {
    /// A memory of `ty.minimum` pages, or `None` if that exceeds `max_bytes` or cannot be
    /// allocated. A `shared` type gets shared bytes (see [`MemoryData::shared`]).
    pub(crate) fn new(
        engine: &Engine,
        ty: MemoryType,
        max_bytes: u64,
    ) -> Result<Option<MemoryData>, Error> {
        let Some(len) = ty.minimum.checked_mul(PAGE_SIZE) else {
            return Ok(None);
        };
        if ty.minimum > max_pages(ty.memory64) || len > max_bytes {
            return Ok(None);
        }
        let bytes = if ty.shared {
            Bytes::Shared(SharedMemory::new(engine, ty)?)
        } else {
            let Some(bytes) = usize::try_from(len).ok().and_then(zeroed_bytes) else {
                return Ok(None);
            };
            Bytes::Owned(bytes)
        };
        Ok(Some(MemoryData::with_bytes(ty, bytes)))
    }

    /// This store's view of the shared memory `memory`.
    pub(crate) fn from_shared(memory: SharedMemory) -> MemoryData {
        MemoryData::with_bytes(memory.bytes.ty(), Bytes::Shared(memory))
    }

    fn with_bytes(ty: MemoryType, bytes: Bytes) -> MemoryData {
        MemoryData {
            ty,
            bytes,
            #[cfg(feature = "shared-heap")]
            chain_limit: u64::MAX,
        }
    }

    /// The type, with `minimum` = the current size in pages.
    pub(crate) fn ty(&self) -> MemoryType {
        match &self.bytes {
            Bytes::Owned(_) => self.ty,
            Bytes::Shared(shared) => shared.bytes.ty(),
        }
    }

    /// Whether addresses are 64-bit.
    pub(crate) fn memory64(&self) -> bool {
        self.ty.memory64
    }

    /// Whether the memory is declared `shared`.
    pub(crate) fn is_shared(&self) -> bool {
        self.ty.shared
    }

    /// The shared memory this is a view of, if it is one.
    pub(crate) fn shared(&self) -> Option<&SharedMemory> {
        match &self.bytes {
            Bytes::Owned(_) => None,
            Bytes::Shared(shared) => Some(shared),
        }
    }

    #[cfg(feature = "shared-heap")]
    /// The declared maximum size in bytes (`None`: none, or beyond `u64`).
    pub(crate) fn maximum_bytes(&self) -> Option<u64> {
        self.ty.maximum?.checked_mul(PAGE_SIZE)
    }

    /// Current size in bytes.
    #[inline]
    pub(crate) fn len(&self) -> u64 {
        match &self.bytes {
            Bytes::Owned(bytes) => bytes.len() as u64,
            Bytes::Shared(shared) => shared.bytes.len(),
        }
    }

    /// Pointer to byte 0 (valid for `len()` bytes until the next growth of an owned memory).
    #[inline]
    pub(crate) fn base(&mut self) -> *mut u8 {
        match &mut self.bytes {
            Bytes::Owned(bytes) => bytes.as_mut_ptr(),
            Bytes::Shared(shared) => shared.bytes.base(),
        }
    }

    /// Pointer to byte 0 for reading only (no `&mut` needed).
    #[inline]
    fn read_base(&self) -> *const u8 {
        match &self.bytes {
            Bytes::Owned(bytes) => bytes.as_ptr(),
            Bytes::Shared(shared) => shared.bytes.base().cast_const(),
        }
    }

    #[cfg(feature = "shared-heap")]
    /// The address of byte 0 (to tell whether a native pointer points into the memory).
    pub(crate) fn base_addr(&self) -> usize {
        self.read_base().addr()
    }

    /// `offset` as a `usize`, if the `n` bytes there lie inside the memory now.
    fn in_bounds(&self, offset: u64, n: usize) -> Option<usize> {
        let end = offset.checked_add(n as u64)?;
        // `end <= len`, a `usize` (the bytes are allocated), so `offset` is one too.
        (end <= self.len()).then_some(offset as usize)
    }

    /// Copies the bytes at `offset` into `buf`; `false` (nothing read) if out of bounds.
    /// A raw copy: a shared memory's bytes may be written by other threads meanwhile.
    pub(crate) fn read(&self, offset: u64, buf: &mut [u8]) -> bool {
        let Some(offset) = self.in_bounds(offset, buf.len()) else {
            return false;
        };
        // SAFETY: `in_bounds` checked `buf.len()` bytes at `offset`; `buf` is host memory
        // apart from the memory's bytes. No reference to those bytes is formed.
        unsafe {
            let src = self.read_base().add(offset);
            core::ptr::copy_nonoverlapping(src, buf.as_mut_ptr(), buf.len());
        }
        true
    }

    /// Copies `data` to `offset`; `false` (nothing written) if out of bounds.
    pub(crate) fn write(&mut self, offset: u64, data: &[u8]) -> bool {
        let Some(offset) = self.in_bounds(offset, data.len()) else {
            return false;
        };
        // SAFETY: as in `read`, the other way round.
        unsafe {
            let dst = self.base().add(offset);
            core::ptr::copy_nonoverlapping(data.as_ptr(), dst, data.len());
        }
        true
    }

    #[cfg(feature = "shared-heap")]
    /// The length of the NUL-terminated string at `offset` (without the NUL), if a NUL comes
    /// before the end of the memory. Reads byte by byte through a raw pointer.
    pub(crate) fn c_str_len(&self, offset: u64) -> Option<u64> {
        let base = self.read_base();
        (offset..self.len())
            // SAFETY: `at < len`: a byte of the memory.
            .position(|at| unsafe { base.add(at as usize).read() } == 0)
            .map(|n| n as u64)
    }

    /// Grows by `delta` pages, returning the old size in pages, or `None` (wasm's -1) if the
    /// result would exceed the maximum, `max_bytes` or `limit_bytes` (the chain's start), or
    /// cannot be allocated.
    pub(crate) fn grow(&mut self, delta: u64, max_bytes: u64, limit_bytes: u64) -> Option<u64> {
        #[cfg(feature = "shared-heap")]
        let limit_bytes = limit_bytes.min(self.chain_limit);
        let bytes = match &mut self.bytes {
            Bytes::Owned(bytes) => bytes,
            Bytes::Shared(shared) => return shared.bytes.grow(delta, max_bytes, limit_bytes),
        };
        let old = self.ty.minimum;
        let new = old.checked_add(delta)?;
        let max = self
            .ty
            .maximum
            .unwrap_or(u64::MAX)
            .min(max_pages(self.ty.memory64));
        if new > max {
            return None;
        }
        let new_len = new.checked_mul(PAGE_SIZE)?;
        if new_len > max_bytes || new_len > limit_bytes {
            return None;
        }
        let new_len = usize::try_from(new_len).ok()?;
        let extra = new_len - bytes.len();
        bytes.try_reserve_exact(extra).ok()?;
        bytes.resize(new_len, 0);
        self.ty.minimum = new;
        Some(old)
    }
}

/// `len` zero bytes, or `None` if the allocation fails. Zeroed by the allocator (for large
/// sizes: fresh pages from the OS), so untouched pages of a big memory cost no RAM.
fn zeroed_bytes(len: usize) -> Option<Vec<u8>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let ptr = alloc_zeroed_bytes(len)?;
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[u8; len]`,
    // and all `len` bytes are initialized (to zero); the Vec takes ownership.
    Some(unsafe { Vec::from_raw_parts(ptr.as_ptr(), len, len) })
}

/// An allocation of `len` (> 0) zero bytes with the layout of `[u8; len]`, or `None` if the
/// allocation fails; the caller owns it.
pub(crate) fn alloc_zeroed_bytes(len: usize) -> Option<NonNull<u8>> {
    debug_assert!(len > 0, "a zero-sized allocation");
    let layout = std::alloc::Layout::array::<u8>(len).ok()?;
    if layout.size() == 0 {
        return None;
    }
    // SAFETY: `layout` has a non-zero size (checked).
    NonNull::new(unsafe { std::alloc::alloc_zeroed(layout) })
}
