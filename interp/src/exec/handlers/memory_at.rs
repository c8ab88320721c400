//! Memories other than memory 0 (multi-memory). Memory 0 keeps its own instructions, its
//! view in registers and its shared-heap chain; these instructions look their memory up in
//! the running instance on every access and check it against its linear size only (a chain
//! extends memory 0 alone), trapping above it as the spec says. Bulk operations that also
//! name memory 0, and the loads and stores of a memory64 memory 0, reach memory 0 (and its
//! chain) through the handler's view of it.

use super::prelude::*;
use crate::access_kind::AccessKind;
use crate::store::StoreInner;
use crate::types::PAGE_SIZE;

/// The base and byte length of memory `memory` (module index) of instance `inst`.
#[inline]
fn memory_bounds(s: &mut StoreInner, inst: u32, memory: u32) -> (*mut u8, u64) {
    let mi = s.instances[inst as usize].memories[memory as usize];
    let md = &mut s.memories[mi as usize];
    (md.base(), md.len())
}

/// A pointer to the `n` bytes at `addr` of memory `memory` (to be written when `write`),
/// or the out-of-bounds trap; memory 0 goes through `mem` (linear memory, then the chain,
/// whose read-only heaps refuse writes).
pub(super) fn range_at<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    mem: MemView,
    memory: u32,
    addr: u64,
    n: u64,
    write: bool,
) -> Result<*mut u8, TrapCode> {
    if memory == 0 {
        let mut mem = mem;
        return if write {
            mem.range_for_write(cx, addr, n)
        } else {
            mem.range(cx, addr, n)
        };
    }
    let (base, len) = memory_bounds(&mut cx.store.inner, cx.inst, memory);
    match addr.checked_add(n) {
        // SAFETY: `addr .. addr + n` lies within the memory's `len` bytes from `base`.
        Some(end) if end <= len => Ok(unsafe { base.add(addr as usize) }),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}

/// The access an `LoadAt` or `StoreAt` at `ip` makes: a pointer to its bytes and its kind.
fn access_at<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    mem: MemView,
    ip: *const CodeCell,
    addr: u64,
    offset: u32,
) -> Result<(*mut u8, AccessKind), TrapCode> {
    // SAFETY: `LoadAt` and `StoreAt` are always followed by their `MemoryOperand`.
    let Instr::MemoryOperand { memory, kind } = (unsafe { (*ip.add(1)).instr }) else {
        return Err(TrapCode::MemoryOutOfBounds);
    };
    let kind = AccessKind::from_code(kind).ok_or(TrapCode::MemoryOutOfBounds)?;
    let at = addr
        .checked_add(u64::from(offset))
        .ok_or(TrapCode::MemoryOutOfBounds)?;
    Ok((
        range_at(cx, mem, memory, at, kind.width() as u64, kind.is_store())?,
        kind,
    ))
}

/// `memory.grow` on memory `memory` (module index) of instance `inst`: the old size in
/// pages, or -1 in the memory's index type.
fn grow_at(s: &mut StoreInner, inst: u32, memory: u32, delta: u64) -> u64 {
    let mi = s.instances[inst as usize].memories[memory as usize];
    let max_bytes = s.limits.max_memory_bytes;
    let md = &mut s.memories[mi as usize];
    match md.grow(delta, max_bytes, u64::MAX) {
        Some(old) => old,
        None if md.memory64() => u64::MAX,
        None => u64::from(u32::MAX),
    }
}

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::LoadAt { dst, addr, offset } => {
        let (p, kind) = tr!(access_at(cx, mem, ip, regs.get(addr), offset));
        let mut bytes = [0u8; 8];
        // SAFETY: `p` is valid for `kind.width()` (at most 8) bytes; a raw copy, never a
        // slice over wasm memory.
        unsafe { core::ptr::copy_nonoverlapping(p, bytes.as_mut_ptr(), kind.width()) };
        regs.set(dst, kind.extend(bytes));
        // SAFETY: skips the `MemoryOperand`, which is followed by another instruction.
        ip = unsafe { ip.add(1) };
        next!()
    };
    Instr::StoreAt { addr, value, offset } => {
        let (p, kind) = tr!(access_at(cx, mem, ip, regs.get(addr), offset));
        let bytes = regs.get(value).to_le_bytes();
        // SAFETY: as in `LoadAt`.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, kind.width()) };
        // SAFETY: as in `LoadAt`.
        ip = unsafe { ip.add(1) };
        next!()
    };
    Instr::MemoryOperand { .. } => next!();
    Instr::MemorySizeAt { dst, memory } => {
        let (_, len) = memory_bounds(&mut cx.store.inner, cx.inst, memory);
        regs.set(dst, len / PAGE_SIZE);
        next!()
    };
    Instr::MemoryGrowAt { dst, delta, memory } => {
        let r = grow_at(&mut cx.store.inner, cx.inst, memory, regs.get(delta));
        regs.set(dst, r);
        // The grown memory may also be this instance's memory 0 (imported twice).
        mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
        next!()
    };
    Instr::MemoryFillAt { base, memory } => {
        let (d, v, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        let p = tr!(range_at(cx, mem, memory, d, n, true));
        // SAFETY: `range_at` validated `n` bytes at `p`.
        unsafe { core::ptr::write_bytes(p, v as u8, n as usize) };
        next!()
    };
    Instr::MemoryCopyAt { base, dst_memory, src_memory } => {
        let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        let from = tr!(range_at(cx, mem, src_memory, s, n, false));
        let to = tr!(range_at(cx, mem, dst_memory, d, n, true));
        // SAFETY: both ranges were validated for `n` bytes; they may overlap (two indices
        // can name one memory), which `ptr::copy` allows.
        unsafe { core::ptr::copy(from, to, n as usize) };
        next!()
    };
    Instr::MemoryInitAt { base, data, memory } => {
        let di = inst_data!().datas[data as usize];
        let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        let len = cx.store.inner.datas[di as usize].as_ref().map_or(0, |b| b.len());
        let end = tr!(s.checked_add(n).ok_or(TrapCode::MemoryOutOfBounds));
        if end > len as u64 {
            trap!(TrapCode::MemoryOutOfBounds)
        }
        let to = tr!(range_at(cx, mem, memory, d, n, true));
        if let Some(bytes) = &cx.store.inner.datas[di as usize] {
            let from = &bytes[s as usize..end as usize];
            // SAFETY: `to` is valid for `n` bytes; `from` is a distinct allocation (the
            // segment's bytes).
            unsafe { core::ptr::copy_nonoverlapping(from.as_ptr(), to, from.len()) };
        }
        next!()
    };
}
