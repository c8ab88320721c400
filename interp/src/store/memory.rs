//! A linear memory's bytes and type.

use crate::types::{MemoryType, PAGE_SIZE, max_pages};

/// A linear memory: a zero-initialized, growable byte region.
///
/// The executor reads and writes it only through raw pointers (`base()`), refreshed after
/// anything that can grow it.
pub(crate) struct MemoryData {
    /// Type with `minimum` = current size in pages.
    pub ty: MemoryType,
    bytes: Vec<u8>,
    /// Where an attached shared-heap chain begins: growth stops there (the lowest start of
    /// the chains attached to instances using this memory; `u64::MAX` when none).
    #[cfg(feature = "shared-heap")]
    pub chain_limit: u64,
}

impl MemoryData {
    /// A memory of `ty.minimum` pages, or `None` if that exceeds `max_bytes` or cannot be
    /// allocated.
    pub(crate) fn new(ty: MemoryType, max_bytes: u64) -> Option<MemoryData> {
        let len = ty.minimum.checked_mul(PAGE_SIZE)?;
        if ty.minimum > max_pages(ty.memory64) || len > max_bytes {
            return None;
        }
        let bytes = zeroed_bytes(usize::try_from(len).ok()?)?;
        Some(MemoryData {
            ty,
            bytes,
            #[cfg(feature = "shared-heap")]
            chain_limit: u64::MAX,
        })
    }

    /// Current size in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    /// Pointer to byte 0 (valid for `len()` bytes until the next growth).
    pub(crate) fn base(&mut self) -> *mut u8 {
        self.bytes.as_mut_ptr()
    }

    /// The bytes, for host access (linear memory is never shared between threads).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, mutably, for host access.
    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }

    /// Grows by `delta` pages, returning the old size in pages, or `None` (wasm's -1) if the
    /// result would exceed the maximum, `max_bytes` or `limit_bytes` (the chain's start), or
    /// cannot be allocated.
    pub(crate) fn grow(&mut self, delta: u64, max_bytes: u64, limit_bytes: u64) -> Option<u64> {
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
        #[cfg(feature = "shared-heap")]
        let limit_bytes = limit_bytes.min(self.chain_limit);
        if new_len > max_bytes || new_len > limit_bytes {
            return None;
        }
        let new_len = usize::try_from(new_len).ok()?;
        let extra = new_len - self.bytes.len();
        self.bytes.try_reserve_exact(extra).ok()?;
        self.bytes.resize(new_len, 0);
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
    let layout = std::alloc::Layout::array::<u8>(len).ok()?;
    // SAFETY: `layout` has a non-zero size (len > 0).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` was allocated by the global allocator with the layout of `[u8; len]`,
    // and all `len` bytes are initialized (to zero); the Vec takes ownership.
    Some(unsafe { Vec::from_raw_parts(ptr, len, len) })
}
