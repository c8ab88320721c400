//! Trapping float-to-integer truncations (`i32.trunc_f32_s` and friends).
//!
//! A value is accepted when its truncation toward zero fits the integer type. Each function
//! compares against two exclusive float bounds: `LOW`, the largest float whose truncation is
//! below the integer minimum, and `HIGH`, the smallest float whose truncation is above the
//! maximum. For unsigned targets `LOW` is -1.0 (so -0.9 truncates to 0 and is accepted); for
//! signed ones it is `MIN - 1` when the float type can represent it, else the float just
//! below `MIN` (for example -2^31 - 256 for f32). `HIGH` is always `MAX + 1`, a power of two.
//! Once inside the bounds, Rust's `as` truncates toward zero exactly.

use crate::trap::TrapCode;

/// Defines one trapping truncation from `$float` to `$int` with exclusive bounds.
macro_rules! checked_trunc {
    ($name:ident, $float:ty, $int:ty, low: $low:expr, high: $high:expr, $doc:literal) => {
        #[doc = $doc]
        ///
        /// Traps with "invalid conversion to integer" on NaN and "integer overflow" when the
        /// truncated value does not fit.
        #[inline]
        pub(crate) fn $name(x: $float) -> Result<$int, TrapCode> {
            const LOW: $float = $low;
            const HIGH: $float = $high;
            if x > LOW && x < HIGH {
                Ok(x as $int)
            } else if x.is_nan() {
                Err(TrapCode::InvalidConversionToInteger)
            } else {
                Err(TrapCode::IntegerOverflow)
            }
        }
    };
}

checked_trunc!(i32_trunc_f32_s, f32, i32, low: -2_147_483_904.0, high: 2_147_483_648.0,
    "Wasm `i32.trunc_f32_s`: accepts -2147483648.0, rejects 2147483648.0.");
checked_trunc!(i32_trunc_f32_u, f32, u32, low: -1.0, high: 4_294_967_296.0,
    "Wasm `i32.trunc_f32_u`: accepts (-1.0, 4294967296.0) exclusive.");
checked_trunc!(i32_trunc_f64_s, f64, i32, low: -2_147_483_649.0, high: 2_147_483_648.0,
    "Wasm `i32.trunc_f64_s`: accepts (-2147483649.0, 2147483648.0) exclusive.");
checked_trunc!(i32_trunc_f64_u, f64, u32, low: -1.0, high: 4_294_967_296.0,
    "Wasm `i32.trunc_f64_u`: accepts (-1.0, 4294967296.0) exclusive, e.g. 4294967295.9.");
checked_trunc!(i64_trunc_f32_s, f32, i64,
    low: -9_223_373_136_366_403_584.0, high: 9_223_372_036_854_775_808.0,
    "Wasm `i64.trunc_f32_s`: accepts -2^63, rejects 2^63 and the f32 just below -2^63.");
checked_trunc!(i64_trunc_f32_u, f32, u64, low: -1.0, high: 18_446_744_073_709_551_616.0,
    "Wasm `i64.trunc_f32_u`: accepts (-1.0, 2^64) exclusive.");
checked_trunc!(i64_trunc_f64_s, f64, i64,
    low: -9_223_372_036_854_777_856.0, high: 9_223_372_036_854_775_808.0,
    "Wasm `i64.trunc_f64_s`: accepts -2^63, rejects 2^63 and the f64 just below -2^63.");
checked_trunc!(i64_trunc_f64_u, f64, u64, low: -1.0, high: 18_446_744_073_709_551_616.0,
    "Wasm `i64.trunc_f64_u`: accepts (-1.0, 2^64) exclusive.");
