//! Typed function references: `call_ref` and `ref.as_non_null` (the branches on null are
//! ordinary conditional branches; see the translator).

use super::call::call;
use super::prelude::*;
use super::tail_call::referenced_func;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::CallRef { func_ref, base } => {
        let f = tr!(referenced_func(regs.get(func_ref)));
        // SAFETY: `CallRef` is followed by another instruction.
        let ret = unsafe { ip.add(1) };
        call(cx, regs, mem, f, base, ret)
    };
    Instr::RefAsNonNull { src } => {
        if regs.get(src) == 0 {
            trap!(TrapCode::NullReference)
        }
        next!()
    };
}
