//! The SIMD handlers: one per instruction of the SIMD table (`crate::simd::table`), each
//! calling its row's function in `crate::simd::native` (the portable `crate::simd::ops`, with
//! SSE2 forms on x86-64), plus the hand-written ones for
//! `v128.const`, `i8x16.shuffle` and the v128 forms of copies, `select` and globals.
//!
//! A `v128` lives in two adjacent slots (low half first); these handlers read and write
//! both with one 16-byte access, and leave the accumulator alone (translation never hands
//! a v128 result to an accumulator form, so no handler reads it after a SIMD one).

use super::prelude::*;
use crate::exec::unchecked::slot_ptr;
use crate::instr::Slot;
use crate::simd::access::SimdAccess;
use crate::simd::{V128, from_halves, native as simd, to_halves};

/// The v128 in slots `s` and `s + 1`.
#[inline(always)]
fn get_v128(regs: ActiveFrame, s: Slot) -> V128 {
    // SAFETY: translation gives a v128 two slots below the frame size, so `s + 1` is a
    // slot of the frame as `s` is (`slot_ptr` checks both under extra-checks); the read
    // is unaligned because slots are 8-byte aligned. The value stack is this thread's.
    unsafe {
        let _ = slot_ptr(regs.fp, s + 1);
        slot_ptr(regs.fp, s).cast::<V128>().read_unaligned()
    }
}

/// Writes `v` to slots `s` and `s + 1` (the accumulator keeps its value).
#[inline(always)]
fn set_v128(regs: &mut ActiveFrame, s: Slot, v: V128) {
    // SAFETY: as in `get_v128`.
    unsafe {
        let _ = slot_ptr(regs.fp, s + 1);
        slot_ptr(regs.fp, s).cast::<V128>().write_unaligned(v);
    }
}

/// The immediate carried by the `V128Imm` `k` instructions after `ip`.
#[inline(always)]
fn imm_after(ip: *const CodeCell, k: usize) -> u64 {
    // SAFETY: translation emits the `V128Imm`s right after the instruction that owns them,
    // and code ends with `Return`, so `ip + k` is inside the code.
    match unsafe { (*ip.add(k)).instr } {
        Instr::V128Imm { bits } => bits,
        // SAFETY: as above: the instruction at `ip + k` is a `V128Imm`.
        _ => unsafe { unchecked::unreachable("a SIMD immediate is missing") },
    }
}

macro_rules! simd_handlers {
    // The computing rows of the SIMD table, a kind at a time (each rule adds the handlers of
    // its kind to the accumulated arms), then one `handlers!` with the hand-written ones.
    // `$regs` is the frame's name from the first call, so that every arm names the same one.
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_unary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { dst, src } => {
            let v = simd::$f(get_v128($regs, src));
            set_v128(&mut $regs, dst, v);
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_binary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { dst, lhs, rhs } => {
            let v = simd::$f(get_v128($regs, lhs), get_v128($regs, rhs));
            set_v128(&mut $regs, dst, v);
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_ternary: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { base } => {
            let (a, b, c) = (get_v128($regs, base), get_v128($regs, base + 2), get_v128($regs, base + 4));
            set_v128(&mut $regs, base, simd::$f(a, b, c));
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_shift: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { dst, lhs, rhs } => {
            let v = simd::$f(get_v128($regs, lhs), $regs.u32(rhs));
            set_v128(&mut $regs, dst, v);
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_splat: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { dst, src } => {
            let v = simd::$f(Operand::read(InSlot(src), $regs));
            set_v128(&mut $regs, dst, v);
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_test: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { dst, src } => {
            let v = simd::$f(get_v128($regs, src));
            $regs.set(dst, SlotValue::into_bits(v));
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_extract: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { lane, dst, src } => {
            let v = simd::$f(get_v128($regs, src), lane as u8);
            $regs.set(dst, SlotValue::into_bits(v));
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*] simd_replace: [$($v:ident = $f:ident;)*], $($rest:tt)*) => {
        simd_handlers! { $d [$regs] [$($arms)* $(Instr::$v { lane, dst, lhs, rhs } => {
            let x = Operand::read(InSlot(rhs), $regs);
            let v = simd::$f(get_v128($regs, lhs), lane as u8, x);
            set_v128(&mut $regs, dst, v);
            next!()
        };)*] $($rest)* }
    };
    ($d:tt [$regs:ident] [$($arms:tt)*]) => {
        handlers! {
            $d full [cx, ip, $regs, mem]
            $($arms)*
            Instr::V128Const { dst, lo } => {
                set_v128(&mut $regs, dst, from_halves(lo, imm_after(ip, 1)));
                // SAFETY: skips the `V128Imm`, which is followed by another instruction.
                ip = unsafe { ip.add(1) };
                next!()
            };
            Instr::V128Imm { .. } => next!();
            Instr::I8x16Shuffle { dst, lhs, rhs } => {
                let lanes = from_halves(imm_after(ip, 1), imm_after(ip, 2));
                let v = simd::i8x16_shuffle(get_v128($regs, lhs), get_v128($regs, rhs), lanes);
                set_v128(&mut $regs, dst, v);
                // SAFETY: skips the two `V128Imm`s, which are followed by another instruction.
                ip = unsafe { ip.add(2) };
                next!()
            };
            Instr::F32x4MulAdd { addend, dst, lhs, rhs } => {
                let product = simd::f32x4_mul(get_v128($regs, lhs), get_v128($regs, rhs));
                let v = simd::f32x4_add(product, get_v128($regs, Slot::from(addend)));
                set_v128(&mut $regs, dst, v);
                next!()
            };
            Instr::F64x2MulAdd { addend, dst, lhs, rhs } => {
                let product = simd::f64x2_mul(get_v128($regs, lhs), get_v128($regs, rhs));
                let v = simd::f64x2_add(product, get_v128($regs, Slot::from(addend)));
                set_v128(&mut $regs, dst, v);
                next!()
            };
            Instr::CopyV128 { dst, src } => {
                let v = get_v128($regs, src);
                set_v128(&mut $regs, dst, v);
                next!()
            };
            Instr::SelectV128 { dst, other, cond } => {
                if $regs.u32(cond) == 0 {
                    let v = get_v128($regs, other);
                    set_v128(&mut $regs, dst, v);
                }
                next!()
            };
            Instr::GlobalGetV128 { dst, global } => {
                let g = &cx.store.inner.globals[cx.index_spaces.global(global) as usize];
                let v = from_halves(g.value, g.high);
                set_v128(&mut $regs, dst, v);
                next!()
            };
            Instr::GlobalSetV128 { src, global } => {
                let (lo, hi) = to_halves(get_v128($regs, src));
                let g = &mut cx.store.inner.globals[cx.index_spaces.global(global) as usize];
                g.value = lo;
                g.high = hi;
                next!()
            };
        }
    };
}

crate::simd::table::simd_compute_rows!($ [simd_handlers] [[regs] []]);

/// The handlers of the SIMD load and store rows in tier `$mode` (see `mem_ptr!`).
macro_rules! simd_memory_handlers {
    (
        $d:tt $mode:ident
        simd_load: [$($vload:ident = $vloadf:ident($vloadn:literal);)*],
        simd_store: [$($vstore:ident = $vstoref:ident($vstoren:literal);)*],
        simd_load_lane: [$($vloadl:ident = $vloadlf:ident($vloadln:literal);)*],
        simd_store_lane: [$($vstorel:ident = $vstorelf:ident($vstoreln:literal);)*],
    ) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            $(Instr::$vload { dst, addr, offset } => {
                with_mem_ptr!($mode, $vload, cx, ip, mem, regs.get(addr), offset, $vloadn, false, true, |p| {
                    let v = simd::$vloadf(memory::read::<$vloadn>(p));
                    set_v128(&mut regs, dst, v);
                    next!()
                })
            };)*
            $(Instr::$vstore { addr, value, offset } => {
                with_mem_ptr!($mode, $vstore, cx, ip, mem, regs.get(addr), offset, $vstoren, true, true, |p| {
                    memory::write::<$vstoren>(p, simd::$vstoref(get_v128(regs, value)));
                    next!()
                })
            };)*
            $(Instr::$vloadl { lane, dst, addr, offset } => {
                with_mem_ptr!($mode, $vloadl, cx, ip, mem, regs.get(addr), offset, $vloadln, false, true, |p| {
                    let src = get_v128(regs, imm_after(ip, 1) as Slot);
                    let v = simd::$vloadlf(src, lane as u8, memory::read::<$vloadln>(p));
                    set_v128(&mut regs, dst, v);
                    // SAFETY: skips the `V128Imm`, which is followed by another instruction.
                    ip = unsafe { ip.add(1) };
                    next!()
                })
            };)*
            $(Instr::$vstorel { lane, addr, value, offset } => {
                with_mem_ptr!($mode, $vstorel, cx, ip, mem, regs.get(addr), offset, $vstoreln, true, true, |p| {
                    memory::write::<$vstoreln>(p, simd::$vstorelf(get_v128(regs, value), lane as u8));
                    next!()
                })
            };)*
        }
    };
}

crate::simd::table::simd_memory_rows!($ [simd_memory_handlers] [split]);

/// The slow twins: the same instructions, asking the shared-heap chain (or trapping) when
/// an access misses linear memory.
mod slow {
    use super::super::prelude::*;
    use super::{get_v128, imm_after, set_v128, simd};
    use crate::instr::Slot;

    crate::simd::table::simd_memory_rows!($ [simd_memory_handlers] [full]);
}

/// The memory and access of the `MemoryOperand` after a `V128LoadAt` or `V128StoreAt` at
/// `ip`: (memory, access, lane).
fn access_at(ip: *const CodeCell) -> Option<(u32, SimdAccess, u8)> {
    // SAFETY: translation emits the `MemoryOperand` right after the instruction.
    let Instr::MemoryOperand { memory, kind } = (unsafe { (*ip.add(1)).instr }) else {
        return None;
    };
    Some((
        memory,
        SimdAccess::from_code(kind & 0xFF)?,
        (kind >> 8) as u8,
    ))
}

/// A pointer to the bytes of the access `V128LoadAt`/`V128StoreAt` at `ip` makes at
/// `addr + offset`, with the access and its lane.
fn pointer_at<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    mem: MemView,
    ip: *const CodeCell,
    addr: u64,
    offset: u32,
) -> Result<(*mut u8, SimdAccess, u8), TrapCode> {
    let (memory, access, lane) = access_at(ip).ok_or(TrapCode::MemoryOutOfBounds)?;
    let at = addr
        .checked_add(u64::from(offset))
        .ok_or(TrapCode::MemoryOutOfBounds)?;
    let width = access.width() as u64;
    let p = super::memory_at::range_at(cx, mem, memory, at, width, access.is_store())?;
    Ok((p, access, lane))
}

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::V128LoadAt { dst, addr, offset } => {
        let (p, access, lane) = tr!(pointer_at(cx, mem, ip, regs.get(addr), offset));
        let mut bytes = [0u8; 16];
        // SAFETY: `p` is valid for `access.width()` (at most 16) bytes; a raw copy, never a
        // slice over wasm memory.
        unsafe { core::ptr::copy_nonoverlapping(p, bytes.as_mut_ptr(), access.width()) };
        let src = get_v128(regs, imm_after(ip, 2) as Slot);
        set_v128(&mut regs, dst, access.load(bytes, src, lane));
        // SAFETY: skips the `MemoryOperand` and the `V128Imm`, followed by another
        // instruction.
        ip = unsafe { ip.add(2) };
        next!()
    };
    Instr::V128StoreAt { addr, value, offset } => {
        let (p, access, lane) = tr!(pointer_at(cx, mem, ip, regs.get(addr), offset));
        let bytes = access.store(get_v128(regs, value), lane);
        // SAFETY: as in `V128LoadAt`.
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, access.width()) };
        // SAFETY: skips the `MemoryOperand`, which is followed by another instruction.
        ip = unsafe { ip.add(1) };
        next!()
    };
}
