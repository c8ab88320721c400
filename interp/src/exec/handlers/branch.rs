//! Fused compare-and-branch instructions.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::BrI32Eq { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), ==, regs.u32(rhs), target)
    };
    Instr::BrI32Ne { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), !=, regs.u32(rhs), target)
    };
    Instr::BrI32LtS { lhs, rhs, target } => {
        br_if_cmp!(regs.i32(lhs), <, regs.i32(rhs), target)
    };
    Instr::BrI32LtU { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), <, regs.u32(rhs), target)
    };
    Instr::BrI32GtS { lhs, rhs, target } => {
        br_if_cmp!(regs.i32(lhs), >, regs.i32(rhs), target)
    };
    Instr::BrI32GtU { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), >, regs.u32(rhs), target)
    };
    Instr::BrI32LeS { lhs, rhs, target } => {
        br_if_cmp!(regs.i32(lhs), <=, regs.i32(rhs), target)
    };
    Instr::BrI32LeU { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), <=, regs.u32(rhs), target)
    };
    Instr::BrI32GeS { lhs, rhs, target } => {
        br_if_cmp!(regs.i32(lhs), >=, regs.i32(rhs), target)
    };
    Instr::BrI32GeU { lhs, rhs, target } => {
        br_if_cmp!(regs.u32(lhs), >=, regs.u32(rhs), target)
    };
    Instr::BrI64Eq { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), ==, regs.get(rhs), target)
    };
    Instr::BrI64Ne { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), !=, regs.get(rhs), target)
    };
    Instr::BrI64LtS { lhs, rhs, target } => {
        br_if_cmp!(regs.i64(lhs), <, regs.i64(rhs), target)
    };
    Instr::BrI64LtU { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), <, regs.get(rhs), target)
    };
    Instr::BrI64GtS { lhs, rhs, target } => {
        br_if_cmp!(regs.i64(lhs), >, regs.i64(rhs), target)
    };
    Instr::BrI64GtU { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), >, regs.get(rhs), target)
    };
    Instr::BrI64LeS { lhs, rhs, target } => {
        br_if_cmp!(regs.i64(lhs), <=, regs.i64(rhs), target)
    };
    Instr::BrI64LeU { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), <=, regs.get(rhs), target)
    };
    Instr::BrI64GeS { lhs, rhs, target } => {
        br_if_cmp!(regs.i64(lhs), >=, regs.i64(rhs), target)
    };
    Instr::BrI64GeU { lhs, rhs, target } => {
        br_if_cmp!(regs.get(lhs), >=, regs.get(rhs), target)
    };
    Instr::BrI32EqImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), ==, imm, target);
    Instr::BrI32NeImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), !=, imm, target);
    Instr::BrI32LtSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), <, imm, target);
    Instr::BrI32LtUImm { lhs, imm, target } => {
        br_if_cmp!(regs.u32(lhs), <, imm as u32, target)
    };
    Instr::BrI32GtSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), >, imm, target);
    Instr::BrI32GtUImm { lhs, imm, target } => {
        br_if_cmp!(regs.u32(lhs), >, imm as u32, target)
    };
    Instr::BrI32LeSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), <=, imm, target);
    Instr::BrI32LeUImm { lhs, imm, target } => {
        br_if_cmp!(regs.u32(lhs), <=, imm as u32, target)
    };
    Instr::BrI32GeSImm { lhs, imm, target } => br_if_cmp!(regs.i32(lhs), >=, imm, target);
    Instr::BrI32GeUImm { lhs, imm, target } => {
        br_if_cmp!(regs.u32(lhs), >=, imm as u32, target)
    };
    Instr::BrI64EqImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), ==, i64::from(imm), target)
    };
    Instr::BrI64NeImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), !=, i64::from(imm), target)
    };
    Instr::BrI64LtSImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), <, i64::from(imm), target)
    };
    Instr::BrI64LtUImm { lhs, imm, target } => {
        br_if_cmp!(regs.get(lhs), <, imm as i64 as u64, target)
    };
    Instr::BrI64GtSImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), >, i64::from(imm), target)
    };
    Instr::BrI64GtUImm { lhs, imm, target } => {
        br_if_cmp!(regs.get(lhs), >, imm as i64 as u64, target)
    };
    Instr::BrI64LeSImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), <=, i64::from(imm), target)
    };
    Instr::BrI64LeUImm { lhs, imm, target } => {
        br_if_cmp!(regs.get(lhs), <=, imm as i64 as u64, target)
    };
    Instr::BrI64GeSImm { lhs, imm, target } => {
        br_if_cmp!(regs.i64(lhs), >=, i64::from(imm), target)
    };
    Instr::BrI64GeUImm { lhs, imm, target } => {
        br_if_cmp!(regs.get(lhs), >=, imm as i64 as u64, target)
    };
}
