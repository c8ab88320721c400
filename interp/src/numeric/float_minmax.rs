//! Wasm `min`/`max`: unlike Rust's `f32::min`, a NaN operand wins (the result is NaN), and
//! -0.0 is ordered below +0.0.

/// Defines `min` and `max` for one float type.
macro_rules! float_min_max {
    ($min:ident, $max:ident, $float:ty) => {
        /// Wasm `min`: NaN if either operand is NaN; `min(-0, +0) = -0`.
        #[inline]
        pub(crate) fn $min(a: $float, b: $float) -> $float {
            if a < b {
                a
            } else if b < a {
                b
            } else if a == b {
                // Equal values have equal bits except for zeros of opposite sign; OR-ing the
                // bits keeps the sign bit if either zero is negative.
                <$float>::from_bits(a.to_bits() | b.to_bits())
            } else {
                // At least one operand is NaN. Arithmetic on a NaN returns a quiet NaN that is
                // canonical when the NaN inputs are, which is what wasm requires.
                a + b
            }
        }

        /// Wasm `max`: NaN if either operand is NaN; `max(-0, +0) = +0`.
        #[inline]
        pub(crate) fn $max(a: $float, b: $float) -> $float {
            if a > b {
                a
            } else if b > a {
                b
            } else if a == b {
                // AND-ing the bits of equal values clears the sign bit unless both zeros are
                // negative.
                <$float>::from_bits(a.to_bits() & b.to_bits())
            } else {
                // At least one operand is NaN: see `min`.
                a + b
            }
        }
    };
}

float_min_max!(f32_min, f32_max, f32);
float_min_max!(f64_min, f64_max, f64);
