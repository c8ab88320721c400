//! Numeric operations: unary, binary and binary-with-immediate.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::I32Eqz { dst, src } => un!(dst, src, u32, set_bool, |a: u32| a == 0);
    Instr::I32Clz { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.leading_zeros());
    Instr::I32Ctz { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.trailing_zeros());
    Instr::I32Popcnt { dst, src } => un!(dst, src, u32, set_u32, |a: u32| a.count_ones());
    Instr::I64Eqz { dst, src } => un!(dst, src, get, set_bool, |a: u64| a == 0);
    Instr::I64Clz { dst, src } => {
        un!(dst, src, get, set, |a: u64| u64::from(a.leading_zeros()))
    };
    Instr::I64Ctz { dst, src } => {
        un!(dst, src, get, set, |a: u64| u64::from(a.trailing_zeros()))
    };
    Instr::I64Popcnt { dst, src } => {
        un!(dst, src, get, set, |a: u64| u64::from(a.count_ones()))
    };
    Instr::F32Abs { dst, src } => un!(dst, src, f32, set_f32, f32::abs);
    Instr::F32Neg { dst, src } => un!(dst, src, f32, set_f32, |a: f32| -a);
    Instr::F32Ceil { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_ceil);
    Instr::F32Floor { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_floor);
    Instr::F32Trunc { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_trunc);
    Instr::F32Nearest { dst, src } => un!(dst, src, f32, set_f32, numeric::f32_nearest);
    Instr::F32Sqrt { dst, src } => un!(dst, src, f32, set_f32, f32::sqrt);
    Instr::F64Abs { dst, src } => un!(dst, src, f64, set_f64, f64::abs);
    Instr::F64Neg { dst, src } => un!(dst, src, f64, set_f64, |a: f64| -a);
    Instr::F64Ceil { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_ceil);
    Instr::F64Floor { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_floor);
    Instr::F64Trunc { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_trunc);
    Instr::F64Nearest { dst, src } => un!(dst, src, f64, set_f64, numeric::f64_nearest);
    Instr::F64Sqrt { dst, src } => un!(dst, src, f64, set_f64, f64::sqrt);
    Instr::I32WrapI64 { dst, src } => un!(dst, src, get, set_u32, |a: u64| a as u32);
    Instr::I32TruncF32S { dst, src } => {
        regs.set_i32(dst, tr!(numeric::i32_trunc_f32_s(regs.f32(src))));
        next!()
    };
    Instr::I32TruncF32U { dst, src } => {
        regs.set_u32(dst, tr!(numeric::i32_trunc_f32_u(regs.f32(src))));
        next!()
    };
    Instr::I32TruncF64S { dst, src } => {
        regs.set_i32(dst, tr!(numeric::i32_trunc_f64_s(regs.f64(src))));
        next!()
    };
    Instr::I32TruncF64U { dst, src } => {
        regs.set_u32(dst, tr!(numeric::i32_trunc_f64_u(regs.f64(src))));
        next!()
    };
    Instr::I64ExtendI32S { dst, src } => un!(dst, src, i32, set_i64, i64::from);
    Instr::I64ExtendI32U { dst, src } => un!(dst, src, u32, set, u64::from);
    Instr::I64TruncF32S { dst, src } => {
        regs.set_i64(dst, tr!(numeric::i64_trunc_f32_s(regs.f32(src))));
        next!()
    };
    Instr::I64TruncF32U { dst, src } => {
        regs.set(dst, tr!(numeric::i64_trunc_f32_u(regs.f32(src))));
        next!()
    };
    Instr::I64TruncF64S { dst, src } => {
        regs.set_i64(dst, tr!(numeric::i64_trunc_f64_s(regs.f64(src))));
        next!()
    };
    Instr::I64TruncF64U { dst, src } => {
        regs.set(dst, tr!(numeric::i64_trunc_f64_u(regs.f64(src))));
        next!()
    };
    Instr::F32ConvertI32S { dst, src } => un!(dst, src, i32, set_f32, |a: i32| a as f32);
    Instr::F32ConvertI32U { dst, src } => un!(dst, src, u32, set_f32, |a: u32| a as f32);
    Instr::F32ConvertI64S { dst, src } => un!(dst, src, i64, set_f32, |a: i64| a as f32);
    Instr::F32ConvertI64U { dst, src } => un!(dst, src, get, set_f32, |a: u64| a as f32);
    Instr::F32DemoteF64 { dst, src } => un!(dst, src, f64, set_f32, |a: f64| a as f32);
    Instr::F64ConvertI32S { dst, src } => un!(dst, src, i32, set_f64, f64::from);
    Instr::F64ConvertI32U { dst, src } => un!(dst, src, u32, set_f64, f64::from);
    Instr::F64ConvertI64S { dst, src } => un!(dst, src, i64, set_f64, |a: i64| a as f64);
    Instr::F64ConvertI64U { dst, src } => un!(dst, src, get, set_f64, |a: u64| a as f64);
    Instr::F64PromoteF32 { dst, src } => un!(dst, src, f32, set_f64, f64::from);
    Instr::I32Extend8S { dst, src } => un!(dst, src, i32, set_i32, |a: i32| a as i8 as i32);
    Instr::I32Extend16S { dst, src } => {
        un!(dst, src, i32, set_i32, |a: i32| a as i16 as i32)
    };
    Instr::I64Extend8S { dst, src } => un!(dst, src, i64, set_i64, |a: i64| a as i8 as i64);
    Instr::I64Extend16S { dst, src } => {
        un!(dst, src, i64, set_i64, |a: i64| a as i16 as i64)
    };
    Instr::I64Extend32S { dst, src } => {
        un!(dst, src, i64, set_i64, |a: i64| a as i32 as i64)
    };
    Instr::I32TruncSatF32S { dst, src } => un!(dst, src, f32, set_i32, |a: f32| a as i32);
    Instr::I32TruncSatF32U { dst, src } => un!(dst, src, f32, set_u32, |a: f32| a as u32);
    Instr::I32TruncSatF64S { dst, src } => un!(dst, src, f64, set_i32, |a: f64| a as i32);
    Instr::I32TruncSatF64U { dst, src } => un!(dst, src, f64, set_u32, |a: f64| a as u32);
    Instr::I64TruncSatF32S { dst, src } => un!(dst, src, f32, set_i64, |a: f32| a as i64);
    Instr::I64TruncSatF32U { dst, src } => un!(dst, src, f32, set, |a: f32| a as u64);
    Instr::I64TruncSatF64S { dst, src } => un!(dst, src, f64, set_i64, |a: f64| a as i64);
    Instr::I64TruncSatF64U { dst, src } => un!(dst, src, f64, set, |a: f64| a as u64);
    Instr::I32Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a == b);
    Instr::I32Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a != b);
    Instr::I32LtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a < b);
    Instr::I32LtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a < b);
    Instr::I32GtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a > b);
    Instr::I32GtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a > b);
    Instr::I32LeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a <= b);
    Instr::I32LeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a <= b);
    Instr::I32GeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i32, set_bool, |a, b| a >= b);
    Instr::I32GeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_bool, |a, b| a >= b);
    Instr::I64Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a == b);
    Instr::I64Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a != b);
    Instr::I64LtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a < b);
    Instr::I64LtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a < b);
    Instr::I64GtS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a > b);
    Instr::I64GtU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a > b);
    Instr::I64LeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a <= b);
    Instr::I64LeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a <= b);
    Instr::I64GeS { dst, lhs, rhs } => bin!(dst, lhs, rhs, i64, set_bool, |a, b| a >= b);
    Instr::I64GeU { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set_bool, |a, b| a >= b);
    Instr::F32Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a == b);
    Instr::F32Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a != b);
    Instr::F32Lt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a < b);
    Instr::F32Gt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a > b);
    Instr::F32Le { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a <= b);
    Instr::F32Ge { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_bool, |a, b| a >= b);
    Instr::F64Eq { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a == b);
    Instr::F64Ne { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a != b);
    Instr::F64Lt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a < b);
    Instr::F64Gt { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a > b);
    Instr::F64Le { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a <= b);
    Instr::F64Ge { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_bool, |a, b| a >= b);
    Instr::I32Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_add);
    Instr::I32Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_sub);
    Instr::I32Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_mul);
    Instr::I32DivS { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, i32, set_i32, numeric::i32_div_s)
    };
    Instr::I32DivU { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, u32, set_u32, numeric::i32_div_u)
    };
    Instr::I32RemS { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, i32, set_i32, numeric::i32_rem_s)
    };
    Instr::I32RemU { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, u32, set_u32, numeric::i32_rem_u)
    };
    Instr::I32And { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a & b);
    Instr::I32Or { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a | b);
    Instr::I32Xor { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, |a, b| a ^ b);
    Instr::I32Shl { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_shl);
    Instr::I32ShrS { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, u32, set_i32, |a: u32, b| (a as i32)
            .wrapping_shr(b))
    };
    Instr::I32ShrU { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, u32, set_u32, u32::wrapping_shr)
    };
    Instr::I32Rotl { dst, lhs, rhs } => bin!(dst, lhs, rhs, u32, set_u32, u32::rotate_left);
    Instr::I32Rotr { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, u32, set_u32, u32::rotate_right)
    };
    Instr::I64Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_add);
    Instr::I64Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_sub);
    Instr::I64Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, u64::wrapping_mul);
    Instr::I64DivS { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, i64, set_i64, numeric::i64_div_s)
    };
    Instr::I64DivU { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, get, set, numeric::i64_div_u)
    };
    Instr::I64RemS { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, i64, set_i64, numeric::i64_rem_s)
    };
    Instr::I64RemU { dst, lhs, rhs } => {
        bin_trap!(dst, lhs, rhs, get, set, numeric::i64_rem_u)
    };
    Instr::I64And { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a & b);
    Instr::I64Or { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a | b);
    Instr::I64Xor { dst, lhs, rhs } => bin!(dst, lhs, rhs, get, set, |a, b| a ^ b);
    Instr::I64Shl { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
            .wrapping_shl(b as u32))
    };
    Instr::I64ShrS { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, get, set_i64, |a: u64, b: u64| (a as i64)
            .wrapping_shr(b as u32))
    };
    Instr::I64ShrU { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
            .wrapping_shr(b as u32))
    };
    Instr::I64Rotl { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
            .rotate_left(b as u32))
    };
    Instr::I64Rotr { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, get, set, |a: u64, b: u64| a
            .rotate_right(b as u32))
    };
    Instr::F32Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a + b);
    Instr::F32Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a - b);
    Instr::F32Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a * b);
    Instr::F32Div { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, |a, b| a / b);
    Instr::F32Min { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, numeric::f32_min);
    Instr::F32Max { dst, lhs, rhs } => bin!(dst, lhs, rhs, f32, set_f32, numeric::f32_max);
    Instr::F32Copysign { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, f32, set_f32, f32::copysign)
    };
    Instr::F64Add { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a + b);
    Instr::F64Sub { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a - b);
    Instr::F64Mul { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a * b);
    Instr::F64Div { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, |a, b| a / b);
    Instr::F64Min { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, numeric::f64_min);
    Instr::F64Max { dst, lhs, rhs } => bin!(dst, lhs, rhs, f64, set_f64, numeric::f64_max);
    Instr::F64Copysign { dst, lhs, rhs } => {
        bin!(dst, lhs, rhs, f64, set_f64, f64::copysign)
    };
    Instr::I32AddImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_add(imm as u32))
    };
    Instr::I32MulImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_mul(imm as u32))
    };
    Instr::I32AndImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a & imm as u32)
    };
    Instr::I32OrImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a | imm as u32)
    };
    Instr::I32XorImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a ^ imm as u32)
    };
    Instr::I32ShlImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_shl(imm as u32))
    };
    Instr::I32ShrSImm { dst, lhs, imm } => {
        un!(dst, lhs, i32, set_i32, |a: i32| a.wrapping_shr(imm as u32))
    };
    Instr::I32ShrUImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.wrapping_shr(imm as u32))
    };
    Instr::I32RotlImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.rotate_left(imm as u32))
    };
    Instr::I32RotrImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_u32, |a: u32| a.rotate_right(imm as u32))
    };
    Instr::I64RotlImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a.rotate_left(imm as u32))
    };
    Instr::I64RotrImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a.rotate_right(imm as u32))
    };
    Instr::I32EqImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a == imm);
    Instr::I32NeImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a != imm);
    Instr::I32LtSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a < imm);
    Instr::I32LtUImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_bool, |a: u32| a < imm as u32)
    };
    Instr::I32GtSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a > imm);
    Instr::I32GtUImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_bool, |a: u32| a > imm as u32)
    };
    Instr::I32LeSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a <= imm);
    Instr::I32LeUImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_bool, |a: u32| a <= imm as u32)
    };
    Instr::I32GeSImm { dst, lhs, imm } => un!(dst, lhs, i32, set_bool, |a: i32| a >= imm);
    Instr::I32GeUImm { dst, lhs, imm } => {
        un!(dst, lhs, u32, set_bool, |a: u32| a >= imm as u32)
    };
    Instr::I64AddImm { dst, lhs, imm } => un!(dst, lhs, get, set, |a: u64| a
        .wrapping_add(imm as i64 as u64));
    Instr::I64MulImm { dst, lhs, imm } => un!(dst, lhs, get, set, |a: u64| a
        .wrapping_mul(imm as i64 as u64));
    Instr::I64AndImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a & imm as i64 as u64)
    };
    Instr::I64OrImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a | imm as i64 as u64)
    };
    Instr::I64XorImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a ^ imm as i64 as u64)
    };
    Instr::I64ShlImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a.wrapping_shl(imm as u32))
    };
    Instr::I64ShrSImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_i64, |a: i64| a.wrapping_shr(imm as u32))
    };
    Instr::I64ShrUImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set, |a: u64| a.wrapping_shr(imm as u32))
    };
    Instr::I64EqImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a == i64::from(imm))
    };
    Instr::I64NeImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a != i64::from(imm))
    };
    Instr::I64LtSImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a < i64::from(imm))
    };
    Instr::I64LtUImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set_bool, |a: u64| a < imm as i64 as u64)
    };
    Instr::I64GtSImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a > i64::from(imm))
    };
    Instr::I64GtUImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set_bool, |a: u64| a > imm as i64 as u64)
    };
    Instr::I64LeSImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a <= i64::from(imm))
    };
    Instr::I64LeUImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set_bool, |a: u64| a <= imm as i64 as u64)
    };
    Instr::I64GeSImm { dst, lhs, imm } => {
        un!(dst, lhs, i64, set_bool, |a: i64| a >= i64::from(imm))
    };
    Instr::I64GeUImm { dst, lhs, imm } => {
        un!(dst, lhs, get, set_bool, |a: u64| a >= imm as i64 as u64)
    };
}
