//! Memory-0 access: one bounds check against the linear size on the fast path; the
//! shared-heap chain (`M`) is consulted only when that fails, on a cold path.

use super::dispatch::Ctx;
use super::shared_growth::grown_len;
use crate::TrapCode;
use crate::mem_access::MemoryAccess;

/// The linear memory as the handlers carry it (base and length, in registers).
#[derive(Clone, Copy)]
pub(super) struct MemView {
    pub base: *mut u8,
    pub len: u64,
}

impl MemView {
    /// A pointer to the `n` bytes at `addr + offset` if they lie in linear memory.
    #[inline(always)]
    pub fn linear_ptr(self, addr: u64, offset: u32, n: u64) -> Option<*mut u8> {
        self.linear_ptr_to(access_end(addr, offset, n), n)
    }

    /// A pointer to the `n` bytes ending at `end` (from [`access_end`]) if they lie in linear
    /// memory.
    #[inline(always)]
    pub fn linear_ptr_to(self, end: u64, n: u64) -> Option<*mut u8> {
        if end <= self.len {
            // SAFETY: `end - n .. end` lies within `0..len`, the bytes of linear memory
            // starting at `base` (`end >= n`: see `access_end`).
            return Some(unsafe { self.base.add((end - n) as usize) });
        }
        None
    }

    /// A pointer to the `n` bytes at `addr + offset`, or a trap: the slow resolution of
    /// an access, for the handlers' `full` tier and the instructions that have no fast one.
    /// Linear memory, then the chain, then ([`MemView::after_growth`]) linear memory at its
    /// current length; the view keeps a length it learns that way.
    #[inline(always)]
    pub fn ptr<M: MemoryAccess>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        offset: u32,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        self.access::<M, false>(cx, addr, offset, n)
    }

    /// [`MemView::ptr`] for a wasm write (every store width and form, atomic writes): linear
    /// memory first, then [`heap_write_ptr`].
    #[inline(always)]
    pub fn ptr_for_write<M: MemoryAccess>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        offset: u32,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        self.access::<M, true>(cx, addr, offset, n)
    }

    /// [`MemView::ptr`] (a read) or [`MemView::ptr_for_write`] (`WRITE`).
    #[inline(always)]
    fn access<M: MemoryAccess, const WRITE: bool>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        offset: u32,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        match self.linear_ptr(addr, offset, n) {
            Some(p) => Ok(p),
            None => self.missed::<M, WRITE>(cx, addr, u64::from(offset), n),
        }
    }

    /// [`MemView::range`] for the destination of a bulk write (`memory.fill`, `copy`,
    /// `init`): linear memory first, then [`heap_write_ptr`].
    #[inline]
    pub fn range_for_write<M: MemoryAccess>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        self.range_access::<M, true>(cx, addr, n)
    }

    /// A pointer to the `n`-byte range at `addr` for a bulk operation, or a trap; resolved
    /// as [`MemView::ptr`] resolves.
    #[inline]
    pub fn range<M: MemoryAccess>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        self.range_access::<M, false>(cx, addr, n)
    }

    /// [`MemView::range`] (a read) or [`MemView::range_for_write`] (`WRITE`).
    #[inline(always)]
    fn range_access<M: MemoryAccess, const WRITE: bool>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        if let Some(end) = addr.checked_add(n)
            && end <= self.len
        {
            // SAFETY: `addr .. addr + n` lies within linear memory (`end <= len`).
            return Ok(unsafe { self.base.add(addr as usize) });
        }
        self.missed::<M, WRITE>(cx, addr, 0, n)
    }

    /// An access that missed linear memory as the view knows it: the chain, else
    /// [`MemView::after_growth`].
    #[inline(always)]
    fn missed<M: MemoryAccess, const WRITE: bool>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        offset: u64,
        n: u64,
    ) -> Result<*mut u8, TrapCode> {
        match heap_ptr::<M, WRITE>(cx.m, addr, offset, n) {
            Ok(p) => Ok(p),
            Err(code) => self.after_growth(cx, addr, offset, n).ok_or(code),
        }
    }

    /// The `n` bytes at `addr + offset` in memory 0 at its current length, which the view
    /// takes, if memory 0 is shared and another thread grew it past the view's length
    /// (`exec::shared_growth`); `None` if not, and the access traps as it would have.
    ///
    /// A grown memory never reaches a heap (attaching a chain to a shared memory 0 that may
    /// grow to the chain's start is refused), so the chain need not be asked again.
    #[inline(always)]
    fn after_growth<M: MemoryAccess>(
        &mut self,
        cx: &mut Ctx<'_, M>,
        addr: u64,
        offset: u64,
        n: u64,
    ) -> Option<*mut u8> {
        self.len = grown_len(&cx.store.inner, cx.inst, self.len)?;
        let end = addr.checked_add(offset)?.checked_add(n)?;
        // SAFETY: `end - n .. end` lies within the `len` bytes of memory 0 from `base` (a
        // shared memory's bytes never move, so the view's base is still its base).
        (end <= self.len).then(|| unsafe { self.base.add((end - n) as usize) })
    }
}

/// The end of the `n`-byte access at `addr + offset`, at least `n`. `offset + n` cannot
/// overflow (offset < 2^32, n <= 16). The add with `addr` saturates: an overflowing end
/// becomes `u64::MAX`, which exceeds any linear memory length and every heap window, so it
/// fails their checks as it should (and costs less than a checked add).
#[inline(always)]
pub(super) fn access_end(addr: u64, offset: u32, n: u64) -> u64 {
    addr.saturating_add(u64::from(offset) + n)
}

/// `end` unchanged, hidden from the optimizer, for the fast memory handlers: with it hidden
/// the compiler addresses the bytes as `base + end - n` in the access itself, rather than
/// re-associating the sum (with a 32-bit address it knows cannot overflow) into a separate
/// `base + addr` add, one more instruction on every linear access; and the address itself
/// is dead once `end` is known, which leaves the handler a register.
#[inline(always)]
pub(super) fn opaque_end(end: u64) -> u64 {
    let mut end = end;
    #[cfg(all(any(target_arch = "x86_64", target_arch = "aarch64"), not(miri)))]
    // SAFETY: the statement is a comment naming `end`: it emits no instruction, leaves `end` as it was and
    // touches no memory, stack or flag.
    unsafe {
        core::arch::asm!("/* {0} */", inout(reg) end, options(pure, nomem, nostack, preserves_flags));
    }
    end
}

/// A miss of linear memory: a write goes to [`heap_write_ptr`], a read to [`resolve_slow`].
#[inline(always)]
fn heap_ptr<M: MemoryAccess, const WRITE: bool>(
    m: &mut M,
    addr: u64,
    offset: u64,
    n: u64,
) -> Result<*mut u8, TrapCode> {
    if WRITE {
        heap_write_ptr(m, addr, offset, n)
    } else {
        resolve_slow(m, addr, offset, n)
    }
}

/// A wasm write that missed linear memory: the one place where every write into a shared
/// heap is resolved and the read-only check is made (through
/// [`MemoryAccess::resolve_write`]). A range a read-only member holds traps with
/// [`TrapCode::ReadOnlyHeapWrite`]; any other miss with [`TrapCode::MemoryOutOfBounds`].
#[cold]
#[inline(never)]
pub(super) fn heap_write_ptr<M: MemoryAccess>(
    m: &mut M,
    addr: u64,
    offset: u64,
    n: u64,
) -> Result<*mut u8, TrapCode> {
    let ea = heap_address::<M>(addr, offset)?;
    // A zero-length write writes nothing, so a read-only heap accepts it as a read would.
    let resolved = if n == 0 {
        m.resolve(ea, 0)
    } else {
        m.resolve_write(ea, n)
    };
    match resolved {
        Some(p) => Ok(p.as_ptr()),
        // Readable but not writable: a read-only member holds the range.
        None if m.resolve(ea, n).is_some() => Err(TrapCode::ReadOnlyHeapWrite),
        None => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// The effective address of an access that missed linear memory, or the trap when it cannot
/// lie in a heap (no chain, or the address overflows).
#[inline(always)]
fn heap_address<M: MemoryAccess>(addr: u64, offset: u64) -> Result<u64, TrapCode> {
    if !M::HAS_CHAIN {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    addr.checked_add(offset).ok_or(TrapCode::MemoryOutOfBounds)
}

/// The access missed linear memory: ask the chain, or trap.
#[cold]
#[inline(never)]
fn resolve_slow<M: MemoryAccess>(
    m: &mut M,
    addr: u64,
    offset: u64,
    n: u64,
) -> Result<*mut u8, TrapCode> {
    let ea = heap_address::<M>(addr, offset)?;
    match m.resolve(ea, n) {
        Some(p) => Ok(p.as_ptr()),
        None => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// Reads `N` bytes from a pointer the bounds check produced.
#[inline(always)]
pub(super) fn read<const N: usize>(p: *mut u8) -> [u8; N] {
    // SAFETY: `p` comes from `MemView::ptr` with `n == N`: valid for N bytes; unaligned read
    // through a raw pointer (never a slice: chain memory may be shared).
    unsafe { p.cast::<[u8; N]>().read_unaligned() }
}

/// Writes `N` bytes to a pointer the bounds check produced.
#[inline(always)]
pub(super) fn write<const N: usize>(p: *mut u8, bytes: [u8; N]) {
    // SAFETY: as in `read`.
    unsafe { p.cast::<[u8; N]>().write_unaligned(bytes) }
}

/// `memory.fill`.
#[inline(always)]
pub(super) fn fill<M: MemoryAccess>(
    mem: &mut MemView,
    cx: &mut Ctx<'_, M>,
    dst: u64,
    val: u8,
    n: u64,
) -> Result<(), TrapCode> {
    let p = mem.range_for_write(cx, dst, n)?;
    // SAFETY: `range_for_write` validated `n` bytes at `p`.
    unsafe { core::ptr::write_bytes(p, val, n as usize) };
    Ok(())
}

/// `memory.copy` (memmove semantics; both ranges checked before any byte is written).
#[inline(always)]
pub(super) fn copy<M: MemoryAccess>(
    mem: &mut MemView,
    cx: &mut Ctx<'_, M>,
    dst: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let s = mem.range(cx, src, n)?;
    let d = mem.range_for_write(cx, dst, n)?;
    // SAFETY: both ranges were validated for `n` bytes; `ptr::copy` allows overlap.
    unsafe { core::ptr::copy(s, d, n as usize) };
    Ok(())
}

/// `memory.init` from data segment `data` (store index; a dropped segment has no bytes).
#[inline(always)]
pub(super) fn init<M: MemoryAccess>(
    mem: &mut MemView,
    cx: &mut Ctx<'_, M>,
    data: u32,
    dst: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let segment_len = cx.store.inner.datas[data as usize]
        .as_ref()
        .map_or(0, |b| b.len());
    let end = src.checked_add(n).ok_or(TrapCode::MemoryOutOfBounds)?;
    if end > segment_len as u64 {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    let d = mem.range_for_write(cx, dst, n)?;
    if let Some(bytes) = &cx.store.inner.datas[data as usize] {
        let from = &bytes[src as usize..end as usize];
        // SAFETY: `d` is valid for `n` bytes; `from` is a distinct allocation (the
        // segment's bytes).
        unsafe { core::ptr::copy_nonoverlapping(from.as_ptr(), d, from.len()) };
    }
    Ok(())
}
