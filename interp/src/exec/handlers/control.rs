//! Control flow: branches, calls and returns.

use super::prelude::*;
use crate::exec::dispatch::{InstTables, fail};
use crate::exec::run::{reserve, zero_locals};
use crate::exec::{Frame, host, table};
use crate::store::FuncKind;

/// Enters function `f` (store index) with its arguments at slot `base` of the current
/// frame; the caller resumes at `ret`.
#[inline(always)]
fn call<T, M: MemoryAccess>(
    cx: &mut Ctx<'_, T, M>,
    regs: Regs,
    mem: MemView,
    f: u32,
    base: u32,
    ret: *const Instr,
) -> Flow {
    let callee_off = cx.fp_off + base as usize;
    match &cx.store.inner.funcs[f as usize].kind {
        FuncKind::Wasm { instance, code } => {
            if cx.frames.len() - cx.entry_depth + 1 >= cx.max_frames {
                return trap(cx, TrapCode::CallStackExhausted);
            }
            cx.frames.push(Frame {
                ret_ip: ret.expose_provenance(),
                fp_off: cx.fp_off,
                inst: cx.inst,
            });
            cx.fp_off = callee_off;
            let callee = Regs::at(reserve(cx.stack, callee_off, code.frame_size));
            zero_locals(callee, code);
            let ip = code.code.as_ptr();
            let mut mem = mem;
            if *instance != cx.inst {
                cx.inst = *instance;
                mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
                cx.tables = InstTables::of(&cx.store.inner, cx.inst);
            }
            dispatch(cx, ip, callee, mem)
        }
        FuncKind::Host { index } => {
            let index = *index;
            let depth = (cx.frames.len() - cx.entry_depth + 1) as u32;
            cx.store.inner.depth_in_use += depth;
            // SAFETY: `base` is a slot of the current frame.
            let args_fp = unsafe { regs.fp.add(base as usize) };
            let args = Regs::at(args_fp);
            let r = host::call_from_wasm(cx.store, cx.inst, index, args);
            cx.store.inner.depth_in_use -= depth;
            if let Err(e) = r {
                return fail(cx, e);
            }
            // The host may have grown memory. The value stack stays put: a nested call into
            // wasm runs on a stack of its own (this run's is taken out of the store).
            let mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
            cx.tables = InstTables::of(&cx.store.inner, cx.inst);
            dispatch(cx, ret, regs, mem)
        }
    }
}

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Unreachable {} => trap!(TrapCode::Unreachable);
    Instr::ConsumeFuel { amount } => {
        let fuel = &mut cx.store.inner.fuel;
        match fuel.checked_sub(u64::from(amount)) {
            Some(left) => *fuel = left,
            None => {
                // What is left cannot pay for this block: none of it can be used.
                *fuel = 0;
                trap!(TrapCode::OutOfFuel)
            }
        }
        next!()
    };
    Instr::Br { target } => jump!(target);
    Instr::BrIfNez { cond, target } => {
        if regs.u32(cond) != 0 {
            jump!(target)
        }
        next!()
    };
    Instr::BrIfEqz { cond, target } => {
        if regs.u32(cond) == 0 {
            jump!(target)
        }
        next!()
    };
    Instr::I32AddImmBrNez { slot, imm, target } => {
        let v = regs.u32(slot).wrapping_add(imm as u32);
        regs.set_u32(slot, v);
        if v != 0 {
            jump!(target)
        }
        next!()
    };
    Instr::I32AddImmBrNe { slots, imm, target } => {
        let (slot, bound) = (slots & 0xffff, slots >> 16);
        let v = regs.u32(slot).wrapping_add(imm as u32);
        regs.set_u32(slot, v);
        if v != regs.u32(bound) {
            jump!(target)
        }
        next!()
    };
    Instr::I32AddImmBrNeImm { slot_imm, bound, target, } => {
        let (slot, imm) = (slot_imm & 0xffff, (slot_imm >> 16) as u16 as i16);
        let v = regs.u32(slot).wrapping_add(imm as i32 as u32);
        regs.set_u32(slot, v);
        if v != bound as u32 {
            jump!(target)
        }
        next!()
    };
    Instr::BrTable { index, len } => {
        let i = regs.u32(index).min(len);
        // SAFETY: `BrTable` is followed by `len + 1` `Br` entries.
        ip = unsafe { ip.add(1 + i as usize) };
        // Take the entry's jump right away rather than dispatching it.
        // SAFETY: `ip` points at one of those entries.
        if let Instr::Br { target } = unsafe { *ip } {
            jump!(target)
        }
        resume!()
    };
    Instr::Return {} => {
        if cx.frames.len() == cx.entry_depth {
            return Flow::Done;
        }
        let Some(f) = cx.frames.pop() else {
            return Flow::Done;
        };
        ip = core::ptr::with_exposed_provenance(f.ret_ip);
        cx.fp_off = f.fp_off;
        // SAFETY: the caller's frame lies below the callee's, within the stack.
        let fp = unsafe { cx.stack.as_mut_ptr().add(cx.fp_off) };
        regs.fp = fp;
        if f.inst != cx.inst {
            // Another instance's code ran: it may have grown a memory shared with
            // ours. Within one instance `mem` is kept current by `memory.grow` and
            // host calls.
            cx.inst = f.inst;
            mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
            cx.tables = InstTables::of(&cx.store.inner, cx.inst);
        }
        resume!()
    };
    Instr::Call { func, base } => {
        let f = cx.tables.func(func);
        // SAFETY: `Call` is followed by another instruction.
        let ret = unsafe { ip.add(1) };
        call(cx, regs, mem, f, base, ret)
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
        call(cx, regs, mem, f as u32, base, ret)
    };
    Instr::TableOperand { .. } => next!();
    Instr::CopyBr { dst, src, target } => {
        regs.set(dst, regs.get(src));
        jump!(target)
    };
}
