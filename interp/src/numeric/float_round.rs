//! Wasm `nearest`, `ceil`, `floor` and `trunc` on floats.
//!
//! Rust's `ceil`/`floor`/`trunc` return a signaling NaN input unchanged on x86-64 without
//! SSE4.1 (they are software routines there), but wasm requires an arithmetic (quiet) NaN.
//! So every rounding here quiets NaN explicitly; `x + x` does that and keeps a canonical NaN
//! canonical. The explicit branch costs one compare and does not depend on the CPU.

/// Defines `nearest`, `ceil`, `floor` and `trunc` for one float type.
macro_rules! float_rounding {
    ($nearest:ident, $ceil:ident, $floor:ident, $trunc:ident, $float:ty) => {
        /// Wasm `nearest`: round half to even (`nearest(2.5) = 2`, `nearest(-0.5) = -0`).
        #[inline]
        pub(crate) fn $nearest(x: $float) -> $float {
            if x.is_nan() {
                return x + x;
            }
            // IEEE roundToIntegralTiesToEven, which also keeps the sign of a zero result.
            x.round_ties_even()
        }

        /// Wasm `ceil`: round toward +infinity (`ceil(-0.5) = -0`); NaN in gives a quiet NaN.
        #[inline]
        pub(crate) fn $ceil(x: $float) -> $float {
            if x.is_nan() {
                return x + x;
            }
            x.ceil()
        }

        /// Wasm `floor`: round toward -infinity; NaN in gives a quiet NaN.
        #[inline]
        pub(crate) fn $floor(x: $float) -> $float {
            if x.is_nan() {
                return x + x;
            }
            x.floor()
        }

        /// Wasm `trunc` (the float-to-float one): round toward zero (`trunc(-0.5) = -0`);
        /// NaN in gives a quiet NaN.
        #[inline]
        pub(crate) fn $trunc(x: $float) -> $float {
            if x.is_nan() {
                return x + x;
            }
            x.trunc()
        }
    };
}

float_rounding!(f32_nearest, f32_ceil, f32_floor, f32_trunc, f32);
float_rounding!(f64_nearest, f64_ceil, f64_floor, f64_trunc, f64);
