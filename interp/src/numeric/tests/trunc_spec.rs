//! Known answers for the trapping truncations from `conversions.wast`.

use super::nan::{F32_NAN, F32_NEG_SNAN, F32_SNAN, F64_NAN, F64_NEG_SNAN, F64_SNAN};
use crate::numeric::*;
use crate::trap::TrapCode::{IntegerOverflow, InvalidConversionToInteger};

/// The spec's four NaN inputs for f32 (`nan`, `-nan`, `nan:0x200000`, `-nan:0x200000`).
fn f32_nans() -> [f32; 4] {
    [F32_NAN, F32_NAN | 0x8000_0000, F32_SNAN, F32_NEG_SNAN].map(f32::from_bits)
}

/// The spec's four NaN inputs for f64.
fn f64_nans() -> [f64; 4] {
    [F64_NAN, F64_NAN | 1 << 63, F64_SNAN, F64_NEG_SNAN].map(f64::from_bits)
}

/// The smallest positive subnormal f64 (`0x0.0000000000001p-1022`).
const F64_TINY: f64 = f64::from_bits(1);
/// The smallest positive subnormal f32 (`0x1p-149`).
const F32_TINY: f32 = f32::from_bits(1);

#[test]
fn i32_trunc_f32_s_spec_values() {
    let ok = [
        (0.0, 0),
        (-0.0, 0),
        (F32_TINY, 0),
        (-F32_TINY, 0),
        (1.5, 1),
        (-1.5, -1),
        (-1.9, -1),
        (-2.0, -2),
        (2_147_483_520.0, 2_147_483_520),
        (-2_147_483_648.0, i32::MIN),
    ];
    for (x, want) in ok {
        assert_eq!(i32_trunc_f32_s(x), Ok(want), "{x}");
    }
    for x in [
        2_147_483_648.0,
        -2_147_483_904.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ] {
        assert_eq!(i32_trunc_f32_s(x), Err(IntegerOverflow), "{x}");
    }
    for x in f32_nans() {
        assert_eq!(i32_trunc_f32_s(x), Err(InvalidConversionToInteger));
    }
}

#[test]
fn i32_trunc_f32_u_spec_values() {
    let ok = [
        (0.0, 0),
        (-0.0, 0),
        (-F32_TINY, 0),
        (1.9, 1),
        (2_147_483_648.0, 0x8000_0000),
        (4_294_967_040.0, 0xffff_ff00),
        (f32::from_bits(0xbf66_6666), 0), // -0x1.ccccccp-1
        (f32::from_bits(0xbf7f_ffff), 0), // -0x1.fffffep-1
    ];
    for (x, want) in ok {
        assert_eq!(i32_trunc_f32_u(x), Ok(want), "{x}");
    }
    for x in [4_294_967_296.0, -1.0, f32::INFINITY, f32::NEG_INFINITY] {
        assert_eq!(i32_trunc_f32_u(x), Err(IntegerOverflow), "{x}");
    }
    for x in f32_nans() {
        assert_eq!(i32_trunc_f32_u(x), Err(InvalidConversionToInteger));
    }
}

#[test]
fn i32_trunc_f64_s_spec_values() {
    let ok = [
        (-F64_TINY, 0),
        (-1.9, -1),
        (2_147_483_647.0, i32::MAX),
        (-2_147_483_648.0, i32::MIN),
        (-2_147_483_648.9, i32::MIN),
        (2_147_483_647.9, i32::MAX),
    ];
    for (x, want) in ok {
        assert_eq!(i32_trunc_f64_s(x), Ok(want), "{x}");
    }
    for x in [
        2_147_483_648.0,
        -2_147_483_649.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_eq!(i32_trunc_f64_s(x), Err(IntegerOverflow), "{x}");
    }
    for x in f64_nans() {
        assert_eq!(i32_trunc_f64_s(x), Err(InvalidConversionToInteger));
    }
}

#[test]
fn i32_trunc_f64_u_spec_values() {
    let ok = [
        (-0.0, 0),
        (-F64_TINY, 0),
        (1.9, 1),
        (2_147_483_648.0, 0x8000_0000),
        (4_294_967_295.0, u32::MAX),
        (f64::from_bits(0xbfec_cccc_cccc_cccd), 0), // -0x1.ccccccccccccdp-1
        (f64::from_bits(0xbfef_ffff_ffff_ffff), 0), // -0x1.fffffffffffffp-1
        (1e8, 100_000_000),
        (-0.9, 0),
        (4_294_967_295.9, u32::MAX),
    ];
    for (x, want) in ok {
        assert_eq!(i32_trunc_f64_u(x), Ok(want), "{x}");
    }
    let overflow = [
        4_294_967_296.0,
        -1.0,
        1e16,
        1e30,
        9_223_372_036_854_775_808.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for x in overflow {
        assert_eq!(i32_trunc_f64_u(x), Err(IntegerOverflow), "{x}");
    }
    for x in f64_nans() {
        assert_eq!(i32_trunc_f64_u(x), Err(InvalidConversionToInteger));
    }
}

#[test]
fn i64_trunc_f32_spec_values() {
    let signed_ok = [
        (-1.9, -1),
        (4_294_967_296.0, 4_294_967_296),
        (-4_294_967_296.0, -4_294_967_296),
        (9_223_371_487_098_961_920.0, 9_223_371_487_098_961_920),
        (-9_223_372_036_854_775_808.0, i64::MIN),
    ];
    for (x, want) in signed_ok {
        assert_eq!(i64_trunc_f32_s(x), Ok(want), "{x}");
    }
    let signed_overflow = [
        9_223_372_036_854_775_808.0,
        -9_223_373_136_366_403_584.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ];
    for x in signed_overflow {
        assert_eq!(i64_trunc_f32_s(x), Err(IntegerOverflow), "{x}");
    }
    let unsigned_ok = [
        (-F32_TINY, 0),
        (4_294_967_296.0, 4_294_967_296),
        (
            18_446_742_974_197_923_840.0,
            (-1_099_511_627_776_i64) as u64,
        ),
        (f32::from_bits(0xbf7f_ffff), 0),
    ];
    for (x, want) in unsigned_ok {
        assert_eq!(i64_trunc_f32_u(x), Ok(want), "{x}");
    }
    for x in [
        18_446_744_073_709_551_616.0,
        -1.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ] {
        assert_eq!(i64_trunc_f32_u(x), Err(IntegerOverflow), "{x}");
    }
    for x in f32_nans() {
        assert_eq!(i64_trunc_f32_s(x), Err(InvalidConversionToInteger));
        assert_eq!(i64_trunc_f32_u(x), Err(InvalidConversionToInteger));
    }
}

#[test]
fn i64_trunc_f64_spec_values() {
    let signed_ok = [
        (-1.9, -1),
        (9_223_372_036_854_774_784.0, 9_223_372_036_854_774_784),
        (-9_223_372_036_854_775_808.0, i64::MIN),
    ];
    for (x, want) in signed_ok {
        assert_eq!(i64_trunc_f64_s(x), Ok(want), "{x}");
    }
    let signed_overflow = [
        9_223_372_036_854_775_808.0,
        -9_223_372_036_854_777_856.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for x in signed_overflow {
        assert_eq!(i64_trunc_f64_s(x), Err(IntegerOverflow), "{x}");
    }
    let unsigned_ok = [
        (-F64_TINY, 0),
        (4_294_967_295.0, 0xffff_ffff),
        (18_446_744_073_709_549_568.0, (-2048_i64) as u64),
        (f64::from_bits(0xbfef_ffff_ffff_ffff), 0),
        (1e16, 10_000_000_000_000_000),
        (9_223_372_036_854_775_808.0, 1 << 63),
    ];
    for (x, want) in unsigned_ok {
        assert_eq!(i64_trunc_f64_u(x), Ok(want), "{x}");
    }
    for x in [
        18_446_744_073_709_551_616.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        assert_eq!(i64_trunc_f64_u(x), Err(IntegerOverflow), "{x}");
    }
    for x in f64_nans() {
        assert_eq!(i64_trunc_f64_s(x), Err(InvalidConversionToInteger));
        assert_eq!(i64_trunc_f64_u(x), Err(InvalidConversionToInteger));
    }
}
