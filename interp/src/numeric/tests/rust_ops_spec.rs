//! Checks that the Rust operations the engine uses directly (without a wrapper in
//! `numeric`) already have wasm semantics, with known answers from `conversions.wast`,
//! `f32_bitwise.wast` and `i32.wast`. `black_box` keeps the compiler from folding constants,
//! so the machine instructions themselves are tested.

use super::nan::{
    F32_NAN, F64_NAN, assert_f32_nan_result, assert_f64_nan_result, f32_nan_inputs, f64_nan_inputs,
};
use core::hint::black_box;

/// `m * 2^exp` as f32, for `m` small enough to be exact.
fn f32_scaled(m: u32, exp: i32) -> f32 {
    let value = f64::from(m) * 2f64.powi(exp);
    let narrow = value as f32;
    assert_eq!(f64::from(narrow), value, "test constant must be exact");
    narrow
}

#[test]
fn int_to_float_rounds_to_nearest_even() {
    let u64_to_f32: [(u64, f32); 8] = [
        (0x7fff_ff80_0000_0001, f32_scaled(0xff_ffff, 39)),
        (0x7fff_ffbf_ffff_ffff, f32_scaled(0xff_ffff, 39)),
        (0x8000_0080_0000_0001, f32_scaled(0x80_0001, 40)),
        (0xffff_fe80_0000_0001, f32_scaled(0xff_ffff, 40)),
        (0x0020_0000_2000_0001, f32_scaled(0x80_0001, 30)),
        (u64::MAX, 18_446_744_073_709_551_616.0),
        (16_777_217, 16_777_216.0),
        (16_777_219, 16_777_220.0),
    ];
    for (n, want) in u64_to_f32 {
        assert_eq!((black_box(n) as f32).to_bits(), want.to_bits(), "{n:#x}");
    }
    let i64_to_f32: [(i64, f32); 4] = [
        (0x7fff_ff40_0000_0001, f32_scaled(0xff_ffff, 39)),
        (0x8000_0040_0000_0001_u64 as i64, -f32_scaled(0xff_ffff, 39)),
        (0xffdf_ffff_dfff_ffff_u64 as i64, -f32_scaled(0x80_0001, 30)),
        (-16_777_219, -16_777_220.0),
    ];
    for (n, want) in i64_to_f32 {
        assert_eq!((black_box(n) as f32).to_bits(), want.to_bits(), "{n:#x}");
    }
    let u32_to_f32: [(u32, f32); 5] = [
        (0x8000_0080, 2_147_483_648.0),
        (0x8000_0081, f32_scaled(0x80_0001, 8)),
        (0xffff_fe80, f32_scaled(0xff_fffe, 8)),
        (0xffff_fe81, f32_scaled(0xff_ffff, 8)),
        (u32::MAX, 4_294_967_296.0),
    ];
    for (n, want) in u32_to_f32 {
        assert_eq!((black_box(n) as f32).to_bits(), want.to_bits(), "{n:#x}");
    }
    let u64_to_f64: [(u64, u64); 4] = [
        (0x8000_0000_0000_0400, 0x43e0_0000_0000_0000),
        (0x8000_0000_0000_0401, 0x43e0_0000_0000_0001),
        (0xffff_ffff_ffff_f400, 0x43ef_ffff_ffff_fffe),
        (0xffff_ffff_ffff_f401, 0x43ef_ffff_ffff_ffff),
    ];
    for (n, want_bits) in u64_to_f64 {
        assert_eq!((black_box(n) as f64).to_bits(), want_bits, "{n:#x}");
    }
    assert_eq!(
        black_box(9_007_199_254_740_993_i64) as f64,
        9_007_199_254_740_992.0
    );
    assert_eq!(
        black_box(-9_007_199_254_740_995_i64) as f64,
        -9_007_199_254_740_996.0
    );
}

#[test]
fn saturating_truncation_spec_values() {
    assert_eq!(black_box(f32::from_bits(F32_NAN)) as i32, 0);
    assert_eq!(black_box(f64::from_bits(F64_NAN | 1 << 63)) as u64, 0);
    assert_eq!(black_box(2_147_483_648.0_f32) as i32, i32::MAX);
    assert_eq!(black_box(-2_147_483_904.0_f32) as i32, i32::MIN);
    assert_eq!(black_box(-1.0_f32) as u32, 0);
    assert_eq!(black_box(f32::INFINITY) as u32, u32::MAX);
    assert_eq!(black_box(4_294_967_295.9_f64) as u32, u32::MAX);
    assert_eq!(black_box(-0.9_f64) as u32, 0);
    assert_eq!(black_box(9_223_372_036_854_775_808.0_f64) as i64, i64::MAX);
    assert_eq!(black_box(f64::NEG_INFINITY) as i64, i64::MIN);
    assert_eq!(black_box(18_446_744_073_709_551_616.0_f64) as u64, u64::MAX);
}

#[test]
fn demote_and_promote_quiet_nans() {
    for (nan, canonical) in f64_nan_inputs() {
        assert_f32_nan_result(black_box(nan) as f32, canonical, "demote");
    }
    for (nan, canonical) in f32_nan_inputs() {
        assert_f64_nan_result(f64::from(black_box(nan)), canonical, "promote");
    }
    // Rounding of ordinary values: the f64 just above 1 + 2^-24 rounds up, a tie rounds even.
    assert_eq!(black_box(1.0 + 2f64.powi(-24)) as f32, 1.0);
    assert_eq!(
        black_box(1.0 + 3.0 * 2f64.powi(-24)) as f32,
        1.0 + 2f32.powi(-22)
    );
    assert_eq!(black_box(f64::MAX) as f32, f32::INFINITY);
}

#[test]
fn sqrt_and_arithmetic_quiet_nans() {
    for (nan, canonical) in f32_nan_inputs() {
        let nan = black_box(nan);
        assert_f32_nan_result(nan.sqrt(), canonical, "f32 sqrt");
        assert_f32_nan_result(nan + 1.0, canonical, "f32 add");
        assert_f32_nan_result(nan * 2.0, canonical, "f32 mul");
    }
    for (nan, canonical) in f64_nan_inputs() {
        let nan = black_box(nan);
        assert_f64_nan_result(nan.sqrt(), canonical, "f64 sqrt");
        assert_f64_nan_result(nan - 1.0, canonical, "f64 sub");
        assert_f64_nan_result(nan / 2.0, canonical, "f64 div");
    }
}

#[test]
fn sign_operations_touch_only_the_sign_bit() {
    let snan = black_box(f32::from_bits(0x7fa0_0000));
    assert_eq!((-snan).to_bits(), 0xffa0_0000);
    assert_eq!((-snan).abs().to_bits(), 0x7fa0_0000);
    assert_eq!(snan.copysign(-1.0).to_bits(), 0xffa0_0000);
    let snan64 = black_box(f64::from_bits(0xfff4_0000_0000_0000));
    assert_eq!(snan64.abs().to_bits(), 0x7ff4_0000_0000_0000);
    assert_eq!(snan64.copysign(0.0).to_bits(), 0x7ff4_0000_0000_0000);
}

#[test]
fn wrapping_shifts_and_rotates_mask_the_count() {
    // i32.wast: shl 1 by 32 is 1, by 33 is 2; shr_s of -1 by 0x7fffffff stays -1.
    assert_eq!(black_box(1_i32).wrapping_shl(32), 1);
    assert_eq!(black_box(1_i32).wrapping_shl(33), 2);
    assert_eq!(black_box(-1_i32).wrapping_shr(0x7fff_ffff), -1);
    assert_eq!(black_box(0x8000_0000_u32).wrapping_shr(33), 0x4000_0000);
    assert_eq!(black_box(1_i64).wrapping_shl(65), 2);
    // rotl: the count is taken modulo the width; `as u32` of a negative count is fine.
    assert_eq!(black_box(0xabcd_9876_u32).rotate_left(1), 0x579b_30ed);
    assert_eq!(black_box(1_u32).rotate_left(-1_i32 as u32), 0x8000_0000);
    assert_eq!(black_box(1_u64).rotate_right(65), 0x8000_0000_0000_0000);
}
