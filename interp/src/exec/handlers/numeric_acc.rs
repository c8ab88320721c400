//! Numeric operations whose (first) operand is the accumulator.

use super::prelude::*;

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::I32EqzAcc { dst } => un_acc!(dst, u32, set_bool, |a: u32| a == 0);
    Instr::I32ClzAcc { dst } => un_acc!(dst, u32, set_u32, |a: u32| a.leading_zeros());
    Instr::I32CtzAcc { dst } => un_acc!(dst, u32, set_u32, |a: u32| a.trailing_zeros());
    Instr::I32PopcntAcc { dst } => un_acc!(dst, u32, set_u32, |a: u32| a.count_ones());
    Instr::I64EqzAcc { dst } => un_acc!(dst, get, set_bool, |a: u64| a == 0);
    Instr::I64ClzAcc { dst } => {
        un_acc!(dst, get, set, |a: u64| u64::from(a.leading_zeros()))
    };
    Instr::I64CtzAcc { dst } => {
        un_acc!(dst, get, set, |a: u64| u64::from(a.trailing_zeros()))
    };
    Instr::I64PopcntAcc { dst } => {
        un_acc!(dst, get, set, |a: u64| u64::from(a.count_ones()))
    };
    Instr::F32AbsAcc { dst } => un_acc!(dst, f32, set_f32, f32::abs);
    Instr::F32NegAcc { dst } => un_acc!(dst, f32, set_f32, |a: f32| -a);
    Instr::F32CeilAcc { dst } => un_acc!(dst, f32, set_f32, numeric::f32_ceil);
    Instr::F32FloorAcc { dst } => un_acc!(dst, f32, set_f32, numeric::f32_floor);
    Instr::F32TruncAcc { dst } => un_acc!(dst, f32, set_f32, numeric::f32_trunc);
    Instr::F32NearestAcc { dst } => un_acc!(dst, f32, set_f32, numeric::f32_nearest);
    Instr::F32SqrtAcc { dst } => un_acc!(dst, f32, set_f32, f32::sqrt);
    Instr::F64AbsAcc { dst } => un_acc!(dst, f64, set_f64, f64::abs);
    Instr::F64NegAcc { dst } => un_acc!(dst, f64, set_f64, |a: f64| -a);
    Instr::F64CeilAcc { dst } => un_acc!(dst, f64, set_f64, numeric::f64_ceil);
    Instr::F64FloorAcc { dst } => un_acc!(dst, f64, set_f64, numeric::f64_floor);
    Instr::F64TruncAcc { dst } => un_acc!(dst, f64, set_f64, numeric::f64_trunc);
    Instr::F64NearestAcc { dst } => un_acc!(dst, f64, set_f64, numeric::f64_nearest);
    Instr::F64SqrtAcc { dst } => un_acc!(dst, f64, set_f64, f64::sqrt);
    Instr::I32WrapI64Acc { dst } => un_acc!(dst, get, set_u32, |a: u64| a as u32);
    Instr::I32TruncF32SAcc { dst } => {
        regs.set_i32(dst, tr!(numeric::i32_trunc_f32_s(bits::f32(regs.acc))));
        next!()
    };
    Instr::I32TruncF32UAcc { dst } => {
        regs.set_u32(dst, tr!(numeric::i32_trunc_f32_u(bits::f32(regs.acc))));
        next!()
    };
    Instr::I32TruncF64SAcc { dst } => {
        regs.set_i32(dst, tr!(numeric::i32_trunc_f64_s(bits::f64(regs.acc))));
        next!()
    };
    Instr::I32TruncF64UAcc { dst } => {
        regs.set_u32(dst, tr!(numeric::i32_trunc_f64_u(bits::f64(regs.acc))));
        next!()
    };
    Instr::I64ExtendI32SAcc { dst } => un_acc!(dst, i32, set_i64, i64::from);
    Instr::I64ExtendI32UAcc { dst } => un_acc!(dst, u32, set, u64::from);
    Instr::I64TruncF32SAcc { dst } => {
        regs.set_i64(dst, tr!(numeric::i64_trunc_f32_s(bits::f32(regs.acc))));
        next!()
    };
    Instr::I64TruncF32UAcc { dst } => {
        regs.set(dst, tr!(numeric::i64_trunc_f32_u(bits::f32(regs.acc))));
        next!()
    };
    Instr::I64TruncF64SAcc { dst } => {
        regs.set_i64(dst, tr!(numeric::i64_trunc_f64_s(bits::f64(regs.acc))));
        next!()
    };
    Instr::I64TruncF64UAcc { dst } => {
        regs.set(dst, tr!(numeric::i64_trunc_f64_u(bits::f64(regs.acc))));
        next!()
    };
    Instr::F32ConvertI32SAcc { dst } => un_acc!(dst, i32, set_f32, |a: i32| a as f32);
    Instr::F32ConvertI32UAcc { dst } => un_acc!(dst, u32, set_f32, |a: u32| a as f32);
    Instr::F32ConvertI64SAcc { dst } => un_acc!(dst, i64, set_f32, |a: i64| a as f32);
    Instr::F32ConvertI64UAcc { dst } => un_acc!(dst, get, set_f32, |a: u64| a as f32);
    Instr::F32DemoteF64Acc { dst } => un_acc!(dst, f64, set_f32, |a: f64| a as f32);
    Instr::F64ConvertI32SAcc { dst } => un_acc!(dst, i32, set_f64, f64::from);
    Instr::F64ConvertI32UAcc { dst } => un_acc!(dst, u32, set_f64, f64::from);
    Instr::F64ConvertI64SAcc { dst } => un_acc!(dst, i64, set_f64, |a: i64| a as f64);
    Instr::F64ConvertI64UAcc { dst } => un_acc!(dst, get, set_f64, |a: u64| a as f64);
    Instr::F64PromoteF32Acc { dst } => un_acc!(dst, f32, set_f64, f64::from);
    Instr::I32Extend8SAcc { dst } => un_acc!(dst, i32, set_i32, |a: i32| a as i8 as i32);
    Instr::I32Extend16SAcc { dst } => {
        un_acc!(dst, i32, set_i32, |a: i32| a as i16 as i32)
    };
    Instr::I64Extend8SAcc { dst } => un_acc!(dst, i64, set_i64, |a: i64| a as i8 as i64);
    Instr::I64Extend16SAcc { dst } => {
        un_acc!(dst, i64, set_i64, |a: i64| a as i16 as i64)
    };
    Instr::I64Extend32SAcc { dst } => {
        un_acc!(dst, i64, set_i64, |a: i64| a as i32 as i64)
    };
    Instr::I32TruncSatF32SAcc { dst } => un_acc!(dst, f32, set_i32, |a: f32| a as i32);
    Instr::I32TruncSatF32UAcc { dst } => un_acc!(dst, f32, set_u32, |a: f32| a as u32);
    Instr::I32TruncSatF64SAcc { dst } => un_acc!(dst, f64, set_i32, |a: f64| a as i32);
    Instr::I32TruncSatF64UAcc { dst } => un_acc!(dst, f64, set_u32, |a: f64| a as u32);
    Instr::I64TruncSatF32SAcc { dst } => un_acc!(dst, f32, set_i64, |a: f32| a as i64);
    Instr::I64TruncSatF32UAcc { dst } => un_acc!(dst, f32, set, |a: f32| a as u64);
    Instr::I64TruncSatF64SAcc { dst } => un_acc!(dst, f64, set_i64, |a: f64| a as i64);
    Instr::I64TruncSatF64UAcc { dst } => un_acc!(dst, f64, set, |a: f64| a as u64);
    Instr::I32EqAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a == b);
    Instr::I32NeAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a != b);
    Instr::I32LtSAcc { dst, rhs } => bin_acc!(dst, rhs, i32, set_bool, |a, b| a < b);
    Instr::I32LtUAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a < b);
    Instr::I32GtSAcc { dst, rhs } => bin_acc!(dst, rhs, i32, set_bool, |a, b| a > b);
    Instr::I32GtUAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a > b);
    Instr::I32LeSAcc { dst, rhs } => bin_acc!(dst, rhs, i32, set_bool, |a, b| a <= b);
    Instr::I32LeUAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a <= b);
    Instr::I32GeSAcc { dst, rhs } => bin_acc!(dst, rhs, i32, set_bool, |a, b| a >= b);
    Instr::I32GeUAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_bool, |a, b| a >= b);
    Instr::I64EqAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a == b);
    Instr::I64NeAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a != b);
    Instr::I64LtSAcc { dst, rhs } => bin_acc!(dst, rhs, i64, set_bool, |a, b| a < b);
    Instr::I64LtUAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a < b);
    Instr::I64GtSAcc { dst, rhs } => bin_acc!(dst, rhs, i64, set_bool, |a, b| a > b);
    Instr::I64GtUAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a > b);
    Instr::I64LeSAcc { dst, rhs } => bin_acc!(dst, rhs, i64, set_bool, |a, b| a <= b);
    Instr::I64LeUAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a <= b);
    Instr::I64GeSAcc { dst, rhs } => bin_acc!(dst, rhs, i64, set_bool, |a, b| a >= b);
    Instr::I64GeUAcc { dst, rhs } => bin_acc!(dst, rhs, get, set_bool, |a, b| a >= b);
    Instr::F32EqAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a == b);
    Instr::F32NeAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a != b);
    Instr::F32LtAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a < b);
    Instr::F32GtAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a > b);
    Instr::F32LeAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a <= b);
    Instr::F32GeAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_bool, |a, b| a >= b);
    Instr::F64EqAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a == b);
    Instr::F64NeAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a != b);
    Instr::F64LtAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a < b);
    Instr::F64GtAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a > b);
    Instr::F64LeAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a <= b);
    Instr::F64GeAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_bool, |a, b| a >= b);
    Instr::I32AddAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, u32::wrapping_add);
    Instr::I32SubAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, u32::wrapping_sub);
    Instr::I32MulAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, u32::wrapping_mul);
    Instr::I32DivSAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, i32, set_i32, numeric::i32_div_s)
    };
    Instr::I32DivUAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, u32, set_u32, numeric::i32_div_u)
    };
    Instr::I32RemSAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, i32, set_i32, numeric::i32_rem_s)
    };
    Instr::I32RemUAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, u32, set_u32, numeric::i32_rem_u)
    };
    Instr::I32AndAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, |a, b| a & b);
    Instr::I32OrAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, |a, b| a | b);
    Instr::I32XorAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, |a, b| a ^ b);
    Instr::I32ShlAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, u32::wrapping_shl);
    Instr::I32ShrSAcc { dst, rhs } => {
        bin_acc!(dst, rhs, u32, set_i32, |a: u32, b| (a as i32)
            .wrapping_shr(b))
    };
    Instr::I32ShrUAcc { dst, rhs } => {
        bin_acc!(dst, rhs, u32, set_u32, u32::wrapping_shr)
    };
    Instr::I32RotlAcc { dst, rhs } => bin_acc!(dst, rhs, u32, set_u32, u32::rotate_left);
    Instr::I32RotrAcc { dst, rhs } => {
        bin_acc!(dst, rhs, u32, set_u32, u32::rotate_right)
    };
    Instr::I64AddAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, u64::wrapping_add);
    Instr::I64SubAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, u64::wrapping_sub);
    Instr::I64MulAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, u64::wrapping_mul);
    Instr::I64DivSAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, i64, set_i64, numeric::i64_div_s)
    };
    Instr::I64DivUAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, get, set, numeric::i64_div_u)
    };
    Instr::I64RemSAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, i64, set_i64, numeric::i64_rem_s)
    };
    Instr::I64RemUAcc { dst, rhs } => {
        bin_trap_acc!(dst, rhs, get, set, numeric::i64_rem_u)
    };
    Instr::I64AndAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, |a, b| a & b);
    Instr::I64OrAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, |a, b| a | b);
    Instr::I64XorAcc { dst, rhs } => bin_acc!(dst, rhs, get, set, |a, b| a ^ b);
    Instr::I64ShlAcc { dst, rhs } => {
        bin_acc!(dst, rhs, get, set, |a: u64, b: u64| a
            .wrapping_shl(b as u32))
    };
    Instr::I64ShrSAcc { dst, rhs } => {
        bin_acc!(dst, rhs, get, set_i64, |a: u64, b: u64| (a as i64)
            .wrapping_shr(b as u32))
    };
    Instr::I64ShrUAcc { dst, rhs } => {
        bin_acc!(dst, rhs, get, set, |a: u64, b: u64| a
            .wrapping_shr(b as u32))
    };
    Instr::I64RotlAcc { dst, rhs } => {
        bin_acc!(dst, rhs, get, set, |a: u64, b: u64| a
            .rotate_left(b as u32))
    };
    Instr::I64RotrAcc { dst, rhs } => {
        bin_acc!(dst, rhs, get, set, |a: u64, b: u64| a
            .rotate_right(b as u32))
    };
    Instr::F32AddAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, |a, b| a + b);
    Instr::F32SubAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, |a, b| a - b);
    Instr::F32MulAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, |a, b| a * b);
    Instr::F32DivAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, |a, b| a / b);
    Instr::F32MinAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, numeric::f32_min);
    Instr::F32MaxAcc { dst, rhs } => bin_acc!(dst, rhs, f32, set_f32, numeric::f32_max);
    Instr::F32CopysignAcc { dst, rhs } => {
        bin_acc!(dst, rhs, f32, set_f32, f32::copysign)
    };
    Instr::F64AddAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, |a, b| a + b);
    Instr::F64SubAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, |a, b| a - b);
    Instr::F64MulAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, |a, b| a * b);
    Instr::F64DivAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, |a, b| a / b);
    Instr::F64MinAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, numeric::f64_min);
    Instr::F64MaxAcc { dst, rhs } => bin_acc!(dst, rhs, f64, set_f64, numeric::f64_max);
    Instr::F64CopysignAcc { dst, rhs } => {
        bin_acc!(dst, rhs, f64, set_f64, f64::copysign)
    };
    Instr::I32AddImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.wrapping_add(imm as u32))
    };
    Instr::I32MulImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.wrapping_mul(imm as u32))
    };
    Instr::I32AndImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a & imm as u32)
    };
    Instr::I32OrImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a | imm as u32)
    };
    Instr::I32XorImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a ^ imm as u32)
    };
    Instr::I32ShlImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.wrapping_shl(imm as u32))
    };
    Instr::I32ShrSImmAcc { dst, imm } => {
        un_acc!(dst, i32, set_i32, |a: i32| a.wrapping_shr(imm as u32))
    };
    Instr::I32ShrUImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.wrapping_shr(imm as u32))
    };
    Instr::I32EqImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a == imm);
    Instr::I32NeImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a != imm);
    Instr::I32LtSImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a < imm);
    Instr::I32LtUImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_bool, |a: u32| a < imm as u32)
    };
    Instr::I32GtSImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a > imm);
    Instr::I32GtUImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_bool, |a: u32| a > imm as u32)
    };
    Instr::I32LeSImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a <= imm);
    Instr::I32LeUImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_bool, |a: u32| a <= imm as u32)
    };
    Instr::I32GeSImmAcc { dst, imm } => un_acc!(dst, i32, set_bool, |a: i32| a >= imm);
    Instr::I32GeUImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_bool, |a: u32| a >= imm as u32)
    };
    Instr::I32RotlImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.rotate_left(imm as u32))
    };
    Instr::I32RotrImmAcc { dst, imm } => {
        un_acc!(dst, u32, set_u32, |a: u32| a.rotate_right(imm as u32))
    };
    Instr::I64AddImmAcc { dst, imm } => un_acc!(dst, get, set, |a: u64| a
        .wrapping_add(imm as i64 as u64));
    Instr::I64MulImmAcc { dst, imm } => un_acc!(dst, get, set, |a: u64| a
        .wrapping_mul(imm as i64 as u64));
    Instr::I64AndImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a & imm as i64 as u64)
    };
    Instr::I64OrImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a | imm as i64 as u64)
    };
    Instr::I64XorImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a ^ imm as i64 as u64)
    };
    Instr::I64ShlImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a.wrapping_shl(imm as u32))
    };
    Instr::I64ShrSImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_i64, |a: i64| a.wrapping_shr(imm as u32))
    };
    Instr::I64ShrUImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a.wrapping_shr(imm as u32))
    };
    Instr::I64EqImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a == i64::from(imm))
    };
    Instr::I64NeImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a != i64::from(imm))
    };
    Instr::I64LtSImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a < i64::from(imm))
    };
    Instr::I64LtUImmAcc { dst, imm } => {
        un_acc!(dst, get, set_bool, |a: u64| a < imm as i64 as u64)
    };
    Instr::I64GtSImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a > i64::from(imm))
    };
    Instr::I64GtUImmAcc { dst, imm } => {
        un_acc!(dst, get, set_bool, |a: u64| a > imm as i64 as u64)
    };
    Instr::I64LeSImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a <= i64::from(imm))
    };
    Instr::I64LeUImmAcc { dst, imm } => {
        un_acc!(dst, get, set_bool, |a: u64| a <= imm as i64 as u64)
    };
    Instr::I64GeSImmAcc { dst, imm } => {
        un_acc!(dst, i64, set_bool, |a: i64| a >= i64::from(imm))
    };
    Instr::I64GeUImmAcc { dst, imm } => {
        un_acc!(dst, get, set_bool, |a: u64| a >= imm as i64 as u64)
    };
    Instr::I64RotlImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a.rotate_left(imm as u32))
    };
    Instr::I64RotrImmAcc { dst, imm } => {
        un_acc!(dst, get, set, |a: u64| a.rotate_right(imm as u32))
    };
}
