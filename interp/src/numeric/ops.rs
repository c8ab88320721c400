//! What each numeric, compare and memory operation of the internal code computes, one named
//! function per operation. The operation table (`crate::op_table`) names these functions;
//! every handler form of an operation (slot operand, accumulator operand, immediate,
//! compare-and-branch) calls the same one, so the forms cannot disagree.
//!
//! Operand types say how a slot's bits are read (`u32` and `i32` the low 32 bits, `f32` the
//! low 32 bits as a float); results are written back as [`crate::exec`]'s slot encoding.

pub(crate) use super::{
    f32_ceil, f32_floor, f32_max, f32_min, f32_nearest, f32_trunc, f64_ceil, f64_floor, f64_max,
    f64_min, f64_nearest, f64_trunc, i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32_trunc_f32_s,
    i32_trunc_f32_u, i32_trunc_f64_s, i32_trunc_f64_u, i64_div_s, i64_div_u, i64_rem_s, i64_rem_u,
    i64_trunc_f32_s, i64_trunc_f32_u, i64_trunc_f64_s, i64_trunc_f64_u,
};

/// Defines `#[inline(always)]` functions from `name(args) -> ty = body` lines.
macro_rules! ops {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty = $body:expr; )*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`: `", stringify!($body), "`.")]
            #[inline(always)]
            pub(crate) fn $name($($arg: $ty),*) -> $out {
                $body
            }
        )*
    };
}

ops! {
    i32_eqz(a: u32) -> bool = a == 0;
    i32_clz(a: u32) -> u32 = a.leading_zeros();
    i32_ctz(a: u32) -> u32 = a.trailing_zeros();
    i32_popcnt(a: u32) -> u32 = a.count_ones();
    i64_eqz(a: u64) -> bool = a == 0;
    i64_clz(a: u64) -> u64 = u64::from(a.leading_zeros());
    i64_ctz(a: u64) -> u64 = u64::from(a.trailing_zeros());
    i64_popcnt(a: u64) -> u64 = u64::from(a.count_ones());
    f32_abs(a: f32) -> f32 = a.abs();
    f32_neg(a: f32) -> f32 = -a;
    f32_sqrt(a: f32) -> f32 = a.sqrt();
    f64_abs(a: f64) -> f64 = a.abs();
    f64_neg(a: f64) -> f64 = -a;
    f64_sqrt(a: f64) -> f64 = a.sqrt();
    i32_wrap_i64(a: u64) -> u32 = a as u32;
    i64_extend_i32_s(a: i32) -> i64 = i64::from(a);
    i64_extend_i32_u(a: u32) -> u64 = u64::from(a);
    f32_convert_i32_s(a: i32) -> f32 = a as f32;
    f32_convert_i32_u(a: u32) -> f32 = a as f32;
    f32_convert_i64_s(a: i64) -> f32 = a as f32;
    f32_convert_i64_u(a: u64) -> f32 = a as f32;
    f32_demote_f64(a: f64) -> f32 = a as f32;
    f64_convert_i32_s(a: i32) -> f64 = f64::from(a);
    f64_convert_i32_u(a: u32) -> f64 = f64::from(a);
    f64_convert_i64_s(a: i64) -> f64 = a as f64;
    f64_convert_i64_u(a: u64) -> f64 = a as f64;
    f64_promote_f32(a: f32) -> f64 = f64::from(a);
    i32_extend8_s(a: i32) -> i32 = a as i8 as i32;
    i32_extend16_s(a: i32) -> i32 = a as i16 as i32;
    i64_extend8_s(a: i64) -> i64 = a as i8 as i64;
    i64_extend16_s(a: i64) -> i64 = a as i16 as i64;
    i64_extend32_s(a: i64) -> i64 = a as i32 as i64;
    i32_trunc_sat_f32_s(a: f32) -> i32 = a as i32;
    i32_trunc_sat_f32_u(a: f32) -> u32 = a as u32;
    i32_trunc_sat_f64_s(a: f64) -> i32 = a as i32;
    i32_trunc_sat_f64_u(a: f64) -> u32 = a as u32;
    i64_trunc_sat_f32_s(a: f32) -> i64 = a as i64;
    i64_trunc_sat_f32_u(a: f32) -> u64 = a as u64;
    i64_trunc_sat_f64_s(a: f64) -> i64 = a as i64;
    i64_trunc_sat_f64_u(a: f64) -> u64 = a as u64;

    i32_eq(a: u32, b: u32) -> bool = a == b;
    i32_ne(a: u32, b: u32) -> bool = a != b;
    i32_and_nez(a: u32, b: u32) -> bool = a & b != 0;
    i32_and_eqz(a: u32, b: u32) -> bool = a & b == 0;
    i32_lt_s(a: i32, b: i32) -> bool = a < b;
    i32_lt_u(a: u32, b: u32) -> bool = a < b;
    i32_gt_s(a: i32, b: i32) -> bool = a > b;
    i32_gt_u(a: u32, b: u32) -> bool = a > b;
    i32_le_s(a: i32, b: i32) -> bool = a <= b;
    i32_le_u(a: u32, b: u32) -> bool = a <= b;
    i32_ge_s(a: i32, b: i32) -> bool = a >= b;
    i32_ge_u(a: u32, b: u32) -> bool = a >= b;
    i64_eq(a: u64, b: u64) -> bool = a == b;
    i64_ne(a: u64, b: u64) -> bool = a != b;
    i64_lt_s(a: i64, b: i64) -> bool = a < b;
    i64_lt_u(a: u64, b: u64) -> bool = a < b;
    i64_gt_s(a: i64, b: i64) -> bool = a > b;
    i64_gt_u(a: u64, b: u64) -> bool = a > b;
    i64_le_s(a: i64, b: i64) -> bool = a <= b;
    i64_le_u(a: u64, b: u64) -> bool = a <= b;
    i64_ge_s(a: i64, b: i64) -> bool = a >= b;
    i64_ge_u(a: u64, b: u64) -> bool = a >= b;
    f32_eq(a: f32, b: f32) -> bool = a == b;
    f32_ne(a: f32, b: f32) -> bool = a != b;
    f32_lt(a: f32, b: f32) -> bool = a < b;
    f32_gt(a: f32, b: f32) -> bool = a > b;
    f32_le(a: f32, b: f32) -> bool = a <= b;
    f32_ge(a: f32, b: f32) -> bool = a >= b;
    f64_eq(a: f64, b: f64) -> bool = a == b;
    f64_ne(a: f64, b: f64) -> bool = a != b;
    f64_lt(a: f64, b: f64) -> bool = a < b;
    f64_gt(a: f64, b: f64) -> bool = a > b;
    f64_le(a: f64, b: f64) -> bool = a <= b;
    f64_ge(a: f64, b: f64) -> bool = a >= b;
    i32_add(a: u32, b: u32) -> u32 = a.wrapping_add(b);
    i32_sub(a: u32, b: u32) -> u32 = a.wrapping_sub(b);
    i32_mul(a: u32, b: u32) -> u32 = a.wrapping_mul(b);
    i32_and(a: u32, b: u32) -> u32 = a & b;
    i32_or(a: u32, b: u32) -> u32 = a | b;
    i32_xor(a: u32, b: u32) -> u32 = a ^ b;
    i32_shl(a: u32, b: u32) -> u32 = a.wrapping_shl(b);
    i32_shr_s(a: i32, b: u32) -> i32 = a.wrapping_shr(b);
    i32_shr_u(a: u32, b: u32) -> u32 = a.wrapping_shr(b);
    i32_rotl(a: u32, b: u32) -> u32 = a.rotate_left(b);
    i32_rotr(a: u32, b: u32) -> u32 = a.rotate_right(b);
    i64_add(a: u64, b: u64) -> u64 = a.wrapping_add(b);
    i64_sub(a: u64, b: u64) -> u64 = a.wrapping_sub(b);
    i64_mul(a: u64, b: u64) -> u64 = a.wrapping_mul(b);
    i64_and(a: u64, b: u64) -> u64 = a & b;
    i64_or(a: u64, b: u64) -> u64 = a | b;
    i64_xor(a: u64, b: u64) -> u64 = a ^ b;
    i64_shl(a: u64, b: u64) -> u64 = a.wrapping_shl(b as u32);
    i64_shr_s(a: i64, b: u64) -> i64 = a.wrapping_shr(b as u32);
    i64_shr_u(a: u64, b: u64) -> u64 = a.wrapping_shr(b as u32);
    i64_rotl(a: u64, b: u64) -> u64 = a.rotate_left(b as u32);
    i64_rotr(a: u64, b: u64) -> u64 = a.rotate_right(b as u32);
    f32_add(a: f32, b: f32) -> f32 = a + b;
    f32_sub(a: f32, b: f32) -> f32 = a - b;
    f32_mul(a: f32, b: f32) -> f32 = a * b;
    f32_div(a: f32, b: f32) -> f32 = a / b;
    f32_copysign(a: f32, b: f32) -> f32 = a.copysign(b);
    f64_add(a: f64, b: f64) -> f64 = a + b;
    f64_sub(a: f64, b: f64) -> f64 = a - b;
    f64_mul(a: f64, b: f64) -> f64 = a * b;
    f64_div(a: f64, b: f64) -> f64 = a / b;
    f64_copysign(a: f64, b: f64) -> f64 = a.copysign(b);

    i32_load(b: [u8; 4]) -> u32 = u32::from_le_bytes(b);
    i64_load(b: [u8; 8]) -> u64 = u64::from_le_bytes(b);
    i32_load8_s(b: [u8; 1]) -> i32 = b[0] as i8 as i32;
    i32_load8_u(b: [u8; 1]) -> u32 = u32::from(b[0]);
    i32_load16_s(b: [u8; 2]) -> i32 = i32::from(i16::from_le_bytes(b));
    i32_load16_u(b: [u8; 2]) -> u32 = u32::from(u16::from_le_bytes(b));
    i64_load8_s(b: [u8; 1]) -> i64 = b[0] as i8 as i64;
    i64_load8_u(b: [u8; 1]) -> u64 = u64::from(b[0]);
    i64_load16_s(b: [u8; 2]) -> i64 = i64::from(i16::from_le_bytes(b));
    i64_load16_u(b: [u8; 2]) -> u64 = u64::from(u16::from_le_bytes(b));
    i64_load32_s(b: [u8; 4]) -> i64 = i64::from(i32::from_le_bytes(b));
    i64_load32_u(b: [u8; 4]) -> u64 = u64::from(u32::from_le_bytes(b));
    i32_store(v: u64) -> [u8; 4] = (v as u32).to_le_bytes();
    i64_store(v: u64) -> [u8; 8] = v.to_le_bytes();
    i32_store8(v: u64) -> [u8; 1] = [v as u8];
    i32_store16(v: u64) -> [u8; 2] = (v as u16).to_le_bytes();
    i64_store32(v: u64) -> [u8; 4] = (v as u32).to_le_bytes();
}
