//! Wasm numeric semantics that Rust's operators do not give directly.
//!
//! Each function is pure, `#[inline]` and implements exactly one wasm instruction. What is
//! deliberately *not* here, because plain Rust already matches the spec (the tests in
//! `tests/` check each claim):
//! - `add`/`sub`/`mul`: `wrapping_*`; shifts and rotates: `wrapping_shl`/`wrapping_shr`/
//!   `rotate_left`/`rotate_right` with the count `as u32` (they mask the count as wasm does;
//!   `<<` would panic in debug builds for counts >= the bit width).
//! - `abs`/`neg`/`copysign`: Rust's versions only touch the sign bit, also for NaN.
//! - `sqrt`, `f32.demote_f64`/`f64.promote_f32` (`as`): NaN in gives a quiet NaN out,
//!   canonical stays canonical. (Not so for Rust's `ceil`/`floor`/`trunc`, which can return
//!   a signaling NaN unchanged: use `f32_ceil` etc. from here.)
//! - `convert_i*` (`as` from integer to float): rounds to nearest, ties to even.
//! - `trunc_sat_*` (`as` from float to integer): NaN gives 0, out of range saturates.

mod float_minmax;
mod float_round;
mod int_div;
pub(crate) mod ops;
mod trunc;

#[cfg(test)]
mod tests;

pub(crate) use float_minmax::{f32_max, f32_min, f64_max, f64_min};
pub(crate) use float_round::{
    f32_ceil, f32_floor, f32_nearest, f32_trunc, f64_ceil, f64_floor, f64_nearest, f64_trunc,
};
pub(crate) use int_div::{
    i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i64_div_s, i64_div_u, i64_rem_s, i64_rem_u,
};
pub(crate) use trunc::{
    i32_trunc_f32_s, i32_trunc_f32_u, i32_trunc_f64_s, i32_trunc_f64_u, i64_trunc_f32_s,
    i64_trunc_f32_u, i64_trunc_f64_s, i64_trunc_f64_u,
};
