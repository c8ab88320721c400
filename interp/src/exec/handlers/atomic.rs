//! The threads proposal's instructions: one handler for all of them (their cost is the
//! atomic operation, not the dispatch), which leaves every other handler unchanged.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Atomic { op, base, offset } => {
        let result = tr!(crate::exec::atomic::execute(cx, regs, mem, op, base, offset));
        if op.kind().has_result() {
            regs.set(base, result);
        }
        next!()
    };
}
