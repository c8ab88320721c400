//! A zeroed, lazily committed mapping of host memory: the storage of every managed heap and
//! of the private shadow its allocator keeps its free lists in.

use core::ptr::NonNull;

use heap_core::{GRANULARITY, HeapError};

/// A private anonymous mapping of `len` bytes whose first byte is aligned to `align`.
///
/// Pages are committed only when first touched, so a 1 GiB heap costs address space, not
/// resident memory, until it is used. The mapping reads as zeros when created and after
/// [`MappedRegion::zero`]. Bytes are only ever reached through raw pointers: no reference to
/// them is formed here, because wasm code on other threads may be writing them.
pub(crate) struct MappedRegion {
    /// What the host returned; freed on drop. May start before `base` to make room for alignment.
    mapping: NonNull<u8>,
    /// The length of `mapping` in bytes.
    mapping_len: usize,
    /// The first byte handed out, aligned as asked.
    base: NonNull<u8>,
    /// The length in bytes of `[base, base + len)`.
    len: usize,
    /// The alignment the mapping was asked for with (the non-unix path frees with it).
    align: usize,
}

// SAFETY: a `MappedRegion` exclusively owns its mapping (nothing else unmaps it) and never
// forms references to its bytes, so moving it to another thread or sharing it is sound: every
// access to the bytes goes through raw pointers whose synchronisation is the caller's job.
unsafe impl Send for MappedRegion {}
// SAFETY: see `Send` above; `&MappedRegion` only exposes the base pointer and the length.
unsafe impl Sync for MappedRegion {}

impl MappedRegion {
    /// Maps `len` zeroed bytes (a non-zero multiple of [`GRANULARITY`]) whose base is a multiple
    /// of `align` (a power of two). An alignment beyond the page size costs `align` extra bytes
    /// of address space, never of resident memory.
    pub(crate) fn new(len: usize, align: usize) -> Result<Self, HeapError> {
        if len == 0 {
            return Err(HeapError::ZeroSize);
        }
        let align = align.max(GRANULARITY);
        // Every host returns mappings aligned to at least 4096 bytes, so slack is only needed
        // for larger alignments.
        let slack = if align > GRANULARITY { align } else { 0 };
        let mapping_len = len
            .checked_add(slack)
            .filter(|&total| total <= isize::MAX as usize)
            .ok_or(HeapError::TooLarge { size: len })?;
        let mapping =
            map_zeroed(mapping_len, align).ok_or(HeapError::OutOfHostMemory { size: len })?;
        let start = mapping.as_ptr().addr();
        let Some(aligned) = start.checked_next_multiple_of(align) else {
            unmap(mapping, mapping_len, align);
            return Err(HeapError::TooLarge { size: len });
        };
        // SAFETY: `aligned - start < align <= slack` when slack is non-zero, and 0 otherwise, so
        // `base + len` stays inside the `mapping_len = len + slack` bytes just mapped.
        let base = unsafe { mapping.add(aligned - start) };
        Ok(Self {
            mapping,
            mapping_len,
            base,
            len,
            align,
        })
    }

    /// The first byte of the region.
    pub(crate) fn base(&self) -> NonNull<u8> {
        self.base
    }

    /// Returns every byte of the region to zero. On Linux the pages are handed back to the
    /// kernel (`MADV_DONTNEED`: private anonymous pages read back as zero), so zeroing a large,
    /// mostly untouched region costs neither time nor resident memory.
    pub(crate) fn zero(&mut self) {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            // SAFETY: `[base, base + len)` lies inside our own private anonymous mapping and
            // `base` is page-aligned (it is the mapping's start, or a multiple of an alignment
            // larger than the page). `&mut self` means no allocator state points into it that
            // could be invalidated behind our back.
            let rc =
                unsafe { libc::madvise(self.base.as_ptr().cast(), self.len, libc::MADV_DONTNEED) };
            if rc == 0 {
                return;
            }
        }
        // SAFETY: `[base, base + len)` is mapped, writable and owned by `self`; raw writes form
        // no reference to the bytes.
        unsafe { self.base.as_ptr().write_bytes(0, self.len) };
    }
}

impl MappedRegion {
    /// Hands the whole pages inside `[start, end)` back to the host: they read as zeros
    /// afterwards and cost no resident memory until written again. Only an optimisation: where
    /// the host cannot do it cheaply, nothing happens (the bytes keep their values).
    #[cfg(feature = "linked-list")]
    pub(crate) fn discard(&self, start: usize, end: usize) {
        let first = start.next_multiple_of(GRANULARITY);
        let last = end.min(self.len) / GRANULARITY * GRANULARITY;
        if last <= first {
            return;
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            // SAFETY: `[first, last)` is a page-aligned range inside our own private anonymous
            // mapping (`base` is page-aligned and `last <= len`). The caller guarantees that
            // nothing it still needs is stored there, so replacing the pages by zeros is fine.
            let _ = unsafe {
                libc::madvise(
                    self.base.as_ptr().add(first).cast(),
                    last - first,
                    libc::MADV_DONTNEED,
                )
            };
        }
    }
}

impl Drop for MappedRegion {
    fn drop(&mut self) {
        unmap(self.mapping, self.mapping_len, self.align);
    }
}

/// Asks the host for `len` zeroed, lazily committed bytes.
#[cfg(unix)]
fn map_zeroed(len: usize, _align: usize) -> Option<NonNull<u8>> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    const NO_RESERVE: libc::c_int = libc::MAP_NORESERVE;
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    const NO_RESERVE: libc::c_int = 0;
    // SAFETY: an anonymous mapping with no address hint and no file touches no existing memory;
    // the kernel picks a fresh range or reports failure.
    let raw = unsafe {
        libc::mmap(
            core::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | NO_RESERVE,
            -1,
            0,
        )
    };
    if raw == libc::MAP_FAILED {
        return None;
    }
    NonNull::new(raw.cast())
}

/// Gives a mapping made by [`map_zeroed`] back to the host.
#[cfg(unix)]
fn unmap(mapping: NonNull<u8>, len: usize, _align: usize) {
    // SAFETY: `mapping` and `len` are exactly what `mmap` returned and was asked for, and the
    // owner is being dropped, so no pointer into the mapping is used afterwards. A failure
    // leaves the mapping in place (a leak, not unsoundness), so the result is ignored.
    let _ = unsafe { libc::munmap(mapping.as_ptr().cast(), len) };
}

/// Asks the global allocator for `len` zeroed bytes where no `mmap` exists.
#[cfg(not(unix))]
fn map_zeroed(len: usize, align: usize) -> Option<NonNull<u8>> {
    let layout = std::alloc::Layout::from_size_align(len, align).ok()?;
    // SAFETY: `layout` has a non-zero size (callers reject 0).
    NonNull::new(unsafe { std::alloc::alloc_zeroed(layout) })
}

/// Frees memory from the non-unix [`map_zeroed`].
#[cfg(not(unix))]
fn unmap(mapping: NonNull<u8>, len: usize, align: usize) {
    if let Ok(layout) = std::alloc::Layout::from_size_align(len, align) {
        // SAFETY: `mapping` came from `alloc_zeroed` with this same layout.
        unsafe { std::alloc::dealloc(mapping.as_ptr(), layout) };
    }
}
