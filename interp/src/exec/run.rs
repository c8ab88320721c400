//! The dispatch loop: one `match` over the internal code, with the hot state (instruction
//! pointer, frame pointer, memory base and length) in locals.

use super::memory::{self, MemView};
use super::regs::Regs;
use super::{Frame, host, table};
use crate::TrapCode;
use crate::error::Error;
use crate::instr::{CompiledFunc, Instr};
use crate::mem_access::MemoryAccess;
use crate::numeric;
use crate::store::{FuncKind, Store, StoreInner};

/// Makes room for a frame of `frame_size` slots at `fp_off`; returns the new frame pointer.
#[inline]
fn reserve(stack: &mut Vec<u64>, fp_off: usize, frame_size: u32) -> *mut u64 {
    let need = fp_off + frame_size as usize;
    if need > stack.len() {
        grow_stack(stack, need);
    }
    // SAFETY: `fp_off + frame_size <= stack.len()`, so `fp_off` is within the allocation.
    unsafe { stack.as_mut_ptr().add(fp_off) }
}

#[cold]
#[inline(never)]
fn grow_stack(stack: &mut Vec<u64>, need: usize) {
    let new_len = need.max(stack.len() * 2).max(1024);
    stack.resize(new_len, 0);
}

/// The cached view of the current instance's memory 0; also points `m` at the instance's
/// shared-heap chain (or none).
#[inline]
fn memory_view<M: MemoryAccess>(s: &mut StoreInner, m: &mut M, inst: u32) -> MemView {
    m.enter(s, inst);
    match s.instances[inst as usize].memories.first() {
        Some(&mi) => {
            let md = &mut s.memories[mi as usize];
            MemView {
                base: md.base(),
                len: md.len(),
            }
        }
        None => MemView {
            base: core::ptr::null_mut(),
            len: 0,
        },
    }
}

/// The running instance's function and global index spaces (store indices), cached so
/// `call` and `global.get`/`global.set` skip two bounds-checked lookups.
#[derive(Clone, Copy)]
struct InstTables {
    funcs: *const u32,
    globals: *const u32,
}

impl InstTables {
    /// Must be refreshed whenever `inst` changes or host code ran (it may have added
    /// instances, though never changes an existing instance's index spaces).
    #[inline]
    fn of(s: &StoreInner, inst: u32) -> InstTables {
        let data = &s.instances[inst as usize];
        InstTables {
            funcs: data.funcs.as_ptr(),
            globals: data.globals.as_ptr(),
        }
    }

    /// The store index of the instance's function `func`.
    #[inline(always)]
    fn func(self, func: u32) -> u32 {
        // SAFETY: validation bounds `func` by the module's function count, which is the
        // length of the instance's `funcs`. That vector is never resized after
        // instantiation and instances are never removed, so its buffer stays where the
        // pointer was taken even when the store's list of instances grows.
        unsafe { *self.funcs.add(func as usize) }
    }

    /// The store index of the instance's global `global`.
    #[inline(always)]
    fn global(self, global: u32) -> u32 {
        // SAFETY: as in `func`, with the module's global count and the instance's `globals`.
        unsafe { *self.globals.add(global as usize) }
    }
}

/// Single-byte no-ops after the alignment in [`align_code`], chosen so the shared dispatch
/// path (the arms' common tail that stores a result and advances `ip`, the loop head, and
/// the `jmp *%rcx` after the jump-table load: 46 bytes today) lies within one 64-byte line. Re-check with `objdump -d` on a release binary after changing
/// the executor: `execute` starts 64-byte aligned, so the block's offset is fixed.
#[cfg_attr(not(all(target_arch = "x86_64", not(miri))), allow(dead_code))]
const DISPATCH_PAD: usize = 23;

/// Pins this function's code to a 64-byte boundary (the assembler raises the alignment of
/// the function's section to match), so the dispatch loop's position within cache lines no
/// longer depends on what the linker happens to place before it. Measured: whenever the
/// dispatch block straddled a 64-byte line the whole interpreter ran up to 40% slower, and
/// unrelated code changes moved it across. Costs about 30 no-ops once per call from the
/// host.
#[inline(always)]
fn align_code() {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    // SAFETY: the directive only emits padding no-ops before the next instruction; it reads
    // and writes no memory, registers or flags.
    unsafe {
        core::arch::asm!(
            ".p2align 6",
            // Moves the dispatch block (as compiled today) clear of a line boundary; see
            // `DISPATCH_PAD` for how to re-check it.
            ".skip {pad}, 0x90",
            pad = const DISPATCH_PAD,
            options(nomem, nostack, preserves_flags)
        );
    }
}

/// Zeroes a frame's declared locals (params are already in place).
#[inline(always)]
fn zero_locals(regs: Regs, f: &CompiledFunc) {
    if f.num_locals != f.num_params {
        zero_declared_locals(regs, f);
    }
}

/// The out-of-line part of [`zero_locals`], so calls to functions without declared locals
/// stay short.
#[inline(never)]
fn zero_declared_locals(regs: Regs, f: &CompiledFunc) {
    let first = f.num_params;
    // Most functions declare a few locals: plain stores beat a `memset` call, which the
    // compiler would make of a loop.
    match f.num_locals - first {
        1 => regs.set(first, 0),
        2 => {
            regs.set(first, 0);
            regs.set(first + 1, 0);
        }
        3 => {
            regs.set(first, 0);
            regs.set(first + 1, 0);
            regs.set(first + 2, 0);
        }
        _ => {
            for s in first..f.num_locals {
                regs.set(s, 0);
            }
        }
    }
}

/// Runs wasm function `func` (store index) whose arguments are at `stack[base..]`; on
/// success its results are at `stack[base..]`. Frames live in `frames`, never on the host
/// stack.
pub(super) fn execute<T, M: MemoryAccess>(
    store: &mut Store<T>,
    m: &mut M,
    stack: &mut Vec<u64>,
    frames: &mut Vec<Frame>,
    func: u32,
    base: usize,
) -> Result<(), Error> {
    align_code();
    let max_frames = store
        .inner
        .limits
        .max_call_depth
        .saturating_sub(store.inner.depth_in_use) as usize;
    let (mut inst, code) = match &store.inner.funcs[func as usize].kind {
        FuncKind::Wasm { instance, code } => (*instance, code.clone()),
        FuncKind::Host { .. } => return Err(Error::usage("not a wasm function")),
    };
    if max_frames == 0 {
        return Err(Error::trap(TrapCode::CallStackExhausted));
    }
    let mut fp_off = base;
    let mut regs = Regs {
        fp: reserve(stack, fp_off, code.frame_size),
    };
    zero_locals(regs, &code);
    let mut ip: *const Instr = code.code.as_ptr();
    let mut mem = memory_view(&mut store.inner, m, inst);
    let mut tables = InstTables::of(&store.inner, inst);
    // Frames below the entry frame; the entry frame's return ends the loop.
    let entry_depth = frames.len();

    macro_rules! trap {
        ($code:expr) => {
            return Err(Error::trap($code))
        };
    }
    macro_rules! tr {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(code) => trap!(code),
            }
        };
    }
    macro_rules! next {
        () => {{
            // SAFETY: every instruction that is not a branch, call or return is followed by
            // another instruction (code ends with `Return`).
            ip = unsafe { ip.add(1) };
            continue;
        }};
    }
    macro_rules! jump {
        ($target:expr) => {{
            // SAFETY: a branch's target is stored as an offset from the branch, resolved at
            // translation to an instruction inside the same function's code.
            ip = unsafe { ip.offset($target as i32 as isize) };
            continue;
        }};
    }
    macro_rules! un {
        ($dst:expr, $src:expr, $get:ident, $set:ident, $f:expr) => {{
            let v = regs.$get($src);
            regs.$set($dst, $f(v));
            next!()
        }};
    }
    macro_rules! bin {
        ($dst:expr, $l:expr, $r:expr, $get:ident, $set:ident, $f:expr) => {{
            let (a, b) = (regs.$get($l), regs.$get($r));
            regs.$set($dst, $f(a, b));
            next!()
        }};
    }
    macro_rules! bin_trap {
        ($dst:expr, $l:expr, $r:expr, $get:ident, $set:ident, $f:expr) => {{
            let (a, b) = (regs.$get($l), regs.$get($r));
            regs.$set($dst, tr!($f(a, b)));
            next!()
        }};
    }
    macro_rules! br_if_cmp {
        ($a:expr, $op:tt, $b:expr, $target:expr) => {{
            if $a $op $b {
                jump!($target)
            }
            next!()
        }};
    }
    macro_rules! wrap_addr {
        ($base:expr, $imm:expr) => {
            u64::from(regs.u32($base).wrapping_add($imm as u32))
        };
    }
    macro_rules! load_wrap {
        ($dst:expr, $base:expr, $imm:expr, $n:literal, $conv:expr) => {{
            let p = tr!(mem.ptr(m, wrap_addr!($base, $imm), 0, $n));
            regs.set($dst, $conv(memory::read::<$n>(p)));
            next!()
        }};
    }
    macro_rules! store_to {
        ($addr:expr, $off:expr, $n:literal, $bytes:expr) => {{
            let p = tr!(mem.ptr(m, $addr, $off, $n));
            memory::write::<$n>(p, $bytes);
            next!()
        }};
    }
    macro_rules! load {
        ($dst:expr, $addr:expr, $off:expr, $n:literal, $conv:expr) => {{
            let p = tr!(mem.ptr(m, regs.get($addr), $off, $n));
            regs.set($dst, $conv(memory::read::<$n>(p)));
            next!()
        }};
    }
    macro_rules! store {
        ($addr:expr, $val:expr, $off:expr, $n:literal, $conv:expr) => {{
            let p = tr!(mem.ptr(m, regs.get($addr), $off, $n));
            memory::write::<$n>(p, $conv(regs.get($val)));
            next!()
        }};
    }
    macro_rules! inst_data {
        () => {
            store.inner.instances[inst as usize]
        };
    }
    // Enters function `f` (store index) with arguments at `base`; `$ret` is the
    // instruction to resume at in the caller.
    macro_rules! call {
        ($f:expr, $base:expr, $ret:expr) => {{
            let f = $f as usize;
            let callee_off = fp_off + $base as usize;
            match &store.inner.funcs[f].kind {
                FuncKind::Wasm { instance, code } => {
                    if frames.len() - entry_depth + 1 >= max_frames {
                        trap!(TrapCode::CallStackExhausted);
                    }
                    frames.push(Frame {
                        ret_ip: $ret.expose_provenance(),
                        fp_off,
                        inst,
                    });
                    fp_off = callee_off;
                    regs = Regs {
                        fp: reserve(stack, fp_off, code.frame_size),
                    };
                    zero_locals(regs, code);
                    ip = code.code.as_ptr();
                    if *instance != inst {
                        inst = *instance;
                        mem = memory_view(&mut store.inner, m, inst);
                        tables = InstTables::of(&store.inner, inst);
                    }
                    continue;
                }
                FuncKind::Host { index } => {
                    let index = *index;
                    let depth = (frames.len() - entry_depth + 1) as u32;
                    store.inner.depth_in_use += depth;
                    // SAFETY: `$base` is a slot of the current frame.
                    let args_fp = unsafe { regs.fp.add($base as usize) };
                    let args = Regs { fp: args_fp };
                    let r = host::call_from_wasm(store, inst, index, args);
                    store.inner.depth_in_use -= depth;
                    r?;
                    // The host may have grown memory.
                    mem = memory_view(&mut store.inner, m, inst);
                    tables = InstTables::of(&store.inner, inst);
                    ip = $ret;
                    continue;
                }
            }
        }};
    }

    loop {
        // SAFETY: `ip` always points into the running function's code (see `next!`/`jump!`).
        let instr = unsafe { *ip };
        match instr {
            Instr::Unreachable => trap!(TrapCode::Unreachable),
            Instr::ConsumeFuel { amount } => {
                let fuel = &mut store.inner.fuel;
                match fuel.checked_sub(u64::from(amount)) {
                    Some(left) => *fuel = left,
                    None => {
                        // What is left cannot pay for this block: none of it can be used.
                        *fuel = 0;
                        trap!(TrapCode::OutOfFuel)
                    }
                }
                next!()
            }
            Instr::Br { target } => jump!(target),
            Instr::BrIfNez { cond, target } => {
                if regs.u32(cond) != 0 {
                    jump!(target)
                }
                next!()
            }
            Instr::BrIfEqz { cond, target } => {
                if regs.u32(cond) == 0 {
                    jump!(target)
                }
                next!()
            }
            Instr::I32AddImmBrNez { slot, imm, target } => {
                let v = regs.u32(slot).wrapping_add(imm as u32);
                regs.set_u32(slot, v);
                if v != 0 {
                    jump!(target)
                }
                next!()
            }
            Instr::I32AddImmBrNe { slots, imm, target } => {
                let (slot, bound) = (slots & 0xffff, slots >> 16);
                let v = regs.u32(slot).wrapping_add(imm as u32);
                regs.set_u32(slot, v);
                if v != regs.u32(bound) {
                    jump!(target)
                }
                next!()
            }
            Instr::I32AddImmBrNeImm {
                slot_imm,
                bound,
                target,
            } => {
                let (slot, imm) = (slot_imm & 0xffff, (slot_imm >> 16) as u16 as i16);
                let v = regs.u32(slot).wrapping_add(imm as i32 as u32);
                regs.set_u32(slot, v);
                if v != bound as u32 {
                    jump!(target)
                }
                next!()
            }
            Instr::BrTable { index, len } => {
                let i = regs.u32(index).min(len);
                // SAFETY: `BrTable` is followed by `len + 1` `Br` entries.
                ip = unsafe { ip.add(1 + i as usize) };
                // Take the entry's jump right away rather than dispatching it.
                // SAFETY: `ip` points at one of those entries.
                if let Instr::Br { target } = unsafe { *ip } {
                    jump!(target)
                }
                continue;
            }
            Instr::Return => {
                if frames.len() == entry_depth {
                    return Ok(());
                }
                let Some(f) = frames.pop() else { return Ok(()) };
                ip = core::ptr::with_exposed_provenance(f.ret_ip);
                fp_off = f.fp_off;
                // SAFETY: the caller's frame lies below the callee's, within the stack.
                let fp = unsafe { stack.as_mut_ptr().add(fp_off) };
                regs = Regs { fp };
                if f.inst != inst {
                    // Another instance's code ran: it may have grown a memory shared with
                    // ours. Within one instance `mem` is kept current by `memory.grow` and
                    // host calls.
                    inst = f.inst;
                    mem = memory_view(&mut store.inner, m, inst);
                    tables = InstTables::of(&store.inner, inst);
                }
                continue;
            }
            Instr::Copy { dst, src } => {
                regs.set(dst, regs.get(src));
                next!()
            }
            Instr::CopyBr { dst, src, target } => {
                regs.set(dst, regs.get(src));
                jump!(target)
            }
            Instr::Copy2 {
                dst0,
                src0,
                dst1,
                src1,
            } => {
                regs.set(u32::from(dst0), regs.get(u32::from(src0)));
                regs.set(u32::from(dst1), regs.get(u32::from(src1)));
                next!()
            }
            Instr::Call { func, base } => {
                let f = tables.func(func);
                // SAFETY: `Call` is followed by another instruction.
                call!(f, base, unsafe { ip.add(1) })
            }
            Instr::CallIndirect {
                type_id,
                index,
                base,
            } => {
                // SAFETY: `CallIndirect` is always followed by its `TableOperand`.
                let Instr::TableOperand { table } = (unsafe { *ip.add(1) }) else {
                    trap!(TrapCode::UndefinedElement)
                };
                let t = inst_data!().tables[table as usize];
                let r = match table::get(&store.inner, t, regs.get(index)) {
                    Ok(r) => r,
                    Err(_) => trap!(TrapCode::UndefinedElement),
                };
                let Some(f) = r.checked_sub(1) else {
                    trap!(TrapCode::UninitializedElement)
                };
                if store.inner.funcs[f as usize].type_id != type_id {
                    trap!(TrapCode::IndirectCallTypeMismatch);
                }
                // SAFETY: the `TableOperand` is followed by another instruction.
                call!(f, base, unsafe { ip.add(2) })
            }
            Instr::TableOperand { .. } => next!(),
            Instr::Select { dst, other, cond } => {
                if regs.u32(cond) == 0 {
                    regs.set(dst, regs.get(other));
                }
                next!()
            }
            Instr::Const32 { dst, value } => {
                regs.set_u32(dst, value);
                next!()
            }
            Instr::Const64 { dst, value } => {
                regs.set(dst, value);
                next!()
            }
            Instr::GlobalGet { dst, global } => {
                let g = tables.global(global);
                regs.set(dst, store.inner.globals[g as usize].value);
                next!()
            }
            Instr::GlobalSet { src, global } => {
                let g = tables.global(global);
                store.inner.globals[g as usize].value = regs.get(src);
                next!()
            }
            Instr::RefIsNull { dst, src } => un!(dst, src, get, set_bool, |v: u64| v == 0),
            Instr::RefFunc { dst, func } => {
                let f = tables.func(func);
                regs.set(dst, u64::from(f) + 1);
                next!()
            }
            Instr::TableGet { dst, index, table } => {
                let t = inst_data!().tables[table as usize];
                regs.set(dst, tr!(table::get(&store.inner, t, regs.get(index))));
                next!()
            }
            Instr::TableSet {
                index,
                value,
                table,
            } => {
                let t = inst_data!().tables[table as usize];
                tr!(table::set(
                    &mut store.inner,
                    t,
                    regs.get(index),
                    regs.get(value)
                ));
                next!()
            }
            Instr::TableSize { dst, table } => {
                let t = inst_data!().tables[table as usize];
                regs.set(dst, store.inner.tables[t as usize].elems.len() as u64);
                next!()
            }
            Instr::TableGrow { base, table } => {
                let t = inst_data!().tables[table as usize];
                let old = table::grow(&mut store.inner, t, regs.get(base), regs.get(base + 1));
                regs.set(base, old);
                next!()
            }
            Instr::TableFill { base, table } => {
                let t = inst_data!().tables[table as usize];
                let (i, v, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                tr!(table::fill(&mut store.inner, t, i, v, n));
                next!()
            }
            Instr::TableCopy {
                base,
                dst_table,
                src_table,
            } => {
                let d = inst_data!().tables[dst_table as usize];
                let s = inst_data!().tables[src_table as usize];
                let (a, b, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                tr!(table::copy(&mut store.inner, d, s, a, b, n));
                next!()
            }
            Instr::TableInit { base, table, elem } => {
                let t = inst_data!().tables[table as usize];
                let e = inst_data!().elems[elem as usize];
                let (a, b, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                tr!(table::init(&mut store.inner, t, e, a, b, n));
                next!()
            }
            Instr::ElemDrop { elem } => {
                let e = inst_data!().elems[elem as usize];
                store.inner.elems[e as usize].items = Vec::new();
                next!()
            }
            Instr::MemorySize { dst } => {
                regs.set(dst, mem.len / crate::types::PAGE_SIZE);
                next!()
            }
            Instr::MemoryGrow { dst, delta } => {
                let r =
                    host::memory_grow(&mut store.inner, inst, regs.get(delta), m.linear_limit());
                regs.set(dst, r);
                mem = memory_view(&mut store.inner, m, inst);
                next!()
            }
            Instr::MemoryFill { base } => {
                let (d, v, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                tr!(memory::fill(mem, m, d, v as u8, n));
                next!()
            }
            Instr::MemoryCopy { base } => {
                let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                tr!(memory::copy(mem, m, d, s, n));
                next!()
            }
            Instr::MemoryInit { base, data } => {
                let di = inst_data!().datas[data as usize];
                let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
                let bytes: &[u8] = match &store.inner.datas[di as usize] {
                    Some(b) => b,
                    None => &[],
                };
                tr!(memory::init(mem, m, bytes, d, s, n));
                next!()
            }
            Instr::DataDrop { data } => {
                let di = inst_data!().datas[data as usize];
                store.inner.datas[di as usize] = None;
                next!()
            }
            Instr::AddrAdd { dst, lhs, rhs } => {
                match regs.get(lhs).checked_add(regs.get(rhs)) {
                    Some(v) => regs.set(dst, v),
                    None => trap!(TrapCode::MemoryOutOfBounds),
                }
                next!()
            }
            Instr::I32Eqz { dst, src } => un!(dst, src, u32, set_bool, |a: u32| a == 0),
            Instr::I32Clz { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.leading_zeros()),
            Instr::I32Ctz { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.trailing_zeros()),
            Instr::I32Popcnt { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.count_ones()),
            Instr::I64Eqz { dst, src } => un!(dst, src, get, set_bool, |a: u64| a == 0),
            Instr::I64Clz { dst, src } => {
                un!(dst, src, get, set, |a: u64| u64::from(a.leading_zeros()))
            }
            Instr::I64Ctz { dst, src } => {
                un!(dst, src, get, set, |a: u64| u64::from(a.trailing_zeros()))
            }
            Instr::I64Popcnt { dst, src } => {
                un!(dst, src, get, set, |a: u64| u64::from(a.count_ones()))
            }
            Instr::F32Abs { dst, src } => un!(dst, src, f32, set_f32, f32::abs),
            Instr::F32Neg { dst, src } => un!(dst, src, f32, set_f32, |a: f32| -a),
            Instr::F32Ceil { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_ceil),
            Instr::F32Floor { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_floor),
            Instr::F32Trunc { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_trunc),
            Instr::F32Nearest { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_nearest),
            Instr::F32Sqrt { dst, src } => un!(dst, src, f32, set_f32, f32::sqrt),
            Instr::F64Abs { dst, src } => un!(dst, src, f64, set_f64, f64::abs),
            Instr::F64Neg { dst, src } => un!(dst, src, f64, set_f64, |a: f64| -a),
            Instr::F64Ceil { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_ceil),
            Instr::F64Floor { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_floor),
            Instr::F64Trunc { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_trunc),
            Instr::F64Nearest { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_nearest),
            Instr::F64Sqrt { dst, src } => un!(dst, src, f64, set_f64, f64::sqrt),
            Instr::I32WrapI64 { dst, src } => un!(dst, src, get, set_u32, |a: u64| a as u32),
            Instr::I32TruncF32S { dst, src } => {
                regs.set_i32(dst, tr!(numeric::i32_trunc_f32_s(regs.f32(src))));
                next!()
            }
            Instr::I32TruncF32U { dst, src } => {
                regs.set_u32(dst, tr!(numeric::i32_trunc_f32_u(regs.f32(src))));
                next!()
            }
            Instr::I32TruncF64S { dst, src } => {
                regs.set_i32(dst, tr!(numeric::i32_trunc_f64_s(regs.f64(src))));
                next!()
            }
            Instr::I32TruncF64U { dst, src } => {
                regs.set_u32(dst, tr!(numeric::i32_trunc_f64_u(regs.f64(src))));
                next!()
            }
            Instr::I64ExtendI32S { dst, src } => un!(dst, src, i32, set_i64, i64::from),
            Instr::I64ExtendI32U { dst, src } => un!(dst, src, u32, set, u64::from),
            Instr::I64TruncF32S { dst, src } => {
                regs.set_i64(dst, tr!(numeric::i64_trunc_f32_s(regs.f32(src))));
                next!()
            }
            Instr::I64TruncF32U { dst, src } => {
                regs.set(dst, tr!(numeric::i64_trunc_f32_u(regs.f32(src))));
                next!()
            }
            Instr::I64TruncF64S { dst, src } => {
                regs.set_i64(dst, tr!(numeric::i64_trunc_f64_s(regs.f64(src))));
                next!()
            }
            Instr::I64TruncF64U { dst, src } => {
                regs.set(dst, tr!(numeric::i64_trunc_f64_u(regs.f64(src))));
                next!()
            }
            Instr::F32ConvertI32S { dst, src } => un!(dst, src, i32, set_f32, |a: i32| a as f32),
            Instr::F32ConvertI32U { dst, src } => un!(dst, src, u32, set_f32, |a: u32| a as f32),
            Instr::F32ConvertI64S { dst, src } => un!(dst, src, i64, set_f32, |a: i64| a as f32),
            Instr::F32ConvertI64U { dst, src } => un!(dst, src, get, set_f32, |a: u64| a as f32),
            Instr::F32DemoteF64 { dst, src } => un!(dst, src, f64, set_f32, |a: f64| a as f32),
            Instr::F64ConvertI32S { dst, src } => un!(dst, src, i32, set_f64, f64::from),
            Instr::F64ConvertI32U { dst, src } => un!(dst, src, u32, set_f64, f64::from),
            Instr::F64ConvertI64S { dst, src } => un!(dst, src, i64, set_f64, |a: i64| a as f64),
            Instr::F64ConvertI64U { dst, src } => un!(dst, src, get, set_f64, |a: u64| a as f64),
            Instr::F64PromoteF32 { dst, src } => un!(dst, src, f32, set_f64, f64::from),
            Instr::I32Extend8S { dst, src } => un!(dst, src, i32, set_i32, |a: i32| a as i8 as i32),
            Instr::I32Extend16S { dst, src } => {
                un!(dst, src, i32, set_i32, |a: i32| a as i16 as i32)
            }
            Instr::I64Extend8S { dst, src } => un!(dst, src, i64, set_i64, |a: i64| a as i8 as i64),
            Instr::I64Extend16S { dst, src } => {
                un!(dst, src, i64, set_i64, |a: i64| a as i16 as i64)
            }
            Instr::I64Extend32S { dst, src } => {
                un!(dst, src, i64, set_i64, |a: i64| a as i32 as i64)
            }
            Instr::I32TruncSatF32S { dst, src } => un!(dst, src, f32, set_i32, |a: f32| a as i32),
            Instr::I32TruncSatF32U { dst, src } => un!(dst, src, f32, set_u32, |a: f32| a as u32),
            Instr::I32TruncSatF64S { dst, src } => un!(dst, src, f64, set_i32, |a: f64| a as i32),
            Instr::I32TruncSatF64U { dst, src } => un!(dst, src, f64, set_u32, |a: f64| a as u32),
            Instr::I64TruncSatF32S { dst, src } => un!(dst, src, f32, set_i64, |a: f32| a as i64),
            Instr::I64TruncSatF32U { dst, src } => un!(dst, src, f32, set, |a: f32| a as u64),
            Instr::I64TruncSatF64S { dst, src } => un!(dst, src, f64, set_i64, |a: f64| a as i64),
            Instr::I64TruncSatF64U { dst, src } => un!(dst, src, f64, set, |a: f64| a as u64),
            Instr::I32Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a == b),
            Instr::I32Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a != b),
            Instr::I32LtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a < b),
            Instr::I32LtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a < b),
            Instr::I32GtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a > b),
            Instr::I32GtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a > b),
            Instr::I32LeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a <= b),
            Instr::I32LeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a <= b),
            Instr::I32GeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a >= b),
            Instr::I32GeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a >= b),
            Instr::I64Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a == b),
            Instr::I64Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a != b),
            Instr::I64LtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a < b),
            Instr::I64LtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a < b),
            Instr::I64GtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a > b),
            Instr::I64GtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a > b),
            Instr::I64LeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a <= b),
            Instr::I64LeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a <= b),
            Instr::I64GeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a >= b),
            Instr::I64GeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a >= b),
            Instr::F32Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a == b),
            Instr::F32Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a != b),
            Instr::F32Lt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a < b),
            Instr::F32Gt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a > b),
            Instr::F32Le { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a <= b),
            Instr::F32Ge { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a >= b),
            Instr::F64Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a == b),
            Instr::F64Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a != b),
            Instr::F64Lt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a < b),
            Instr::F64Gt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a > b),
            Instr::F64Le { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a <= b),
            Instr::F64Ge { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a >= b),
            Instr::I32Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_add),
            Instr::I32Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_sub),
            Instr::I32Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_mul),
            Instr::I32DivS { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, i32, set_i32, numeric::i32_div_s)
            }
            Instr::I32DivU { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, u32, set_u32, numeric::i32_div_u)
            }
            Instr::I32RemS { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, i32, set_i32, numeric::i32_rem_s)
            }
            Instr::I32RemU { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, u32, set_u32, numeric::i32_rem_u)
            }
            Instr::I32And { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a & b),
            Instr::I32Or { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a | b),
            Instr::I32Xor { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a ^ b),
            Instr::I32Shl { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_shl),
            Instr::I32ShrS { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, u32, set_i32, |a: u32, b| (a as i32)
                    .wrapping_shr(b))
            }
            Instr::I32ShrU { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_shr)
            }
            Instr::I32Rotl { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::rotate_left),
            Instr::I32Rotr { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, u32, set_u32, u32::rotate_right)
            }
            Instr::I64Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_add),
            Instr::I64Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_sub),
            Instr::I64Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_mul),
            Instr::I64DivS { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, i64, set_i64, numeric::i64_div_s)
            }
            Instr::I64DivU { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, get, set, numeric::i64_div_u)
            }
            Instr::I64RemS { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, i64, set_i64, numeric::i64_rem_s)
            }
            Instr::I64RemU { dst, lhs, rhs } => {
                bin_trap!(dst, lhs, rhs, get, set, numeric::i64_rem_u)
            }
            Instr::I64And { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a & b),
            Instr::I64Or { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a | b),
            Instr::I64Xor { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a ^ b),
            Instr::I64Shl { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
                    .wrapping_shl(b as u32))
            }
            Instr::I64ShrS { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, get, set_i64, |a: u64, b: u64| (a as i64)
                    .wrapping_shr(b as u32))
            }
            Instr::I64ShrU { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
                    .wrapping_shr(b as u32))
            }
            Instr::I64Rotl { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
                    .rotate_left(b as u32))
            }
            Instr::I64Rotr { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
                    .rotate_right(b as u32))
            }
            Instr::F32Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a + b),
            Instr::F32Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a - b),
            Instr::F32Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a * b),
            Instr::F32Div { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a / b),
            Instr::F32Min { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, numeric::f32_min),
            Instr::F32Max { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, numeric::f32_max),
            Instr::F32Copysign { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, f32, set_f32, f32::copysign)
            }
            Instr::F64Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a + b),
            Instr::F64Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a - b),
            Instr::F64Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a * b),
            Instr::F64Div { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a / b),
            Instr::F64Min { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, numeric::f64_min),
            Instr::F64Max { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, numeric::f64_max),
            Instr::F64Copysign { dst, lhs, rhs } => {
                bin!(dst, lhs, rhs, f64, set_f64, f64::copysign)
            }
            Instr::I32AddImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_add(imm as u32))
            }
            Instr::I32MulImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_mul(imm as u32))
            }
            Instr::I32AndImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a & imm as u32)
            }
            Instr::I32OrImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a | imm as u32)
            }
            Instr::I32XorImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a ^ imm as u32)
            }
            Instr::I32ShlImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_shl(imm as u32))
            }
            Instr::I32ShrSImm { dst, lhs, imm } => {
                un!(dst, lhs, i32, set_i32, |a: i32| a.wrapping_shr(imm as u32))
            }
            Instr::I32ShrUImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_shr(imm as u32))
            }
            Instr::I32RotlImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.rotate_left(imm as u32))
            }
            Instr::I32RotrImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_u32, |a: u32| a.rotate_right(imm as u32))
            }
            Instr::I64RotlImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a.rotate_left(imm as u32))
            }
            Instr::I64RotrImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a.rotate_right(imm as u32))
            }
            Instr::I32EqImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a == imm),
            Instr::I32NeImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a != imm),
            Instr::I32LtSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a < imm),
            Instr::I32LtUImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_bool, |a: u32| a < imm as u32)
            }
            Instr::I32GtSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a > imm),
            Instr::I32GtUImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_bool, |a: u32| a > imm as u32)
            }
            Instr::I32LeSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a <= imm),
            Instr::I32LeUImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_bool, |a: u32| a <= imm as u32)
            }
            Instr::I32GeSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a >= imm),
            Instr::I32GeUImm { dst, lhs, imm } => {
                un!(dst, lhs, u32, set_bool, |a: u32| a >= imm as u32)
            }
            Instr::I64AddImm { dst, lhs, imm } => un!(dst, lhs, get, set, |a: u64| a
                .wrapping_add(imm as i64 as u64)),
            Instr::I64MulImm { dst, lhs, imm } => un!(dst, lhs, get, set, |a: u64| a
                .wrapping_mul(imm as i64 as u64)),
            Instr::I64AndImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a & imm as i64 as u64)
            }
            Instr::I64OrImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a | imm as i64 as u64)
            }
            Instr::I64XorImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a ^ imm as i64 as u64)
            }
            Instr::I64ShlImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a.wrapping_shl(imm as u32))
            }
            Instr::I64ShrSImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_i64, |a: i64| a.wrapping_shr(imm as u32))
            }
            Instr::I64ShrUImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set, |a: u64| a.wrapping_shr(imm as u32))
            }
            Instr::I64EqImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a == i64::from(imm))
            }
            Instr::I64NeImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a != i64::from(imm))
            }
            Instr::I64LtSImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a < i64::from(imm))
            }
            Instr::I64LtUImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set_bool, |a: u64| a < imm as i64 as u64)
            }
            Instr::I64GtSImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a > i64::from(imm))
            }
            Instr::I64GtUImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set_bool, |a: u64| a > imm as i64 as u64)
            }
            Instr::I64LeSImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a <= i64::from(imm))
            }
            Instr::I64LeUImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set_bool, |a: u64| a <= imm as i64 as u64)
            }
            Instr::I64GeSImm { dst, lhs, imm } => {
                un!(dst, lhs, i64, set_bool, |a: i64| a >= i64::from(imm))
            }
            Instr::I64GeUImm { dst, lhs, imm } => {
                un!(dst, lhs, get, set_bool, |a: u64| a >= imm as i64 as u64)
            }
            Instr::BrI32Eq { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), ==, regs.u32(rhs), target)
            }
            Instr::BrI32Ne { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), !=, regs.u32(rhs), target)
            }
            Instr::BrI32LtS { lhs, rhs, target } => {
                br_if_cmp!(regs.i32(lhs), <, regs.i32(rhs), target)
            }
            Instr::BrI32LtU { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), <, regs.u32(rhs), target)
            }
            Instr::BrI32GtS { lhs, rhs, target } => {
                br_if_cmp!(regs.i32(lhs), >, regs.i32(rhs), target)
            }
            Instr::BrI32GtU { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), >, regs.u32(rhs), target)
            }
            Instr::BrI32LeS { lhs, rhs, target } => {
                br_if_cmp!(regs.i32(lhs), <=, regs.i32(rhs), target)
            }
            Instr::BrI32LeU { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), <=, regs.u32(rhs), target)
            }
            Instr::BrI32GeS { lhs, rhs, target } => {
                br_if_cmp!(regs.i32(lhs), >=, regs.i32(rhs), target)
            }
            Instr::BrI32GeU { lhs, rhs, target } => {
                br_if_cmp!(regs.u32(lhs), >=, regs.u32(rhs), target)
            }
            Instr::BrI64Eq { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), ==, regs.get(rhs), target)
            }
            Instr::BrI64Ne { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), !=, regs.get(rhs), target)
            }
            Instr::BrI64LtS { lhs, rhs, target } => {
                br_if_cmp!(regs.i64(lhs), <, regs.i64(rhs), target)
            }
            Instr::BrI64LtU { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), <, regs.get(rhs), target)
            }
            Instr::BrI64GtS { lhs, rhs, target } => {
                br_if_cmp!(regs.i64(lhs), >, regs.i64(rhs), target)
            }
            Instr::BrI64GtU { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), >, regs.get(rhs), target)
            }
            Instr::BrI64LeS { lhs, rhs, target } => {
                br_if_cmp!(regs.i64(lhs), <=, regs.i64(rhs), target)
            }
            Instr::BrI64LeU { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), <=, regs.get(rhs), target)
            }
            Instr::BrI64GeS { lhs, rhs, target } => {
                br_if_cmp!(regs.i64(lhs), >=, regs.i64(rhs), target)
            }
            Instr::BrI64GeU { lhs, rhs, target } => {
                br_if_cmp!(regs.get(lhs), >=, regs.get(rhs), target)
            }
            Instr::BrI32EqImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), ==, imm, target),
            Instr::BrI32NeImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), !=, imm, target),
            Instr::BrI32LtSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), <, imm, target),
            Instr::BrI32LtUImm { lhs, imm, target } => {
                br_if_cmp!(regs.u32(lhs), <, imm as u32, target)
            }
            Instr::BrI32GtSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), >, imm, target),
            Instr::BrI32GtUImm { lhs, imm, target } => {
                br_if_cmp!(regs.u32(lhs), >, imm as u32, target)
            }
            Instr::BrI32LeSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), <=, imm, target),
            Instr::BrI32LeUImm { lhs, imm, target } => {
                br_if_cmp!(regs.u32(lhs), <=, imm as u32, target)
            }
            Instr::BrI32GeSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), >=, imm, target),
            Instr::BrI32GeUImm { lhs, imm, target } => {
                br_if_cmp!(regs.u32(lhs), >=, imm as u32, target)
            }
            Instr::BrI64EqImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), ==, i64::from(imm), target)
            }
            Instr::BrI64NeImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), !=, i64::from(imm), target)
            }
            Instr::BrI64LtSImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), <, i64::from(imm), target)
            }
            Instr::BrI64LtUImm { lhs, imm, target } => {
                br_if_cmp!(regs.get(lhs), <, imm as i64 as u64, target)
            }
            Instr::BrI64GtSImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), >, i64::from(imm), target)
            }
            Instr::BrI64GtUImm { lhs, imm, target } => {
                br_if_cmp!(regs.get(lhs), >, imm as i64 as u64, target)
            }
            Instr::BrI64LeSImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), <=, i64::from(imm), target)
            }
            Instr::BrI64LeUImm { lhs, imm, target } => {
                br_if_cmp!(regs.get(lhs), <=, imm as i64 as u64, target)
            }
            Instr::BrI64GeSImm { lhs, imm, target } => {
                br_if_cmp!(regs.i64(lhs), >=, i64::from(imm), target)
            }
            Instr::BrI64GeUImm { lhs, imm, target } => {
                br_if_cmp!(regs.get(lhs), >=, imm as i64 as u64, target)
            }
            Instr::I32LoadWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
            }
            Instr::I64LoadWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 8, u64::from_le_bytes)
            }
            Instr::I32Load8SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            }
            Instr::I32Load8UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            }
            Instr::I32Load16SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            }
            Instr::I32Load16UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            }
            Instr::I64Load8SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            }
            Instr::I64Load8UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            }
            Instr::I64Load16SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| i16::from_le_bytes(b) as i64 as u64)
            }
            Instr::I64Load16UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            }
            Instr::I64Load32SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| i32::from_le_bytes(b) as i64 as u64)
            }
            Instr::I64Load32UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
            }
            Instr::I32StoreWrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    4,
                    (regs.get(value) as u32).to_le_bytes()
                )
            }
            Instr::I64StoreWrap { base, value, imm } => {
                store_to!(wrap_addr!(base, imm), 0, 8, regs.get(value).to_le_bytes())
            }
            Instr::I32Store8Wrap { base, value, imm } => {
                store_to!(wrap_addr!(base, imm), 0, 1, [regs.get(value) as u8])
            }
            Instr::I32Store16Wrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    2,
                    (regs.get(value) as u16).to_le_bytes()
                )
            }
            Instr::I64Store32Wrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    4,
                    (regs.get(value) as u32).to_le_bytes()
                )
            }
            Instr::I32StoreImm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 4, imm.to_le_bytes())
            }
            Instr::I64StoreImm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 8, i64::from(imm).to_le_bytes())
            }
            Instr::I32Store8Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 1, [imm as u8])
            }
            Instr::I32Store16Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 2, (imm as u16).to_le_bytes())
            }
            Instr::I64Store32Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 4, imm.to_le_bytes())
            }
            Instr::I32Load { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            }
            Instr::I64Load { dst, addr, offset } => load!(dst, addr, offset, 8, u64::from_le_bytes),
            Instr::I32Load8S { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            }
            Instr::I32Load8U { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            }
            Instr::I32Load16S { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            }
            Instr::I32Load16U { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            }
            Instr::I64Load8S { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            }
            Instr::I64Load8U { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            }
            Instr::I64Load16S { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| i16::from_le_bytes(b) as i64
                    as u64)
            }
            Instr::I64Load16U { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            }
            Instr::I64Load32S { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| i32::from_le_bytes(b) as i64
                    as u64)
            }
            Instr::I64Load32U { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            }
            Instr::I32Store {
                addr,
                value,
                offset,
            } => {
                store!(addr, value, offset, 4, |v: u64| (v as u32).to_le_bytes())
            }
            Instr::I64Store {
                addr,
                value,
                offset,
            } => {
                store!(addr, value, offset, 8, |v: u64| v.to_le_bytes())
            }
            Instr::I32Store8 {
                addr,
                value,
                offset,
            } => store!(addr, value, offset, 1, |v: u64| [v as u8]),
            Instr::I32Store16 {
                addr,
                value,
                offset,
            } => {
                store!(addr, value, offset, 2, |v: u64| (v as u16).to_le_bytes())
            }
            Instr::I64Store32 {
                addr,
                value,
                offset,
            } => {
                store!(addr, value, offset, 4, |v: u64| (v as u32).to_le_bytes())
            }
        }
    }
}
