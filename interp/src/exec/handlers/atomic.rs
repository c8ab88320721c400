//! The threads proposal's instructions: one handler for all of them on memory 0 (their cost
//! is the atomic operation, not the dispatch), which leaves every other handler unchanged,
//! and one for all of them on other memories.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Atomic { op, base, .. } => {
        let Some(result) = crate::exec::atomic::execute(cx, regs, mem, ip) else {
            return Flow::Trap;
        };
        if op.kind().has_result() {
            regs.set(base, result);
        }
        next!()
    };
    Instr::AtomicAt { op, base, .. } => {
        let Some(result) = crate::exec::atomic::execute(cx, regs, mem, ip) else {
            return Flow::Trap;
        };
        if op.kind().has_result() {
            regs.set(base, result);
        }
        // SAFETY: skips the `MemoryOperand`, which is followed by another instruction.
        ip = unsafe { ip.add(1) };
        next!()
    };
}
