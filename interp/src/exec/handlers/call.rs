//! Calls: a fast path for the common case (a wasm function of the same instance, with room
//! on both stacks), and slow twins for everything else (host functions, other instances,
//! growing a stack, many locals, running out of call depth).

use super::prelude::*;
use crate::error::Error;
use crate::exec::dispatch::{IndexSpaces, fail};
use crate::exec::run::{reserve, zero_locals};
use crate::exec::{host, table};
use crate::stacks::Frame;
use crate::store::FuncKind;

/// Makes `instance` the running instance; returns the memory view to continue with (`mem`
/// when it already was).
#[inline(always)]
pub(super) fn enter_instance<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    instance: u32,
    mem: MemView,
) -> MemView {
    if instance == cx.inst {
        return mem;
    }
    cx.inst = instance;
    cx.index_spaces = IndexSpaces::of(&cx.store.inner, cx.inst);
    memory_view(&mut cx.store.inner, cx.m, cx.inst)
}

/// Enters function `f` (store index) with its arguments at slot `base` of the current
/// frame; the caller resumes at `ret`.
#[inline(always)]
pub(super) fn call<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    f: u32,
    base: u32,
    ret: *const Instr,
) -> Flow {
    let callee_off = cx.fp_off + base as usize;
    if let FuncKind::Untranslated { .. } = &cx.store.inner.funcs[f as usize].kind
        && let Err(e) = cx.store.inner.ensure_translated(f)
    {
        return fail(cx, e);
    }
    match &cx.store.inner.funcs[f as usize].kind {
        FuncKind::Wasm { instance, code } => {
            if cx.frames.len() - cx.entry_depth + 1 >= cx.max_frames
                || callee_off + code.frame_size as usize > cx.max_stack_slots
            {
                return trap(cx, TrapCode::CallStackExhausted);
            }
            cx.frames.push(Frame {
                ret_ip: ret.expose_provenance(),
                fp_off: cx.fp_off,
                inst: cx.inst,
            });
            unchecked::enter_frame(code.frame_size);
            cx.fp_off = callee_off;
            let callee = ActiveFrame::at(reserve(
                cx.stack,
                callee_off,
                code.frame_size,
                cx.max_stack_slots,
            ));
            zero_locals(callee, code);
            let (ip, instance) = (code.code.as_ptr(), *instance);
            let mem = enter_instance(cx, instance, mem);
            dispatch(cx, ip, callee, mem)
        }
        FuncKind::Host { index } => {
            let index = *index;
            let depth = (cx.frames.len() - cx.entry_depth + 1) as u32;
            cx.store.inner.depth_in_use += depth;
            // SAFETY: `base` is a slot of the current frame.
            let args_fp = unsafe { regs.fp.add(base as usize) };
            let args = ActiveFrame::at(args_fp);
            let stack_end = cx.stack.as_ptr_range().end;
            let r = host::call_from_wasm(cx.store, cx.inst, f, index, args, stack_end);
            cx.store.inner.depth_in_use -= depth;
            if let Err(e) = r {
                return fail(cx, e);
            }
            // The host may have grown memory. The value stack stays put: a nested call into
            // wasm runs on a stack of its own (this run's is taken out of the store).
            unchecked::set_stack_end(cx.stack.as_ptr_range().end);
            let mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
            cx.index_spaces = IndexSpaces::of(&cx.store.inner, cx.inst);
            dispatch(cx, ret, regs, mem)
        }
        FuncKind::Untranslated { .. } => fail(
            cx,
            Error::usage("a function could not be prepared for its call"),
        ),
    }
}

/// The fast path of a call to function `f` (store index) with its arguments at slot `base`:
/// when the callee is a wasm function of the running instance with at most
/// `FAST_CALL_LOCALS` declared locals, and the caller's frame record and the callee's slots
/// fit in what the stacks already hold. Then pushes the record and returns the callee's first instruction and
/// frame; otherwise returns `None` having changed nothing. It calls nothing, so a handler
/// built on it saves no registers.
#[inline(always)]
fn enter_fast<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    f: u32,
    base: u32,
    ret: *const Instr,
) -> Option<(*const Instr, ActiveFrame)> {
    let entity = cx.store.inner.funcs.get(f as usize)?;
    let FuncKind::Wasm { instance, code } = &entity.kind else {
        return None;
    };
    let len = cx.frames.len();
    let callee_off = cx.fp_off + base as usize;
    let declared = code.num_locals - code.num_params;
    if *instance != cx.inst
        || len == cx.frames.capacity()
        || len - cx.entry_depth + 1 >= cx.max_frames
        || callee_off + code.frame_size as usize > cx.stack.len()
        || declared > FAST_CALL_LOCALS
    {
        return None;
    }
    let record = Frame {
        ret_ip: ret.expose_provenance(),
        fp_off: cx.fp_off,
        inst: cx.inst,
    };
    // SAFETY: `len < capacity`, so element `len` is allocated; it is written before the
    // length covers it.
    unsafe {
        cx.frames.as_mut_ptr().add(len).write(record);
        cx.frames.set_len(len + 1);
    }
    unchecked::enter_frame(code.frame_size);
    cx.fp_off = callee_off;
    // SAFETY: `callee_off + frame_size <= stack.len()` (checked above).
    let fp = unsafe { cx.stack.as_mut_ptr().add(callee_off) };
    let first = code.num_params as usize;
    if declared <= 4 {
        // The common case unrolled: a loop costs the calls of small functions several
        // instructions more.
        for i in 0..4 {
            if i < declared as usize {
                // SAFETY: declared locals are slots `num_params..num_locals`, below
                // `frame_size`, which fits (checked above).
                unsafe { fp.add(first + i).write(0) };
            }
        }
    } else {
        // SAFETY: declared locals are slots `num_params..num_locals`, and `frame_size`
        // exceeds `num_locals` (translation adds a scratch slot), so the frame fits them
        // rounded up to a pair (checked above).
        unsafe { zero_pairs(fp.add(first), declared) };
    }
    Some((code.code.as_ptr(), ActiveFrame::at(fp)))
}

/// How many declared locals a callee may have for the fast call path; most functions
/// compilers emit have fewer (more go the general path, which zeroes them with `memset`).
const FAST_CALL_LOCALS: u32 = 32;

/// Zeroes `n` slots from `p`, two at a time (so the slot after them too when `n` is odd),
/// in a loop of volatile stores: a plain loop the compiler turns into a `memset` call, and
/// the fast call path is meant to call nothing.
///
/// # Safety
/// `p` must be valid for writes of `n` rounded up to even slots.
#[inline(always)]
unsafe fn zero_pairs(p: *mut u64, n: u32) {
    let mut pair = p.cast::<[u64; 2]>();
    for _ in 0..n.div_ceil(2) {
        // SAFETY: the caller makes `n` rounded up to even slots from `p` writable; this
        // pair is among them, and aligned (`[u64; 2]` is aligned as `u64` is).
        unsafe {
            pair.write_volatile(Default::default());
            pair = pair.add(1);
        }
    }
}

/// Enters the callee: the fast path, falling back to the slow twin (`fast_path`), or the
/// general path (`general_path`). (Not the memory tiers of `with_mem_ptr!`: calls have two
/// paths of their own, and make no memory access.)
macro_rules! call_mode {
    (fast_path, $name:ident, $cx:ident, $ip:ident, $regs:ident, $mem:ident, $f:expr, $base:expr, $ret:expr) => {
        match enter_fast($cx, $f, $base, $ret) {
            Some((callee_ip, callee)) => dispatch($cx, callee_ip, callee, $mem),
            None => to_slow!($name, $cx, $ip),
        }
    };
    (general_path, $name:ident, $cx:ident, $ip:ident, $regs:ident, $mem:ident, $f:expr, $base:expr, $ret:expr) => {
        call($cx, $regs, $mem, $f, $base, $ret)
    };
}

/// The arms, once as fast handlers (`fast_path`) and once as their slow twins
/// (`general_path`).
macro_rules! arms {
    ($d:tt $mode:ident) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            Instr::Call { func, base } => {
                let f = cx.index_spaces.func(func);
                // SAFETY: `Call` is followed by another instruction.
                let ret = unsafe { ip.add(1) };
                call_mode!($mode, Call, cx, ip, regs, mem, f, base, ret)
            };
            Instr::CallIndirect { type_id, index, base, } => {
                // SAFETY: `CallIndirect` is always followed by its `TableOperand`.
                let Instr::TableOperand { table } = (unsafe { *ip.add(1) }) else {
                    trap!(TrapCode::UndefinedElement)
                };
                let t = inst_data!().tables[table as usize];
                let r = match table::get(&cx.store.inner, t, regs.get(index)) {
                    Ok(r) => r,
                    Err(_) => trap!(TrapCode::UndefinedElement),
                };
                let Some(f) = r.checked_sub(1) else {
                    trap!(TrapCode::UninitializedElement)
                };
                if cx.store.inner.funcs[f as usize].type_id != type_id {
                    trap!(TrapCode::IndirectCallTypeMismatch);
                }
                // SAFETY: the `TableOperand` is followed by another instruction.
                let ret = unsafe { ip.add(2) };
                // A table element is a store function index plus one, so it fits in a `u32`.
                call_mode!($mode, CallIndirect, cx, ip, regs, mem, f as u32, base, ret)
            };
        }
    };
}

arms!($ fast_path);

/// The slow twins.
pub(super) mod slow {
    use super::super::prelude::*;
    use super::{call, table};

    arms!($ general_path);
}
