//! NaN classification as the spec tests use it (`nan:canonical`, `nan:arithmetic`) and NaN
//! inputs as the spec tests write them.

/// `nan` in f32 (canonical, positive).
pub(super) const F32_NAN: u32 = 0x7fc0_0000;
/// `-nan:0x200000` in f32: a signaling NaN (quiet bit clear).
pub(super) const F32_NEG_SNAN: u32 = 0xffa0_0000;
/// `nan:0x200000` in f32: a signaling NaN.
pub(super) const F32_SNAN: u32 = 0x7fa0_0000;
/// `nan` in f64 (canonical, positive).
pub(super) const F64_NAN: u64 = 0x7ff8_0000_0000_0000;
/// `nan:0x4000000000000` in f64: a signaling NaN.
pub(super) const F64_SNAN: u64 = 0x7ff4_0000_0000_0000;
/// `-nan:0x4000000000000` in f64.
pub(super) const F64_NEG_SNAN: u64 = 0xfff4_0000_0000_0000;

/// A canonical f32 NaN: quiet bit only, either sign.
pub(super) fn is_canonical_f32(x: f32) -> bool {
    x.to_bits() & 0x7fff_ffff == F32_NAN
}

/// An arithmetic f32 NaN: any NaN with the quiet bit set.
pub(super) fn is_arithmetic_f32(x: f32) -> bool {
    x.is_nan() && x.to_bits() & 0x0040_0000 != 0
}

/// A canonical f64 NaN: quiet bit only, either sign.
pub(super) fn is_canonical_f64(x: f64) -> bool {
    x.to_bits() & 0x7fff_ffff_ffff_ffff == F64_NAN
}

/// An arithmetic f64 NaN: any NaN with the quiet bit set.
pub(super) fn is_arithmetic_f64(x: f64) -> bool {
    x.is_nan() && x.to_bits() & 0x0008_0000_0000_0000 != 0
}

/// The spec's four NaN inputs for f32, each with whether the result must be canonical.
pub(super) fn f32_nan_inputs() -> [(f32, bool); 4] {
    [
        (f32::from_bits(F32_NAN), true),
        (f32::from_bits(F32_NAN | 0x8000_0000), true),
        (f32::from_bits(F32_SNAN), false),
        (f32::from_bits(F32_NEG_SNAN), false),
    ]
}

/// The spec's four NaN inputs for f64, each with whether the result must be canonical.
pub(super) fn f64_nan_inputs() -> [(f64, bool); 4] {
    [
        (f64::from_bits(F64_NAN), true),
        (f64::from_bits(F64_NAN | 0x8000_0000_0000_0000), true),
        (f64::from_bits(F64_SNAN), false),
        (f64::from_bits(F64_NEG_SNAN), false),
    ]
}

/// Asserts `result` is the NaN the spec expects for an input NaN that was (or was not)
/// canonical.
pub(super) fn assert_f32_nan_result(result: f32, canonical: bool, what: &str) {
    if canonical {
        assert!(is_canonical_f32(result), "{what}: {:#x}", result.to_bits());
    } else {
        assert!(is_arithmetic_f32(result), "{what}: {:#x}", result.to_bits());
    }
}

/// Asserts `result` is the NaN the spec expects, f64 version.
pub(super) fn assert_f64_nan_result(result: f64, canonical: bool, what: &str) {
    if canonical {
        assert!(is_canonical_f64(result), "{what}: {:#x}", result.to_bits());
    } else {
        assert!(is_arithmetic_f64(result), "{what}: {:#x}", result.to_bits());
    }
}
