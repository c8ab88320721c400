//! The pre-allocated backend: a region the user hands in, with no allocator over it.

use core::ptr::NonNull;

use heap_core::{HeapBackend, HeapError, HeapSize, PreAllocated};

/// A heap over memory the user provides: one area for data exchange whose layout the host and
/// the app agree on. No allocator runs over it, so it has no metadata to protect.
///
/// The safe constructors take ownership of a buffer (`Box<[u8]>`, `Vec<u8>`) or borrow a
/// `&'static mut [u8]` for ever, so the memory cannot be freed while the heap lives; the
/// raw-pointer constructor is `unsafe` and puts that duty on the caller. An owned buffer is
/// held as a raw pointer (not as a `Box`) from construction on, because wasm code writes its
/// bytes through [`HeapBackend::base`] and a `Box` would claim unique access to them.
///
/// The size must be a non-zero multiple of 4096 bytes; [`HeapBackend::reset`] zeroes it.
#[derive(Debug)]
pub struct PreAllocatedHeap {
    base: NonNull<u8>,
    size: HeapSize,
    /// Whether `[base, base + size)` is a leaked `Box<[u8]>` this heap must give back or free.
    owned: bool,
}

// SAFETY: the heap only holds a pointer to memory that stays valid for the heap's whole life
// (an owned buffer, a `'static` borrow, or memory the `from_raw_parts` caller vouched for,
// including for use from any thread). It never forms references to the bytes, and accesses
// through `base()` are raw-pointer accesses whose coordination between threads is the
// app's and host's job (SHARED_HEAP.md section 7). Freeing an owned buffer on another thread
// is fine: `Box<[u8]>` is `Send`.
unsafe impl Send for PreAllocatedHeap {}
// SAFETY: `&PreAllocatedHeap` exposes only the base pointer and the size, both immutable;
// the one mutation of the bytes through the heap, `reset`, needs `&mut self`.
unsafe impl Sync for PreAllocatedHeap {}

impl PreAllocatedHeap {
    /// Makes a heap of an owned buffer; [`PreAllocatedHeap::into_boxed`] gives it back.
    ///
    /// # Errors
    /// [`HeapError::ZeroSize`] for an empty buffer and [`HeapError::NotGranular`] when its
    /// length is not a multiple of 4096; the buffer is dropped.
    pub fn from_boxed(buf: Box<[u8]>) -> Result<Self, HeapError> {
        let size = HeapSize::exact(buf.len())?;
        let base = NonNull::from(Box::leak(buf)).cast::<u8>();
        Ok(Self {
            base,
            size,
            owned: true,
        })
    }

    /// Makes a heap of an owned vector's contents (its spare capacity is released first).
    ///
    /// # Errors
    /// As [`PreAllocatedHeap::from_boxed`].
    pub fn from_vec(buf: Vec<u8>) -> Result<Self, HeapError> {
        HeapSize::exact(buf.len())?;
        Self::from_boxed(buf.into_boxed_slice())
    }

    /// Makes a heap of a buffer that lives for the rest of the program (a `static`, or a
    /// leaked allocation). The heap never frees it.
    ///
    /// # Errors
    /// As [`PreAllocatedHeap::from_boxed`].
    pub fn from_static(buf: &'static mut [u8]) -> Result<Self, HeapError> {
        let size = HeapSize::exact(buf.len())?;
        Ok(Self {
            base: NonNull::from(buf).cast::<u8>(),
            size,
            owned: false,
        })
    }

    /// Makes a heap of `len` bytes at `ptr`, memory from elsewhere (a device, an `mmap`, a
    /// foreign allocator). The heap never frees it.
    ///
    /// # Safety
    /// From this call until the heap is dropped (or consumed by `into_boxed`):
    /// - `[ptr, ptr + len)` must be one allocation, valid for reads and writes, and stay so;
    ///   in particular nothing may free, unmap or shrink it;
    /// - the bytes may be read and written through the heap's base pointer from any thread
    ///   (so not, for example, another thread's stack), and no Rust reference (`&`/`&mut`)
    ///   to them may be used, because the heap's users write them through raw pointers;
    /// - `len` must not exceed `isize::MAX`.
    ///
    /// Dropping the heap leaves the memory to the caller.
    ///
    /// # Errors
    /// [`HeapError::ZeroSize`] for `len == 0` and [`HeapError::NotGranular`] when `len` is not
    /// a multiple of 4096.
    pub unsafe fn from_raw_parts(ptr: NonNull<u8>, len: usize) -> Result<Self, HeapError> {
        let size = HeapSize::exact(len)?;
        Ok(Self {
            base: ptr,
            size,
            owned: false,
        })
    }

    /// Ends the heap and gives its buffer back if the heap owned it (made by `from_boxed` or
    /// `from_vec`); `None` for a `'static` or raw region, which stays the caller's.
    pub fn into_boxed(self) -> Option<Box<[u8]>> {
        let this = core::mem::ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped, so the buffer is reclaimed here exactly once.
        unsafe { this.reclaim() }
    }

    /// Turns an owned buffer back into its `Box`.
    ///
    /// # Safety
    /// Must be called at most once per heap, and the heap's pointer must not be used after.
    unsafe fn reclaim(&self) -> Option<Box<[u8]>> {
        if !self.owned {
            return None;
        }
        let slice = core::ptr::slice_from_raw_parts_mut(self.base.as_ptr(), self.size.get());
        // SAFETY: `owned` means `base`/`size` are exactly what `Box::leak` produced for a
        // `Box<[u8]>`, and the caller guarantees this happens once.
        Some(unsafe { Box::from_raw(slice) })
    }
}

impl Drop for PreAllocatedHeap {
    fn drop(&mut self) {
        // SAFETY: drop runs once and nothing uses the heap afterwards; `into_boxed` skips drop.
        drop(unsafe { self.reclaim() });
    }
}

impl HeapBackend for PreAllocatedHeap {
    type Kind = PreAllocated;

    fn base(&self) -> NonNull<u8> {
        self.base
    }

    fn size(&self) -> usize {
        self.size.get()
    }

    fn reset(&mut self) {
        // SAFETY: `[base, base + size)` is valid for writes for the heap's life (constructor
        // contracts) and `&mut self` excludes every other use through this heap; the write is
        // raw and forms no reference.
        unsafe { self.base.as_ptr().write_bytes(0, self.size.get()) };
    }
}
