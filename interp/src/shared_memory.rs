//! [`SharedMemory`]: a linear memory declared `shared` (threads proposal) that instances in
//! several stores, on several threads, use at once.
//!
//! Why it is shaped so: the executor keeps memory 0's base and length in registers and
//! refreshes them only after calls and `memory.grow`. Another thread may grow a shared memory
//! at any moment, so its bytes must never move: the declared maximum (shared memories must
//! have one) is reserved when the memory is made, zeroed by the allocator (untouched pages
//! cost no RAM), and growing only raises the length. A length a running thread holds is
//! therefore never too large, only possibly too small; the executor rechecks an access it
//! would trap against the current length first (`exec::shared_growth`), so a grow made by
//! another thread is seen as soon as that thread synchronises with it.
//!
//! The bytes are written by several threads' wasm code at once: no `&[u8]` is ever formed
//! over them; every access is a raw-pointer read or write, or an atomic one.

use std::fmt;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::types::{MemoryType, PAGE_SIZE, max_pages};

/// A handle to a shared linear memory, usable from any number of stores and threads.
///
/// Make one with [`SharedMemory::new`] and give it to instances through
/// [`Linker::define_shared_memory`](crate::Linker::define_shared_memory) or
/// [`Memory::from_shared`](crate::Memory::from_shared); or take the one a module defines with
/// [`Instance::get_shared_memory`](crate::Instance::get_shared_memory). Clones are handles to
/// the same memory, which lives until the last handle and the last store using it are gone.
///
/// ```
/// use interp::{Engine, Linker, MemoryType, Module, SharedMemory, Store};
///
/// let engine = Engine::default();
/// let ty = MemoryType { minimum: 1, maximum: Some(4), memory64: false, shared: true };
/// let memory = SharedMemory::new(&engine, ty)?;
/// let module = Module::from_wat(&engine, r#"(module
///     (memory (import "env" "memory") 1 4 shared)
///     (func (export "add") (param i32) (result i32)
///         (i32.atomic.rmw.add (i32.const 0) (local.get 0))))"#)?;
/// let workers: Vec<_> = (0..4)
///     .map(|_| {
///         let (engine, memory, module) = (engine.clone(), memory.clone(), module.clone());
///         std::thread::spawn(move || -> Result<(), interp::Error> {
///             let mut store = Store::new(&engine, ());
///             let mut linker = Linker::new(&engine);
///             linker.define_shared_memory("env", "memory", &memory)?;
///             let add = linker
///                 .instantiate(&mut store, &module)?
///                 .get_typed_func::<i32, i32>(&store, "add")?;
///             for _ in 0..1000 {
///                 add.call(&mut store, 1)?;
///             }
///             Ok(())
///         })
///     })
///     .collect();
/// for worker in workers {
///     worker.join().unwrap()?;
/// }
/// let mut total = [0u8; 4];
/// memory.read(0, &mut total)?;
/// assert_eq!(u32::from_le_bytes(total), 4000);
/// # Ok::<(), interp::Error>(())
/// ```
#[derive(Clone)]
pub struct SharedMemory {
    pub(crate) bytes: Arc<SharedBytes>,
}

/// The memory itself, behind the handles.
pub(crate) struct SharedBytes {
    /// The engine it was made for (stores of other engines refuse it).
    engine: Engine,
    /// The declared type (`minimum` is the initial size).
    ty: MemoryType,
    /// Byte 0 of the reservation, which holds the maximum size and never moves.
    base: NonNull<u8>,
    /// The reservation's size in bytes (the maximum size); 0 when nothing was allocated.
    reserved: usize,
    /// The current size in bytes; only grows.
    len: AtomicU64,
    /// Held while growing, so two growths cannot both pass the maximum check.
    growing: Mutex<()>,
}

// SAFETY: `base` points at an allocation owned by this value and freed only in its `Drop`;
// every access to the bytes through it is a raw-pointer or atomic access, which any thread
// may make (races between wasm threads are wasm's business, as the threads proposal says).
unsafe impl Send for SharedBytes {}
// SAFETY: as above; the length is atomic and growth is serialised by `growing`.
unsafe impl Sync for SharedBytes {}

impl Drop for SharedBytes {
    fn drop(&mut self) {
        if self.reserved > 0 {
            let layout = std::alloc::Layout::array::<u8>(self.reserved)
                .expect("the layout was valid when the reservation was made");
            // SAFETY: `base` was allocated in `SharedBytes::reserve` with this layout, and
            // this is the last owner.
            unsafe { std::alloc::dealloc(self.base.as_ptr(), layout) };
        }
    }
}

impl SharedBytes {
    /// A shared memory of type `ty` (which has been checked to be shared with a maximum no
    /// larger than the index type allows), with its maximum reserved and its initial size
    /// accessible.
    fn reserve(engine: &Engine, ty: MemoryType) -> Result<SharedBytes, Error> {
        let maximum = ty.maximum.unwrap_or(ty.minimum);
        let cannot = || {
            Error::new(
                ErrorKind::Limit,
                format!(
                    "cannot reserve {maximum} pages of host memory for a shared memory (its \
                     bytes cannot move once threads use them, so its whole maximum is \
                     reserved up front): declare a smaller maximum"
                ),
            )
        };
        let reserved = maximum
            .checked_mul(PAGE_SIZE)
            .and_then(|bytes| usize::try_from(bytes).ok())
            .ok_or_else(cannot)?;
        let base = if reserved == 0 {
            NonNull::dangling()
        } else {
            crate::store::alloc_zeroed_bytes(reserved).ok_or_else(cannot)?
        };
        Ok(SharedBytes {
            engine: engine.clone(),
            ty,
            base,
            reserved,
            len: AtomicU64::new(ty.minimum * PAGE_SIZE),
            growing: Mutex::new(()),
        })
    }

    /// The current size in bytes. Acquire: bytes below it that another thread's growth made
    /// accessible are seen as that growth left them.
    #[inline]
    pub(crate) fn len(&self) -> u64 {
        self.len.load(Ordering::Acquire)
    }

    /// Byte 0; valid for the maximum size for as long as this value lives.
    #[inline]
    pub(crate) fn base(&self) -> *mut u8 {
        self.base.as_ptr()
    }

    /// The declared type with `minimum` = the current size in pages.
    pub(crate) fn ty(&self) -> MemoryType {
        MemoryType {
            minimum: self.len() / PAGE_SIZE,
            ..self.ty
        }
    }

    /// Grows by `delta` pages, returning the old size in pages, or `None` if the result would
    /// exceed the maximum, `max_bytes` (the growing store's limit) or `limit_bytes` (an
    /// attached chain's start).
    pub(crate) fn grow(&self, delta: u64, max_bytes: u64, limit_bytes: u64) -> Option<u64> {
        let _growing = self.growing.lock().unwrap_or_else(PoisonError::into_inner);
        let old = self.len() / PAGE_SIZE;
        let new = old.checked_add(delta)?;
        let new_len = new.checked_mul(PAGE_SIZE)?;
        if new_len > self.reserved as u64 || new_len > max_bytes || new_len > limit_bytes {
            return None;
        }
        // The new pages are zero already (the reservation was zeroed and nothing below
        // `len` could write them), so publishing the length is all growth does.
        self.len.store(new_len, Ordering::Release);
        Some(old)
    }
}

impl SharedMemory {
    /// A new shared memory of type `ty`, for stores of `engine`.
    ///
    /// `ty` must be `shared` and have a maximum (as the threads proposal requires); the whole
    /// maximum is reserved now, so that the bytes never move while threads use them (errors
    /// of kind [`ErrorKind::Limit`] if the host cannot reserve it).
    pub fn new(engine: &Engine, ty: MemoryType) -> Result<SharedMemory, Error> {
        check_shared_type(ty)?;
        Ok(SharedMemory {
            bytes: Arc::new(SharedBytes::reserve(engine, ty)?),
        })
    }

    /// Whether stores of `engine` may use this memory.
    pub(crate) fn is_for(&self, engine: &Engine) -> bool {
        self.bytes.engine.same(engine)
    }

    /// The type, with `minimum` = the current size in pages.
    pub fn ty(&self) -> MemoryType {
        self.bytes.ty()
    }

    /// The current size in pages.
    pub fn size(&self) -> u64 {
        self.bytes.len() / PAGE_SIZE
    }

    /// The current size in bytes.
    pub fn data_size(&self) -> u64 {
        self.bytes.len()
    }

    /// A pointer to byte 0. The bytes stay at this address for the memory's life, and the
    /// first [`SharedMemory::data_size`] of them are accessible; other threads' wasm code may
    /// write them at any time, so use raw-pointer or atomic accesses, never a `&[u8]`.
    pub fn data_ptr(&self) -> *mut u8 {
        self.bytes.base()
    }

    /// Grows by `delta_pages`, returning the old size in pages. Safe from any thread, while
    /// wasm code on other threads runs: the bytes do not move.
    pub fn grow(&self, delta_pages: u64) -> Result<u64, Error> {
        self.bytes
            .grow(delta_pages, u64::MAX, u64::MAX)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Limit,
                    format!(
                        "cannot grow the shared memory by {delta_pages} pages: its maximum is {} pages",
                        self.bytes.ty.maximum.unwrap_or(self.bytes.ty.minimum)
                    ),
                )
            })
    }

    /// The bytes `offset .. offset + n` as a pointer, if they are accessible now.
    fn range(&self, offset: u64, n: usize) -> Option<*mut u8> {
        let end = offset.checked_add(n as u64)?;
        // `end <= len <= reserved`, so `offset` fits a `usize` and the range lies in the
        // reservation; `wrapping_add` keeps this free of `unsafe`.
        (end <= self.bytes.len()).then(|| self.bytes.base().wrapping_add(offset as usize))
    }

    /// Copies the bytes at `offset` into `buf` (a plain copy: not atomic with respect to
    /// other threads' writes).
    pub fn read(&self, offset: u64, buf: &mut [u8]) -> Result<(), Error> {
        let src = self
            .range(offset, buf.len())
            .ok_or_else(|| Error::usage("shared memory read out of bounds"))?;
        // SAFETY: `range` checked `buf.len()` accessible bytes at `src`; `buf` is host memory
        // the wasm code cannot reach, so they do not overlap. A raw copy, no reference.
        unsafe { core::ptr::copy_nonoverlapping(src, buf.as_mut_ptr(), buf.len()) };
        Ok(())
    }

    /// Copies `data` to `offset` (a plain copy: not atomic with respect to other threads).
    pub fn write(&self, offset: u64, data: &[u8]) -> Result<(), Error> {
        let dst = self
            .range(offset, data.len())
            .ok_or_else(|| Error::usage("shared memory write out of bounds"))?;
        // SAFETY: as in `read`, the other way round.
        unsafe { core::ptr::copy_nonoverlapping(data.as_ptr(), dst, data.len()) };
        Ok(())
    }

    /// Wakes up to `count` threads waiting (`memory.atomic.wait32/64`) on the 4-byte-aligned
    /// address `offset`, from any store, oldest first; returns how many woke. Errors if
    /// `offset` is unaligned or out of bounds (as `memory.atomic.notify` would trap).
    pub fn atomic_notify(&self, offset: u64, count: u32) -> Result<u32, Error> {
        if !offset.is_multiple_of(4) {
            return Err(Error::usage(format!(
                "atomic notify at {offset:#x}: the address must be a multiple of 4"
            )));
        }
        let at = self
            .range(offset, 4)
            .ok_or_else(|| Error::usage("atomic notify out of bounds"))?;
        Ok(crate::atomics::parking::notify(at.addr(), count))
    }
}

impl fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedMemory")
            .field("ty", &self.ty())
            .field("base", &self.bytes.base)
            .finish()
    }
}

/// Refuses a type a shared memory cannot have.
fn check_shared_type(ty: MemoryType) -> Result<(), Error> {
    if !ty.shared {
        return Err(Error::usage(
            "a SharedMemory needs a type declared `shared`: use `Memory::new` for a memory of one store",
        ));
    }
    let Some(maximum) = ty.maximum else {
        return Err(Error::usage(
            "a shared memory must declare a maximum size (the threads proposal requires one)",
        ));
    };
    if maximum < ty.minimum {
        return Err(Error::usage("memory maximum is below its minimum"));
    }
    if maximum > max_pages(ty.memory64) {
        return Err(Error::usage(format!(
            "a memory maximum of {maximum} pages exceeds what its index type can address"
        )));
    }
    Ok(())
}
