//! Compare-and-branch and conditional branches on the accumulator.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::BrI32EqAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), ==, regs.u32(rhs), target)
    };
    Instr::BrI32NeAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), !=, regs.u32(rhs), target)
    };
    Instr::BrI32LtSAcc { rhs, target } => {
        br_if_cmp!(bits::i32(regs.acc), <, regs.i32(rhs), target)
    };
    Instr::BrI32LtUAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), <, regs.u32(rhs), target)
    };
    Instr::BrI32GtSAcc { rhs, target } => {
        br_if_cmp!(bits::i32(regs.acc), >, regs.i32(rhs), target)
    };
    Instr::BrI32GtUAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), >, regs.u32(rhs), target)
    };
    Instr::BrI32LeSAcc { rhs, target } => {
        br_if_cmp!(bits::i32(regs.acc), <=, regs.i32(rhs), target)
    };
    Instr::BrI32LeUAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), <=, regs.u32(rhs), target)
    };
    Instr::BrI32GeSAcc { rhs, target } => {
        br_if_cmp!(bits::i32(regs.acc), >=, regs.i32(rhs), target)
    };
    Instr::BrI32GeUAcc { rhs, target } => {
        br_if_cmp!(bits::u32(regs.acc), >=, regs.u32(rhs), target)
    };
    Instr::BrI64EqAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), ==, regs.get(rhs), target)
    };
    Instr::BrI64NeAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), !=, regs.get(rhs), target)
    };
    Instr::BrI64LtSAcc { rhs, target } => {
        br_if_cmp!(bits::i64(regs.acc), <, regs.i64(rhs), target)
    };
    Instr::BrI64LtUAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), <, regs.get(rhs), target)
    };
    Instr::BrI64GtSAcc { rhs, target } => {
        br_if_cmp!(bits::i64(regs.acc), >, regs.i64(rhs), target)
    };
    Instr::BrI64GtUAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), >, regs.get(rhs), target)
    };
    Instr::BrI64LeSAcc { rhs, target } => {
        br_if_cmp!(bits::i64(regs.acc), <=, regs.i64(rhs), target)
    };
    Instr::BrI64LeUAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), <=, regs.get(rhs), target)
    };
    Instr::BrI64GeSAcc { rhs, target } => {
        br_if_cmp!(bits::i64(regs.acc), >=, regs.i64(rhs), target)
    };
    Instr::BrI64GeUAcc { rhs, target } => {
        br_if_cmp!(bits::get(regs.acc), >=, regs.get(rhs), target)
    };
    Instr::BrI32EqImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), ==, imm, target);
    Instr::BrI32NeImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), !=, imm, target);
    Instr::BrI32LtSImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), <, imm, target);
    Instr::BrI32LtUImmAcc { imm, target } => {
        br_if_cmp!(bits::u32(regs.acc), <, imm as u32, target)
    };
    Instr::BrI32GtSImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), >, imm, target);
    Instr::BrI32GtUImmAcc { imm, target } => {
        br_if_cmp!(bits::u32(regs.acc), >, imm as u32, target)
    };
    Instr::BrI32LeSImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), <=, imm, target);
    Instr::BrI32LeUImmAcc { imm, target } => {
        br_if_cmp!(bits::u32(regs.acc), <=, imm as u32, target)
    };
    Instr::BrI32GeSImmAcc { imm, target } => br_if_cmp!(bits::i32(regs.acc), >=, imm, target);
    Instr::BrI32GeUImmAcc { imm, target } => {
        br_if_cmp!(bits::u32(regs.acc), >=, imm as u32, target)
    };
    Instr::BrI64EqImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), ==, i64::from(imm), target)
    };
    Instr::BrI64NeImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), !=, i64::from(imm), target)
    };
    Instr::BrI64LtSImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), <, i64::from(imm), target)
    };
    Instr::BrI64LtUImmAcc { imm, target } => {
        br_if_cmp!(bits::get(regs.acc), <, imm as i64 as u64, target)
    };
    Instr::BrI64GtSImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), >, i64::from(imm), target)
    };
    Instr::BrI64GtUImmAcc { imm, target } => {
        br_if_cmp!(bits::get(regs.acc), >, imm as i64 as u64, target)
    };
    Instr::BrI64LeSImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), <=, i64::from(imm), target)
    };
    Instr::BrI64LeUImmAcc { imm, target } => {
        br_if_cmp!(bits::get(regs.acc), <=, imm as i64 as u64, target)
    };
    Instr::BrI64GeSImmAcc { imm, target } => {
        br_if_cmp!(bits::i64(regs.acc), >=, i64::from(imm), target)
    };
    Instr::BrI64GeUImmAcc { imm, target } => {
        br_if_cmp!(bits::get(regs.acc), >=, imm as i64 as u64, target)
    };
    Instr::BrIfNezAcc { target } => {
        if bits::u32(regs.acc) != 0 {
            jump!(target)
        }
        next!()
    };
    Instr::BrIfEqzAcc { target } => {
        if bits::u32(regs.acc) == 0 {
            jump!(target)
        }
        next!()
    };
}
