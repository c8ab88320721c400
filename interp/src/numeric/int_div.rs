//! Integer division and remainder, which trap in wasm where Rust's `/` and `%` would panic.

use crate::trap::TrapCode;

/// Defines a signed `div_s` and `rem_s` pair for one integer width.
macro_rules! signed_div_rem {
    ($div:ident, $rem:ident, $int:ty) => {
        /// Wasm `div_s`: traps on a zero divisor, and on `MIN / -1` whose quotient does not fit.
        #[inline]
        pub(crate) fn $div(dividend: $int, divisor: $int) -> Result<$int, TrapCode> {
            match dividend.checked_div(divisor) {
                Some(quotient) => Ok(quotient),
                None if divisor == 0 => Err(TrapCode::IntegerDivideByZero),
                None => Err(TrapCode::IntegerOverflow),
            }
        }

        /// Wasm `rem_s`: traps on a zero divisor; `MIN rem -1` is 0 (the remainder always
        /// fits, so wasm does not trap there, unlike Rust's `%`).
        #[inline]
        pub(crate) fn $rem(dividend: $int, divisor: $int) -> Result<$int, TrapCode> {
            if divisor == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(dividend.wrapping_rem(divisor))
        }
    };
}

/// Defines an unsigned `div_u` and `rem_u` pair for one integer width.
macro_rules! unsigned_div_rem {
    ($div:ident, $rem:ident, $uint:ty) => {
        /// Wasm `div_u`: traps on a zero divisor.
        #[inline]
        pub(crate) fn $div(dividend: $uint, divisor: $uint) -> Result<$uint, TrapCode> {
            dividend
                .checked_div(divisor)
                .ok_or(TrapCode::IntegerDivideByZero)
        }

        /// Wasm `rem_u`: traps on a zero divisor.
        #[inline]
        pub(crate) fn $rem(dividend: $uint, divisor: $uint) -> Result<$uint, TrapCode> {
            dividend
                .checked_rem(divisor)
                .ok_or(TrapCode::IntegerDivideByZero)
        }
    };
}

signed_div_rem!(i32_div_s, i32_rem_s, i32);
signed_div_rem!(i64_div_s, i64_rem_s, i64);
unsigned_div_rem!(i32_div_u, i32_rem_u, u32);
unsigned_div_rem!(i64_div_u, i64_rem_u, u64);
