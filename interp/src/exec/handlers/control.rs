//! Control flow: branches, calls and returns.

use super::prelude::*;
use crate::exec::dispatch::IndexSpaces;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Unreachable {} => trap!(TrapCode::Unreachable);
    Instr::ConsumeFuel { amount } => {
        let fuel = &mut cx.store.inner.fuel;
        match fuel.checked_sub(u64::from(amount)) {
            Some(left) => *fuel = left,
            None => {
                if let Err(code) = cx.store.inner.refuel(u64::from(amount)) {
                    trap!(code)
                }
            }
        }
        next!()
    };
    Instr::Br { target } => jump!(target);
    Instr::BrIfNez { cond, target } => branch_if!(target, |c: u32| c != 0, InSlot(cond));
    Instr::BrIfNezAcc { target } => branch_if!(target, |c: u32| c != 0, InAcc);
    Instr::BrIfEqz { cond, target } => branch_if!(target, |c: u32| c == 0, InSlot(cond));
    Instr::BrIfEqzAcc { target } => branch_if!(target, |c: u32| c == 0, InAcc);
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
    Instr::BrTableAcc { len } => br_table!(Operand::<u32>::read(InAcc, regs), len);
    Instr::BrTable { index, len } => br_table!(regs.u32(index), len);
    Instr::Return {} => {
        if cx.frames.len() == cx.entry_depth {
            return Flow::Done;
        }
        let Some(f) = cx.frames.pop() else {
            return Flow::Done;
        };
        unchecked::leave_frame();
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
            cx.index_spaces = IndexSpaces::of(&cx.store.inner, cx.inst);
        }
        resume!()
    };
    Instr::TableOperand { .. } => next!();
    Instr::CopyBr { dst, src, target } => {
        regs.set(dst, regs.get(src));
        jump!(target)
    };
}
