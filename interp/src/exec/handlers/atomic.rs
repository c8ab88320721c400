//! The threads proposal's instructions: one handler for all of them (their cost is the
//! atomic operation, not the dispatch), which leaves every other handler unchanged.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Atomic { op, base, offset } => {
        tr!(crate::exec::atomic::execute(cx, &mut regs, mem, op, base, offset));
        next!()
    };
}
