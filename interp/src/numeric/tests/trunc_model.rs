//! Trapping truncations against an i128 model: truncate toward zero in float arithmetic,
//! widen to i128 (exact for every value that can fit a 64-bit integer), then range-check.

use crate::numeric::*;
use crate::trap::TrapCode;
use proptest::prelude::*;

/// The wasm answer for truncating `x` into an integer type spanning `min..=max`.
fn trunc_model(x: f64, min: i128, max: i128) -> Result<i128, TrapCode> {
    if x.is_nan() {
        return Err(TrapCode::InvalidConversionToInteger);
    }
    // `as i128` saturates for huge values and infinities, which are out of range anyway.
    let wide = x.trunc() as i128;
    if wide < min || wide > max {
        return Err(TrapCode::IntegerOverflow);
    }
    Ok(wide)
}

/// Moves `x` by `ulps` representable values away from (positive) or toward zero.
fn nudge_f64(x: f64, ulps: i64) -> f64 {
    f64::from_bits(x.to_bits().wrapping_add_signed(ulps))
}

/// f32 version of `nudge_f64`.
fn nudge_f32(x: f32, ulps: i32) -> f32 {
    f32::from_bits(x.to_bits().wrapping_add_signed(ulps))
}

/// The places where truncation changes between accepting and trapping.
const BOUNDARIES: [f64; 11] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2_147_483_648.0,
    -2_147_483_648.0,
    4_294_967_296.0,
    9_223_372_036_854_775_808.0,
    -9_223_372_036_854_775_808.0,
    18_446_744_073_709_551_616.0,
    f64::INFINITY,
];

/// f64 inputs: arbitrary bit patterns (NaNs included), values a few ulps from a boundary,
/// and integers plus a fraction.
fn interesting_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        (prop::sample::select(&BOUNDARIES[..]), -3_i64..=3).prop_map(|(b, k)| nudge_f64(b, k)),
        (
            any::<i64>(),
            prop::sample::select(&[-0.9, -0.5, 0.0, 0.5, 0.9][..])
        )
            .prop_map(|(i, frac)| i as f64 + frac),
        (any::<i32>(), -1.0..1.0_f64).prop_map(|(i, frac)| f64::from(i) + frac),
    ]
}

/// f32 inputs, chosen the same way as `interesting_f64`.
fn interesting_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<u32>().prop_map(f32::from_bits),
        (prop::sample::select(&BOUNDARIES[..]), -3_i32..=3)
            .prop_map(|(b, k)| nudge_f32(b as f32, k)),
        (any::<i64>(), -1.0..1.0_f32).prop_map(|(i, frac)| i as f32 + frac),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn f64_truncations_match_model(x in interesting_f64()) {
        prop_assert_eq!(i32_trunc_f64_s(x).map(i128::from), trunc_model(x, i32::MIN.into(), i32::MAX.into()));
        prop_assert_eq!(i32_trunc_f64_u(x).map(i128::from), trunc_model(x, 0, u32::MAX.into()));
        prop_assert_eq!(i64_trunc_f64_s(x).map(i128::from), trunc_model(x, i64::MIN.into(), i64::MAX.into()));
        prop_assert_eq!(i64_trunc_f64_u(x).map(i128::from), trunc_model(x, 0, u64::MAX.into()));
    }

    #[test]
    fn f32_truncations_match_model(x in interesting_f32()) {
        let wide = f64::from(x);
        prop_assert_eq!(i32_trunc_f32_s(x).map(i128::from), trunc_model(wide, i32::MIN.into(), i32::MAX.into()));
        prop_assert_eq!(i32_trunc_f32_u(x).map(i128::from), trunc_model(wide, 0, u32::MAX.into()));
        prop_assert_eq!(i64_trunc_f32_s(x).map(i128::from), trunc_model(wide, i64::MIN.into(), i64::MAX.into()));
        prop_assert_eq!(i64_trunc_f32_u(x).map(i128::from), trunc_model(wide, 0, u64::MAX.into()));
    }

    /// Saturating truncation (`trunc_sat`) is Rust's `as`: it must agree with the model
    /// clamped to the integer's range, and give 0 for NaN.
    #[test]
    fn saturating_truncation_is_as(x in interesting_f64()) {
        let clamped = |min: i128, max: i128| match trunc_model(x, min, max) {
            Ok(v) => v,
            Err(TrapCode::InvalidConversionToInteger) => 0,
            Err(_) if x > 0.0 => max,
            Err(_) => min,
        };
        prop_assert_eq!(i128::from(x as i32), clamped(i32::MIN.into(), i32::MAX.into()));
        prop_assert_eq!(i128::from(x as u32), clamped(0, u32::MAX.into()));
        prop_assert_eq!(i128::from(x as i64), clamped(i64::MIN.into(), i64::MAX.into()));
        prop_assert_eq!(i128::from(x as u64), clamped(0, u64::MAX.into()));
    }
}
