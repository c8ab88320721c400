//! Control flow: branches, calls and returns.

use super::call::switch_instance;
use super::prelude::*;
use crate::stacks::Frame;

/// Resumes a caller of another instance than the callee's, at `ip` in its frame `regs`.
/// The callee's instance may have grown a memory shared with the caller's, so the memory
/// view is taken afresh (within one instance `mem` is kept current by `memory.grow` and host
/// calls). Out of line, so that the return handler's common case saves no register: the
/// handler reaches it by a tail call, which its arguments must keep within the registers
/// that carry arguments (so no memory view: it takes its own), in the handlers' order (so
/// the handler keeps `ip` and `fp` where both ways out want them).
#[inline(never)]
fn resume_in_instance<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    ip: *const CodeCell,
    regs: ActiveFrame,
    instance: u32,
) -> Flow {
    let mem = switch_instance(cx, instance);
    dispatch(cx, ip, regs, mem)
}

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
    Instr::BrTableAcc { len } => br_table!(Operand::<u32>::read(InAcc, regs), len);
    Instr::BrTable { index, len } => br_table!(regs.u32(index), len);
    Instr::Return {} => {
        let len = cx.frames.len();
        // SAFETY: a run pushes `Frame::RUN_ENTRY` before its entry function starts, and
        // pops records only here, so while its code runs there is one at `len - 1`: the
        // caller's, or that one. Its first two fields are read before the length drops
        // below it (nothing is left to drop).
        let (ret_ip, fp) = unsafe {
            let f = cx.frames.as_ptr().add(len - 1);
            cx.frames.set_len(len - 1);
            ((*f).ret_ip, (*f).fp)
        };
        regs.fp = core::ptr::with_exposed_provenance_mut(fp);
        if ret_ip & Frame::OTHER_INSTANCE != 0 {
            // SAFETY: a record with the flag has its instance written (`Frame::inst`), and
            // the element is still allocated (only the length dropped).
            let inst = unsafe { (*cx.frames.as_ptr().add(len - 1)).inst.assume_init() };
            if inst == Frame::NO_INSTANCE {
                return Flow::Done;
            }
            unchecked::leave_frame();
            ip = core::ptr::with_exposed_provenance(ret_ip & !Frame::OTHER_INSTANCE);
            return resume_in_instance(cx, ip, regs, inst);
        }
        unchecked::leave_frame();
        ip = core::ptr::with_exposed_provenance(ret_ip);
        resume!()
    };
    Instr::TableOperand { .. } => next!();
    Instr::CopyBr { dst, src, target } => {
        regs.set(dst, regs.get(src));
        jump!(target)
    };
}
