//! The SIMD operation table: one row per SIMD and relaxed-SIMD instruction that has a
//! regular shape, naming the `Instr` variant (the same name as wasmparser's `Operator`, so
//! the translation is generated too) and the function of [`super::ops`] that computes it.
//!
//! Row kinds (operands and results in frame slots; a `v128` takes two adjacent slots):
//! - `simd_unary`: `dst = f(src)`, v128 to v128;
//! - `simd_binary`: `dst = f(lhs, rhs)`, v128s to v128;
//! - `simd_ternary`: `base = f(base, base + 2, base + 4)`, three v128s to a v128;
//! - `simd_shift`: `dst = f(lhs, rhs)`, a v128 and an i32 to a v128;
//! - `simd_splat`: `dst = f(src)`, a scalar to a v128;
//! - `simd_test`: `dst = f(src)`, a v128 to an i32;
//! - `simd_extract`: `dst = f(src, lane)`, a v128 to a scalar;
//! - `simd_replace`: `dst = f(lhs, lane, rhs)`, a v128 and a scalar to a v128;
//! - `simd_load` / `simd_store`: `f` decodes the `n` bytes at `addr + offset` / encodes
//!   the v128 stored there;
//! - `simd_load_lane` / `simd_store_lane`: one lane of `n` bytes replaced from / stored to
//!   memory.
//!
//! The instructions with immediates that do not fit a row (`v128.const`, `i8x16.shuffle`)
//! and the v128 forms of copies, `select` and globals are written out in `crate::instr`.

/// Calls macro `$m` (a path, in brackets) with a literal `$`, the tokens in the second
/// brackets, the computing rows of the SIMD table (`simd_unary` .. `simd_replace`), then the
/// tokens after the brackets: for the consumers that handle those rows only.
macro_rules! simd_compute_rows {
    ($d:tt [$($m:tt)*] [$($extra:tt)*] $($after:tt)*) => {
        $($m)*! {
            $d $($extra)*
        simd_unary: [
            V128Not = v128_not;
            I8x16Abs = i8x16_abs;
            I8x16Neg = i8x16_neg;
            I8x16Popcnt = i8x16_popcnt;
            I16x8ExtAddPairwiseI8x16S = i16x8_extadd_pairwise_i8x16_s;
            I16x8ExtAddPairwiseI8x16U = i16x8_extadd_pairwise_i8x16_u;
            I16x8Abs = i16x8_abs;
            I16x8Neg = i16x8_neg;
            I16x8ExtendLowI8x16S = i16x8_extend_low_i8x16_s;
            I16x8ExtendHighI8x16S = i16x8_extend_high_i8x16_s;
            I16x8ExtendLowI8x16U = i16x8_extend_low_i8x16_u;
            I16x8ExtendHighI8x16U = i16x8_extend_high_i8x16_u;
            I32x4ExtAddPairwiseI16x8S = i32x4_extadd_pairwise_i16x8_s;
            I32x4ExtAddPairwiseI16x8U = i32x4_extadd_pairwise_i16x8_u;
            I32x4Abs = i32x4_abs;
            I32x4Neg = i32x4_neg;
            I32x4ExtendLowI16x8S = i32x4_extend_low_i16x8_s;
            I32x4ExtendHighI16x8S = i32x4_extend_high_i16x8_s;
            I32x4ExtendLowI16x8U = i32x4_extend_low_i16x8_u;
            I32x4ExtendHighI16x8U = i32x4_extend_high_i16x8_u;
            I64x2Abs = i64x2_abs;
            I64x2Neg = i64x2_neg;
            I64x2ExtendLowI32x4S = i64x2_extend_low_i32x4_s;
            I64x2ExtendHighI32x4S = i64x2_extend_high_i32x4_s;
            I64x2ExtendLowI32x4U = i64x2_extend_low_i32x4_u;
            I64x2ExtendHighI32x4U = i64x2_extend_high_i32x4_u;
            F32x4Ceil = f32x4_ceil;
            F32x4Floor = f32x4_floor;
            F32x4Trunc = f32x4_trunc;
            F32x4Nearest = f32x4_nearest;
            F32x4Abs = f32x4_abs;
            F32x4Neg = f32x4_neg;
            F32x4Sqrt = f32x4_sqrt;
            F64x2Ceil = f64x2_ceil;
            F64x2Floor = f64x2_floor;
            F64x2Trunc = f64x2_trunc;
            F64x2Nearest = f64x2_nearest;
            F64x2Abs = f64x2_abs;
            F64x2Neg = f64x2_neg;
            F64x2Sqrt = f64x2_sqrt;
            I32x4TruncSatF32x4S = i32x4_trunc_sat_f32x4_s;
            I32x4TruncSatF32x4U = i32x4_trunc_sat_f32x4_u;
            F32x4ConvertI32x4S = f32x4_convert_i32x4_s;
            F32x4ConvertI32x4U = f32x4_convert_i32x4_u;
            I32x4TruncSatF64x2SZero = i32x4_trunc_sat_f64x2_s_zero;
            I32x4TruncSatF64x2UZero = i32x4_trunc_sat_f64x2_u_zero;
            F64x2ConvertLowI32x4S = f64x2_convert_low_i32x4_s;
            F64x2ConvertLowI32x4U = f64x2_convert_low_i32x4_u;
            F32x4DemoteF64x2Zero = f32x4_demote_f64x2_zero;
            F64x2PromoteLowF32x4 = f64x2_promote_low_f32x4;
            I32x4RelaxedTruncF32x4S = i32x4_relaxed_trunc_f32x4_s;
            I32x4RelaxedTruncF32x4U = i32x4_relaxed_trunc_f32x4_u;
            I32x4RelaxedTruncF64x2SZero = i32x4_relaxed_trunc_f64x2_s_zero;
            I32x4RelaxedTruncF64x2UZero = i32x4_relaxed_trunc_f64x2_u_zero;
        ],
        simd_binary: [
            V128And = v128_and;
            V128AndNot = v128_andnot;
            V128Or = v128_or;
            V128Xor = v128_xor;
            I8x16Swizzle = i8x16_swizzle;
            I8x16Eq = i8x16_eq;
            I8x16Ne = i8x16_ne;
            I8x16LtS = i8x16_lt_s;
            I8x16LtU = i8x16_lt_u;
            I8x16GtS = i8x16_gt_s;
            I8x16GtU = i8x16_gt_u;
            I8x16LeS = i8x16_le_s;
            I8x16LeU = i8x16_le_u;
            I8x16GeS = i8x16_ge_s;
            I8x16GeU = i8x16_ge_u;
            I16x8Eq = i16x8_eq;
            I16x8Ne = i16x8_ne;
            I16x8LtS = i16x8_lt_s;
            I16x8LtU = i16x8_lt_u;
            I16x8GtS = i16x8_gt_s;
            I16x8GtU = i16x8_gt_u;
            I16x8LeS = i16x8_le_s;
            I16x8LeU = i16x8_le_u;
            I16x8GeS = i16x8_ge_s;
            I16x8GeU = i16x8_ge_u;
            I32x4Eq = i32x4_eq;
            I32x4Ne = i32x4_ne;
            I32x4LtS = i32x4_lt_s;
            I32x4LtU = i32x4_lt_u;
            I32x4GtS = i32x4_gt_s;
            I32x4GtU = i32x4_gt_u;
            I32x4LeS = i32x4_le_s;
            I32x4LeU = i32x4_le_u;
            I32x4GeS = i32x4_ge_s;
            I32x4GeU = i32x4_ge_u;
            I64x2Eq = i64x2_eq;
            I64x2Ne = i64x2_ne;
            I64x2LtS = i64x2_lt_s;
            I64x2GtS = i64x2_gt_s;
            I64x2LeS = i64x2_le_s;
            I64x2GeS = i64x2_ge_s;
            F32x4Eq = f32x4_eq;
            F32x4Ne = f32x4_ne;
            F32x4Lt = f32x4_lt;
            F32x4Gt = f32x4_gt;
            F32x4Le = f32x4_le;
            F32x4Ge = f32x4_ge;
            F64x2Eq = f64x2_eq;
            F64x2Ne = f64x2_ne;
            F64x2Lt = f64x2_lt;
            F64x2Gt = f64x2_gt;
            F64x2Le = f64x2_le;
            F64x2Ge = f64x2_ge;
            I8x16NarrowI16x8S = i8x16_narrow_i16x8_s;
            I8x16NarrowI16x8U = i8x16_narrow_i16x8_u;
            I8x16Add = i8x16_add;
            I8x16AddSatS = i8x16_add_sat_s;
            I8x16AddSatU = i8x16_add_sat_u;
            I8x16Sub = i8x16_sub;
            I8x16SubSatS = i8x16_sub_sat_s;
            I8x16SubSatU = i8x16_sub_sat_u;
            I8x16MinS = i8x16_min_s;
            I8x16MinU = i8x16_min_u;
            I8x16MaxS = i8x16_max_s;
            I8x16MaxU = i8x16_max_u;
            I8x16AvgrU = i8x16_avgr_u;
            I16x8Q15MulrSatS = i16x8_q15mulr_sat_s;
            I16x8NarrowI32x4S = i16x8_narrow_i32x4_s;
            I16x8NarrowI32x4U = i16x8_narrow_i32x4_u;
            I16x8Add = i16x8_add;
            I16x8AddSatS = i16x8_add_sat_s;
            I16x8AddSatU = i16x8_add_sat_u;
            I16x8Sub = i16x8_sub;
            I16x8SubSatS = i16x8_sub_sat_s;
            I16x8SubSatU = i16x8_sub_sat_u;
            I16x8Mul = i16x8_mul;
            I16x8MinS = i16x8_min_s;
            I16x8MinU = i16x8_min_u;
            I16x8MaxS = i16x8_max_s;
            I16x8MaxU = i16x8_max_u;
            I16x8AvgrU = i16x8_avgr_u;
            I16x8ExtMulLowI8x16S = i16x8_extmul_low_i8x16_s;
            I16x8ExtMulHighI8x16S = i16x8_extmul_high_i8x16_s;
            I16x8ExtMulLowI8x16U = i16x8_extmul_low_i8x16_u;
            I16x8ExtMulHighI8x16U = i16x8_extmul_high_i8x16_u;
            I32x4Add = i32x4_add;
            I32x4Sub = i32x4_sub;
            I32x4Mul = i32x4_mul;
            I32x4MinS = i32x4_min_s;
            I32x4MinU = i32x4_min_u;
            I32x4MaxS = i32x4_max_s;
            I32x4MaxU = i32x4_max_u;
            I32x4DotI16x8S = i32x4_dot_i16x8_s;
            I32x4ExtMulLowI16x8S = i32x4_extmul_low_i16x8_s;
            I32x4ExtMulHighI16x8S = i32x4_extmul_high_i16x8_s;
            I32x4ExtMulLowI16x8U = i32x4_extmul_low_i16x8_u;
            I32x4ExtMulHighI16x8U = i32x4_extmul_high_i16x8_u;
            I64x2Add = i64x2_add;
            I64x2Sub = i64x2_sub;
            I64x2Mul = i64x2_mul;
            I64x2ExtMulLowI32x4S = i64x2_extmul_low_i32x4_s;
            I64x2ExtMulHighI32x4S = i64x2_extmul_high_i32x4_s;
            I64x2ExtMulLowI32x4U = i64x2_extmul_low_i32x4_u;
            I64x2ExtMulHighI32x4U = i64x2_extmul_high_i32x4_u;
            F32x4Add = f32x4_add;
            F32x4Sub = f32x4_sub;
            F32x4Mul = f32x4_mul;
            F32x4Div = f32x4_div;
            F32x4Min = f32x4_min;
            F32x4Max = f32x4_max;
            F32x4PMin = f32x4_pmin;
            F32x4PMax = f32x4_pmax;
            F64x2Add = f64x2_add;
            F64x2Sub = f64x2_sub;
            F64x2Mul = f64x2_mul;
            F64x2Div = f64x2_div;
            F64x2Min = f64x2_min;
            F64x2Max = f64x2_max;
            F64x2PMin = f64x2_pmin;
            F64x2PMax = f64x2_pmax;
            I8x16RelaxedSwizzle = i8x16_relaxed_swizzle;
            F32x4RelaxedMin = f32x4_relaxed_min;
            F32x4RelaxedMax = f32x4_relaxed_max;
            F64x2RelaxedMin = f64x2_relaxed_min;
            F64x2RelaxedMax = f64x2_relaxed_max;
            I16x8RelaxedQ15mulrS = i16x8_relaxed_q15mulr_s;
            I16x8RelaxedDotI8x16I7x16S = i16x8_relaxed_dot_i8x16_i7x16_s;
        ],
        simd_ternary: [
            V128Bitselect = v128_bitselect;
            F32x4RelaxedMadd = f32x4_relaxed_madd;
            F32x4RelaxedNmadd = f32x4_relaxed_nmadd;
            F64x2RelaxedMadd = f64x2_relaxed_madd;
            F64x2RelaxedNmadd = f64x2_relaxed_nmadd;
            I8x16RelaxedLaneselect = i8x16_relaxed_laneselect;
            I16x8RelaxedLaneselect = i16x8_relaxed_laneselect;
            I32x4RelaxedLaneselect = i32x4_relaxed_laneselect;
            I64x2RelaxedLaneselect = i64x2_relaxed_laneselect;
            I32x4RelaxedDotI8x16I7x16AddS = i32x4_relaxed_dot_i8x16_i7x16_add_s;
        ],
        simd_shift: [
            I8x16Shl = i8x16_shl;
            I8x16ShrS = i8x16_shr_s;
            I8x16ShrU = i8x16_shr_u;
            I16x8Shl = i16x8_shl;
            I16x8ShrS = i16x8_shr_s;
            I16x8ShrU = i16x8_shr_u;
            I32x4Shl = i32x4_shl;
            I32x4ShrS = i32x4_shr_s;
            I32x4ShrU = i32x4_shr_u;
            I64x2Shl = i64x2_shl;
            I64x2ShrS = i64x2_shr_s;
            I64x2ShrU = i64x2_shr_u;
        ],
        simd_splat: [
            I8x16Splat = i8x16_splat;
            I16x8Splat = i16x8_splat;
            I32x4Splat = i32x4_splat;
            I64x2Splat = i64x2_splat;
            F32x4Splat = f32x4_splat;
            F64x2Splat = f64x2_splat;
        ],
        simd_test: [
            V128AnyTrue = v128_any_true;
            I8x16AllTrue = i8x16_all_true;
            I8x16Bitmask = i8x16_bitmask;
            I16x8AllTrue = i16x8_all_true;
            I16x8Bitmask = i16x8_bitmask;
            I32x4AllTrue = i32x4_all_true;
            I32x4Bitmask = i32x4_bitmask;
            I64x2AllTrue = i64x2_all_true;
            I64x2Bitmask = i64x2_bitmask;
        ],
        simd_extract: [
            I8x16ExtractLaneS = i8x16_extract_lane_s;
            I8x16ExtractLaneU = i8x16_extract_lane_u;
            I16x8ExtractLaneS = i16x8_extract_lane_s;
            I16x8ExtractLaneU = i16x8_extract_lane_u;
            I32x4ExtractLane = i32x4_extract_lane;
            I64x2ExtractLane = i64x2_extract_lane;
            F32x4ExtractLane = f32x4_extract_lane;
            F64x2ExtractLane = f64x2_extract_lane;
        ],
        simd_replace: [
            I8x16ReplaceLane = i8x16_replace_lane;
            I16x8ReplaceLane = i16x8_replace_lane;
            I32x4ReplaceLane = i32x4_replace_lane;
            I64x2ReplaceLane = i64x2_replace_lane;
            F32x4ReplaceLane = f32x4_replace_lane;
            F64x2ReplaceLane = f64x2_replace_lane;
        ],
        $($after)*
        }
    };
}
pub(crate) use simd_compute_rows;

/// As [`simd_compute_rows`], with the memory rows (`simd_load` .. `simd_store_lane`).
macro_rules! simd_memory_rows {
    ($d:tt [$($m:tt)*] [$($extra:tt)*] $($after:tt)*) => {
        $($m)*! {
            $d $($extra)*
        simd_load: [
            V128Load = v128_load(16);
            V128Load8x8S = v128_load8x8_s(8);
            V128Load8x8U = v128_load8x8_u(8);
            V128Load16x4S = v128_load16x4_s(8);
            V128Load16x4U = v128_load16x4_u(8);
            V128Load32x2S = v128_load32x2_s(8);
            V128Load32x2U = v128_load32x2_u(8);
            V128Load8Splat = v128_load8_splat(1);
            V128Load16Splat = v128_load16_splat(2);
            V128Load32Splat = v128_load32_splat(4);
            V128Load64Splat = v128_load64_splat(8);
            V128Load32Zero = v128_load32_zero(4);
            V128Load64Zero = v128_load64_zero(8);
        ],
        simd_store: [
            V128Store = v128_store(16);
        ],
        simd_load_lane: [
            V128Load8Lane = v128_load8_lane(1);
            V128Load16Lane = v128_load16_lane(2);
            V128Load32Lane = v128_load32_lane(4);
            V128Load64Lane = v128_load64_lane(8);
        ],
        simd_store_lane: [
            V128Store8Lane = v128_store8_lane(1);
            V128Store16Lane = v128_store16_lane(2);
            V128Store32Lane = v128_store32_lane(4);
            V128Store64Lane = v128_store64_lane(8);
        ],
        $($after)*
        }
    };
}
pub(crate) use simd_memory_rows;

/// Calls macro `$m` (a path, in brackets) with a literal `$`, the tokens after the
/// brackets, then the whole SIMD table: the computing rows, then the memory rows.
macro_rules! with_simd_table {
    ($d:tt [$($m:tt)*] $($extra:tt)*) => {
        $crate::simd::table::simd_memory_rows!(
            $d [$crate::simd::table::simd_compute_rows] [[$($m)*] [$($extra)*]]
        );
    };
}
pub(crate) use with_simd_table;

/// Forwards to `op_table::with_op_table!` (the second step of [`with_all_ops`]).
macro_rules! simd_then_ops {
    ($d:tt $m:ident $($extra:tt)*) => {
        $crate::op_table::with_op_table!($d $m $($extra)*);
    };
}
pub(crate) use simd_then_ops;

/// Calls macro `$m` with a literal `$`, the SIMD table's sections, then the scalar operation
/// table's (`crate::op_table`).
macro_rules! with_all_ops {
    ($d:tt $m:ident) => {
        $crate::simd::table::with_simd_table!($d [$crate::simd::table::simd_then_ops] $m);
    };
}
pub(crate) use with_all_ops;
