//! What every SIMD and relaxed-SIMD operation computes: one function per operation, named
//! after it, built from the lane shapes of [`super::lanes`] and, for float lanes, the scalar
//! semantics of `crate::numeric` (so a lane behaves exactly as the scalar instruction does).
//!
//! Relaxed operations are deterministic: each returns the result of the non-relaxed
//! operation it relaxes (swizzle, trunc_sat, bitselect, min/max, q15mulr_sat, unfused
//! multiply-add), which the relaxed-SIMD proposal lists among its allowed results, on every
//! host alike.

use super::V128;
use super::lanes::{
    Lane, all_true, bitmask, build, compare, extract, map, narrow, pairwise, replace, widen, zip,
};
use crate::numeric::{self, ops as scalar};

macro_rules! simd_ops {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty = $body:expr; )*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`.")]
            #[inline(always)]
            pub(crate) fn $name($($arg: $ty),*) -> $out {
                $body
            }
        )*
    };
}

/// `i8x16.swizzle`: lane `i` is `a[s[i]]`, or 0 where `s[i]` is out of range.
#[inline(always)]
fn swizzle(a: V128, s: V128) -> V128 {
    let (a, s) = (<u8 as Lane<16>>::split(a), <u8 as Lane<16>>::split(s));
    build::<u8, 16>(|i| a.get(usize::from(s[i])).copied().unwrap_or(0))
}

/// Saturating rounding Q15 multiplication.
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    let p = (i32::from(x) * i32::from(y) + 0x4000) >> 15;
    p.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// `x` saturated to the `i8` range.
#[inline(always)]
fn sat_i8(x: i16) -> i8 {
    x.clamp(i16::from(i8::MIN), i16::from(i8::MAX)) as i8
}

/// `x` saturated to the `u8` range.
#[inline(always)]
fn sat_u8(x: i16) -> u8 {
    x.clamp(0, i16::from(u8::MAX)) as u8
}

/// `x` saturated to the `i16` range.
#[inline(always)]
fn sat_i16(x: i32) -> i16 {
    x.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// `x` saturated to the `u16` range.
#[inline(always)]
fn sat_u16(x: i32) -> u16 {
    x.clamp(0, i32::from(u16::MAX)) as u16
}

/// The rounding average of two unsigned lanes.
macro_rules! avgr {
    ($t:ty, $wide:ty) => {
        |x: $t, y: $t| ((<$wide>::from(x) + <$wide>::from(y) + 1) >> 1) as $t
    };
}

simd_ops! {
    // Bitwise.
    v128_not(a: V128) -> V128 = !a;
    v128_and(a: V128, b: V128) -> V128 = a & b;
    v128_andnot(a: V128, b: V128) -> V128 = a & !b;
    v128_or(a: V128, b: V128) -> V128 = a | b;
    v128_xor(a: V128, b: V128) -> V128 = a ^ b;
    v128_bitselect(a: V128, b: V128, c: V128) -> V128 = (a & c) | (b & !c);
    v128_any_true(a: V128) -> u32 = u32::from(a != 0);

    // Splats.
    i8x16_splat(x: u32) -> V128 = build::<u8, 16>(|_| x as u8);
    i16x8_splat(x: u32) -> V128 = build::<u16, 8>(|_| x as u16);
    i32x4_splat(x: u32) -> V128 = build::<u32, 4>(|_| x);
    i64x2_splat(x: u64) -> V128 = build::<u64, 2>(|_| x);
    f32x4_splat(x: f32) -> V128 = build::<f32, 4>(|_| x);
    f64x2_splat(x: f64) -> V128 = build::<f64, 2>(|_| x);

    // Lanes.
    i8x16_extract_lane_s(a: V128, l: u8) -> i32 = i32::from(extract::<i8, 16>(a, l));
    i8x16_extract_lane_u(a: V128, l: u8) -> u32 = u32::from(extract::<u8, 16>(a, l));
    i16x8_extract_lane_s(a: V128, l: u8) -> i32 = i32::from(extract::<i16, 8>(a, l));
    i16x8_extract_lane_u(a: V128, l: u8) -> u32 = u32::from(extract::<u16, 8>(a, l));
    i32x4_extract_lane(a: V128, l: u8) -> u32 = extract::<u32, 4>(a, l);
    i64x2_extract_lane(a: V128, l: u8) -> u64 = extract::<u64, 2>(a, l);
    f32x4_extract_lane(a: V128, l: u8) -> u32 = extract::<u32, 4>(a, l);
    f64x2_extract_lane(a: V128, l: u8) -> u64 = extract::<u64, 2>(a, l);
    i8x16_replace_lane(a: V128, l: u8, x: u32) -> V128 = replace::<u8, 16>(a, l, x as u8);
    i16x8_replace_lane(a: V128, l: u8, x: u32) -> V128 = replace::<u16, 8>(a, l, x as u16);
    i32x4_replace_lane(a: V128, l: u8, x: u32) -> V128 = replace::<u32, 4>(a, l, x);
    i64x2_replace_lane(a: V128, l: u8, x: u64) -> V128 = replace::<u64, 2>(a, l, x);
    f32x4_replace_lane(a: V128, l: u8, x: u32) -> V128 = replace::<u32, 4>(a, l, x);
    f64x2_replace_lane(a: V128, l: u8, x: u64) -> V128 = replace::<u64, 2>(a, l, x);
    i8x16_swizzle(a: V128, s: V128) -> V128 = swizzle(a, s);

    // Comparisons.
    i8x16_eq(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x == y);
    i8x16_ne(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x != y);
    i8x16_lt_s(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x < y);
    i8x16_lt_u(a: V128, b: V128) -> V128 = compare::<u8, i8, 16>(a, b, |x, y| x < y);
    i8x16_gt_s(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x > y);
    i8x16_gt_u(a: V128, b: V128) -> V128 = compare::<u8, i8, 16>(a, b, |x, y| x > y);
    i8x16_le_s(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x <= y);
    i8x16_le_u(a: V128, b: V128) -> V128 = compare::<u8, i8, 16>(a, b, |x, y| x <= y);
    i8x16_ge_s(a: V128, b: V128) -> V128 = compare::<i8, i8, 16>(a, b, |x, y| x >= y);
    i8x16_ge_u(a: V128, b: V128) -> V128 = compare::<u8, i8, 16>(a, b, |x, y| x >= y);
    i16x8_eq(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x == y);
    i16x8_ne(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x != y);
    i16x8_lt_s(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x < y);
    i16x8_lt_u(a: V128, b: V128) -> V128 = compare::<u16, i16, 8>(a, b, |x, y| x < y);
    i16x8_gt_s(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x > y);
    i16x8_gt_u(a: V128, b: V128) -> V128 = compare::<u16, i16, 8>(a, b, |x, y| x > y);
    i16x8_le_s(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x <= y);
    i16x8_le_u(a: V128, b: V128) -> V128 = compare::<u16, i16, 8>(a, b, |x, y| x <= y);
    i16x8_ge_s(a: V128, b: V128) -> V128 = compare::<i16, i16, 8>(a, b, |x, y| x >= y);
    i16x8_ge_u(a: V128, b: V128) -> V128 = compare::<u16, i16, 8>(a, b, |x, y| x >= y);
    i32x4_eq(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x == y);
    i32x4_ne(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x != y);
    i32x4_lt_s(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x < y);
    i32x4_lt_u(a: V128, b: V128) -> V128 = compare::<u32, i32, 4>(a, b, |x, y| x < y);
    i32x4_gt_s(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x > y);
    i32x4_gt_u(a: V128, b: V128) -> V128 = compare::<u32, i32, 4>(a, b, |x, y| x > y);
    i32x4_le_s(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x <= y);
    i32x4_le_u(a: V128, b: V128) -> V128 = compare::<u32, i32, 4>(a, b, |x, y| x <= y);
    i32x4_ge_s(a: V128, b: V128) -> V128 = compare::<i32, i32, 4>(a, b, |x, y| x >= y);
    i32x4_ge_u(a: V128, b: V128) -> V128 = compare::<u32, i32, 4>(a, b, |x, y| x >= y);
    i64x2_eq(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x == y);
    i64x2_ne(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x != y);
    i64x2_lt_s(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x < y);
    i64x2_gt_s(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x > y);
    i64x2_le_s(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x <= y);
    i64x2_ge_s(a: V128, b: V128) -> V128 = compare::<i64, i64, 2>(a, b, |x, y| x >= y);
    f32x4_eq(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x == y);
    f32x4_ne(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x != y);
    f32x4_lt(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x < y);
    f32x4_gt(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x > y);
    f32x4_le(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x <= y);
    f32x4_ge(a: V128, b: V128) -> V128 = compare::<f32, i32, 4>(a, b, |x, y| x >= y);
    f64x2_eq(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x == y);
    f64x2_ne(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x != y);
    f64x2_lt(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x < y);
    f64x2_gt(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x > y);
    f64x2_le(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x <= y);
    f64x2_ge(a: V128, b: V128) -> V128 = compare::<f64, i64, 2>(a, b, |x, y| x >= y);

    // i8x16.
    i8x16_abs(a: V128) -> V128 = map::<i8, i8, 16>(a, i8::wrapping_abs);
    i8x16_neg(a: V128) -> V128 = map::<i8, i8, 16>(a, i8::wrapping_neg);
    i8x16_popcnt(a: V128) -> V128 = map::<u8, u8, 16>(a, |x| x.count_ones() as u8);
    i8x16_all_true(a: V128) -> u32 = all_true::<u8, 16>(a);
    i8x16_bitmask(a: V128) -> u32 = bitmask::<i8, 16>(a);
    i8x16_narrow_i16x8_s(a: V128, b: V128) -> V128 = narrow::<i16, i8, 8, 16>(a, b, sat_i8);
    i8x16_narrow_i16x8_u(a: V128, b: V128) -> V128 = narrow::<i16, u8, 8, 16>(a, b, sat_u8);
    i8x16_shl(a: V128, s: u32) -> V128 = map::<u8, u8, 16>(a, |x| x.wrapping_shl(s % 8));
    i8x16_shr_s(a: V128, s: u32) -> V128 = map::<i8, i8, 16>(a, |x| x.wrapping_shr(s % 8));
    i8x16_shr_u(a: V128, s: u32) -> V128 = map::<u8, u8, 16>(a, |x| x.wrapping_shr(s % 8));
    i8x16_add(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, u8::wrapping_add);
    i8x16_add_sat_s(a: V128, b: V128) -> V128 = zip::<i8, i8, 16>(a, b, i8::saturating_add);
    i8x16_add_sat_u(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, u8::saturating_add);
    i8x16_sub(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, u8::wrapping_sub);
    i8x16_sub_sat_s(a: V128, b: V128) -> V128 = zip::<i8, i8, 16>(a, b, i8::saturating_sub);
    i8x16_sub_sat_u(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, u8::saturating_sub);
    i8x16_min_s(a: V128, b: V128) -> V128 = zip::<i8, i8, 16>(a, b, Ord::min);
    i8x16_min_u(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, Ord::min);
    i8x16_max_s(a: V128, b: V128) -> V128 = zip::<i8, i8, 16>(a, b, Ord::max);
    i8x16_max_u(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, Ord::max);
    i8x16_avgr_u(a: V128, b: V128) -> V128 = zip::<u8, u8, 16>(a, b, avgr!(u8, u16));

    // i16x8.
    i16x8_extadd_pairwise_i8x16_s(a: V128) -> V128 =
        pairwise::<i8, i16, 16, 8>(a, a, |x, y, _, _| i16::from(x) + i16::from(y));
    i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 =
        pairwise::<u8, u16, 16, 8>(a, a, |x, y, _, _| u16::from(x) + u16::from(y));
    i16x8_abs(a: V128) -> V128 = map::<i16, i16, 8>(a, i16::wrapping_abs);
    i16x8_neg(a: V128) -> V128 = map::<i16, i16, 8>(a, i16::wrapping_neg);
    i16x8_q15mulr_sat_s(a: V128, b: V128) -> V128 = zip::<i16, i16, 8>(a, b, q15mulr);
    i16x8_all_true(a: V128) -> u32 = all_true::<u16, 8>(a);
    i16x8_bitmask(a: V128) -> u32 = bitmask::<i16, 8>(a);
    i16x8_narrow_i32x4_s(a: V128, b: V128) -> V128 = narrow::<i32, i16, 4, 8>(a, b, sat_i16);
    i16x8_narrow_i32x4_u(a: V128, b: V128) -> V128 = narrow::<i32, u16, 4, 8>(a, b, sat_u16);
    i16x8_extend_low_i8x16_s(a: V128) -> V128 = widen::<i8, i16, 16, 8>(a, false, i16::from);
    i16x8_extend_high_i8x16_s(a: V128) -> V128 = widen::<i8, i16, 16, 8>(a, true, i16::from);
    i16x8_extend_low_i8x16_u(a: V128) -> V128 = widen::<u8, u16, 16, 8>(a, false, u16::from);
    i16x8_extend_high_i8x16_u(a: V128) -> V128 = widen::<u8, u16, 16, 8>(a, true, u16::from);
    i16x8_shl(a: V128, s: u32) -> V128 = map::<u16, u16, 8>(a, |x| x.wrapping_shl(s % 16));
    i16x8_shr_s(a: V128, s: u32) -> V128 = map::<i16, i16, 8>(a, |x| x.wrapping_shr(s % 16));
    i16x8_shr_u(a: V128, s: u32) -> V128 = map::<u16, u16, 8>(a, |x| x.wrapping_shr(s % 16));
    i16x8_add(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, u16::wrapping_add);
    i16x8_add_sat_s(a: V128, b: V128) -> V128 = zip::<i16, i16, 8>(a, b, i16::saturating_add);
    i16x8_add_sat_u(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, u16::saturating_add);
    i16x8_sub(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, u16::wrapping_sub);
    i16x8_sub_sat_s(a: V128, b: V128) -> V128 = zip::<i16, i16, 8>(a, b, i16::saturating_sub);
    i16x8_sub_sat_u(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, u16::saturating_sub);
    i16x8_mul(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, u16::wrapping_mul);
    i16x8_min_s(a: V128, b: V128) -> V128 = zip::<i16, i16, 8>(a, b, Ord::min);
    i16x8_min_u(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, Ord::min);
    i16x8_max_s(a: V128, b: V128) -> V128 = zip::<i16, i16, 8>(a, b, Ord::max);
    i16x8_max_u(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, Ord::max);
    i16x8_avgr_u(a: V128, b: V128) -> V128 = zip::<u16, u16, 8>(a, b, avgr!(u16, u32));
    i16x8_extmul_low_i8x16_s(a: V128, b: V128) -> V128 = extmul_i8_s(a, b, false);
    i16x8_extmul_high_i8x16_s(a: V128, b: V128) -> V128 = extmul_i8_s(a, b, true);
    i16x8_extmul_low_i8x16_u(a: V128, b: V128) -> V128 = extmul_i8_u(a, b, false);
    i16x8_extmul_high_i8x16_u(a: V128, b: V128) -> V128 = extmul_i8_u(a, b, true);

    // i32x4.
    i32x4_extadd_pairwise_i16x8_s(a: V128) -> V128 =
        pairwise::<i16, i32, 8, 4>(a, a, |x, y, _, _| i32::from(x) + i32::from(y));
    i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 =
        pairwise::<u16, u32, 8, 4>(a, a, |x, y, _, _| u32::from(x) + u32::from(y));
    i32x4_abs(a: V128) -> V128 = map::<i32, i32, 4>(a, i32::wrapping_abs);
    i32x4_neg(a: V128) -> V128 = map::<i32, i32, 4>(a, i32::wrapping_neg);
    i32x4_all_true(a: V128) -> u32 = all_true::<u32, 4>(a);
    i32x4_bitmask(a: V128) -> u32 = bitmask::<i32, 4>(a);
    i32x4_extend_low_i16x8_s(a: V128) -> V128 = widen::<i16, i32, 8, 4>(a, false, i32::from);
    i32x4_extend_high_i16x8_s(a: V128) -> V128 = widen::<i16, i32, 8, 4>(a, true, i32::from);
    i32x4_extend_low_i16x8_u(a: V128) -> V128 = widen::<u16, u32, 8, 4>(a, false, u32::from);
    i32x4_extend_high_i16x8_u(a: V128) -> V128 = widen::<u16, u32, 8, 4>(a, true, u32::from);
    i32x4_shl(a: V128, s: u32) -> V128 = map::<u32, u32, 4>(a, |x| x.wrapping_shl(s));
    i32x4_shr_s(a: V128, s: u32) -> V128 = map::<i32, i32, 4>(a, |x| x.wrapping_shr(s));
    i32x4_shr_u(a: V128, s: u32) -> V128 = map::<u32, u32, 4>(a, |x| x.wrapping_shr(s));
    i32x4_add(a: V128, b: V128) -> V128 = zip::<u32, u32, 4>(a, b, u32::wrapping_add);
    i32x4_sub(a: V128, b: V128) -> V128 = zip::<u32, u32, 4>(a, b, u32::wrapping_sub);
    i32x4_mul(a: V128, b: V128) -> V128 = zip::<u32, u32, 4>(a, b, u32::wrapping_mul);
    i32x4_min_s(a: V128, b: V128) -> V128 = zip::<i32, i32, 4>(a, b, Ord::min);
    i32x4_min_u(a: V128, b: V128) -> V128 = zip::<u32, u32, 4>(a, b, Ord::min);
    i32x4_max_s(a: V128, b: V128) -> V128 = zip::<i32, i32, 4>(a, b, Ord::max);
    i32x4_max_u(a: V128, b: V128) -> V128 = zip::<u32, u32, 4>(a, b, Ord::max);
    i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 = pairwise::<i16, i32, 8, 4>(a, b, |a0, a1, b0, b1| {
        (i32::from(a0) * i32::from(b0)).wrapping_add(i32::from(a1) * i32::from(b1))
    });
    i32x4_extmul_low_i16x8_s(a: V128, b: V128) -> V128 = extmul_i16_s(a, b, false);
    i32x4_extmul_high_i16x8_s(a: V128, b: V128) -> V128 = extmul_i16_s(a, b, true);
    i32x4_extmul_low_i16x8_u(a: V128, b: V128) -> V128 = extmul_i16_u(a, b, false);
    i32x4_extmul_high_i16x8_u(a: V128, b: V128) -> V128 = extmul_i16_u(a, b, true);

    // i64x2.
    i64x2_abs(a: V128) -> V128 = map::<i64, i64, 2>(a, i64::wrapping_abs);
    i64x2_neg(a: V128) -> V128 = map::<i64, i64, 2>(a, i64::wrapping_neg);
    i64x2_all_true(a: V128) -> u32 = all_true::<u64, 2>(a);
    i64x2_bitmask(a: V128) -> u32 = bitmask::<i64, 2>(a);
    i64x2_extend_low_i32x4_s(a: V128) -> V128 = widen::<i32, i64, 4, 2>(a, false, i64::from);
    i64x2_extend_high_i32x4_s(a: V128) -> V128 = widen::<i32, i64, 4, 2>(a, true, i64::from);
    i64x2_extend_low_i32x4_u(a: V128) -> V128 = widen::<u32, u64, 4, 2>(a, false, u64::from);
    i64x2_extend_high_i32x4_u(a: V128) -> V128 = widen::<u32, u64, 4, 2>(a, true, u64::from);
    i64x2_shl(a: V128, s: u32) -> V128 = map::<u64, u64, 2>(a, |x| x.wrapping_shl(s));
    i64x2_shr_s(a: V128, s: u32) -> V128 = map::<i64, i64, 2>(a, |x| x.wrapping_shr(s));
    i64x2_shr_u(a: V128, s: u32) -> V128 = map::<u64, u64, 2>(a, |x| x.wrapping_shr(s));
    i64x2_add(a: V128, b: V128) -> V128 = zip::<u64, u64, 2>(a, b, u64::wrapping_add);
    i64x2_sub(a: V128, b: V128) -> V128 = zip::<u64, u64, 2>(a, b, u64::wrapping_sub);
    i64x2_mul(a: V128, b: V128) -> V128 = zip::<u64, u64, 2>(a, b, u64::wrapping_mul);
    i64x2_extmul_low_i32x4_s(a: V128, b: V128) -> V128 = extmul_i32_s(a, b, false);
    i64x2_extmul_high_i32x4_s(a: V128, b: V128) -> V128 = extmul_i32_s(a, b, true);
    i64x2_extmul_low_i32x4_u(a: V128, b: V128) -> V128 = extmul_i32_u(a, b, false);
    i64x2_extmul_high_i32x4_u(a: V128, b: V128) -> V128 = extmul_i32_u(a, b, true);

    // f32x4.
    f32x4_ceil(a: V128) -> V128 = map::<f32, f32, 4>(a, numeric::f32_ceil);
    f32x4_floor(a: V128) -> V128 = map::<f32, f32, 4>(a, numeric::f32_floor);
    f32x4_trunc(a: V128) -> V128 = map::<f32, f32, 4>(a, numeric::f32_trunc);
    f32x4_nearest(a: V128) -> V128 = map::<f32, f32, 4>(a, numeric::f32_nearest);
    f32x4_abs(a: V128) -> V128 = map::<f32, f32, 4>(a, scalar::f32_abs);
    f32x4_neg(a: V128) -> V128 = map::<f32, f32, 4>(a, scalar::f32_neg);
    f32x4_sqrt(a: V128) -> V128 = map::<f32, f32, 4>(a, scalar::f32_sqrt);
    f32x4_add(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, scalar::f32_add);
    f32x4_sub(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, scalar::f32_sub);
    f32x4_mul(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, scalar::f32_mul);
    f32x4_div(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, scalar::f32_div);
    f32x4_min(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, numeric::f32_min);
    f32x4_max(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, numeric::f32_max);
    f32x4_pmin(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, |x, y| if y < x { y } else { x });
    f32x4_pmax(a: V128, b: V128) -> V128 = zip::<f32, f32, 4>(a, b, |x, y| if x < y { y } else { x });

    // f64x2.
    f64x2_ceil(a: V128) -> V128 = map::<f64, f64, 2>(a, numeric::f64_ceil);
    f64x2_floor(a: V128) -> V128 = map::<f64, f64, 2>(a, numeric::f64_floor);
    f64x2_trunc(a: V128) -> V128 = map::<f64, f64, 2>(a, numeric::f64_trunc);
    f64x2_nearest(a: V128) -> V128 = map::<f64, f64, 2>(a, numeric::f64_nearest);
    f64x2_abs(a: V128) -> V128 = map::<f64, f64, 2>(a, scalar::f64_abs);
    f64x2_neg(a: V128) -> V128 = map::<f64, f64, 2>(a, scalar::f64_neg);
    f64x2_sqrt(a: V128) -> V128 = map::<f64, f64, 2>(a, scalar::f64_sqrt);
    f64x2_add(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, scalar::f64_add);
    f64x2_sub(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, scalar::f64_sub);
    f64x2_mul(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, scalar::f64_mul);
    f64x2_div(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, scalar::f64_div);
    f64x2_min(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, numeric::f64_min);
    f64x2_max(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, numeric::f64_max);
    f64x2_pmin(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, |x, y| if y < x { y } else { x });
    f64x2_pmax(a: V128, b: V128) -> V128 = zip::<f64, f64, 2>(a, b, |x, y| if x < y { y } else { x });

    // Conversions.
    i32x4_trunc_sat_f32x4_s(a: V128) -> V128 = map::<f32, i32, 4>(a, scalar::i32_trunc_sat_f32_s);
    i32x4_trunc_sat_f32x4_u(a: V128) -> V128 = map::<f32, u32, 4>(a, scalar::i32_trunc_sat_f32_u);
    f32x4_convert_i32x4_s(a: V128) -> V128 = map::<i32, f32, 4>(a, scalar::f32_convert_i32_s);
    f32x4_convert_i32x4_u(a: V128) -> V128 = map::<u32, f32, 4>(a, scalar::f32_convert_i32_u);
    i32x4_trunc_sat_f64x2_s_zero(a: V128) -> V128 = {
        let x = <f64 as Lane<2>>::split(a);
        build::<i32, 4>(|i| x.get(i).map_or(0, |&x| scalar::i32_trunc_sat_f64_s(x)))
    };
    i32x4_trunc_sat_f64x2_u_zero(a: V128) -> V128 = {
        let x = <f64 as Lane<2>>::split(a);
        build::<u32, 4>(|i| x.get(i).map_or(0, |&x| scalar::i32_trunc_sat_f64_u(x)))
    };
    f64x2_convert_low_i32x4_s(a: V128) -> V128 = widen::<i32, f64, 4, 2>(a, false, scalar::f64_convert_i32_s);
    f64x2_convert_low_i32x4_u(a: V128) -> V128 = widen::<u32, f64, 4, 2>(a, false, scalar::f64_convert_i32_u);
    f32x4_demote_f64x2_zero(a: V128) -> V128 = {
        let x = <f64 as Lane<2>>::split(a);
        build::<f32, 4>(|i| x.get(i).map_or(0.0, |&x| scalar::f32_demote_f64(x)))
    };
    f64x2_promote_low_f32x4(a: V128) -> V128 = widen::<f32, f64, 4, 2>(a, false, scalar::f64_promote_f32);

    // Relaxed SIMD (see the module documentation for the results chosen).
    i8x16_relaxed_swizzle(a: V128, s: V128) -> V128 = swizzle(a, s);
    i32x4_relaxed_trunc_f32x4_s(a: V128) -> V128 = i32x4_trunc_sat_f32x4_s(a);
    i32x4_relaxed_trunc_f32x4_u(a: V128) -> V128 = i32x4_trunc_sat_f32x4_u(a);
    i32x4_relaxed_trunc_f64x2_s_zero(a: V128) -> V128 = i32x4_trunc_sat_f64x2_s_zero(a);
    i32x4_relaxed_trunc_f64x2_u_zero(a: V128) -> V128 = i32x4_trunc_sat_f64x2_u_zero(a);
    f32x4_relaxed_madd(a: V128, b: V128, c: V128) -> V128 = f32x4_add(f32x4_mul(a, b), c);
    f32x4_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 = f32x4_add(f32x4_mul(f32x4_neg(a), b), c);
    f64x2_relaxed_madd(a: V128, b: V128, c: V128) -> V128 = f64x2_add(f64x2_mul(a, b), c);
    f64x2_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 = f64x2_add(f64x2_mul(f64x2_neg(a), b), c);
    i8x16_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 = v128_bitselect(a, b, m);
    i16x8_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 = v128_bitselect(a, b, m);
    i32x4_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 = v128_bitselect(a, b, m);
    i64x2_relaxed_laneselect(a: V128, b: V128, m: V128) -> V128 = v128_bitselect(a, b, m);
    f32x4_relaxed_min(a: V128, b: V128) -> V128 = f32x4_min(a, b);
    f32x4_relaxed_max(a: V128, b: V128) -> V128 = f32x4_max(a, b);
    f64x2_relaxed_min(a: V128, b: V128) -> V128 = f64x2_min(a, b);
    f64x2_relaxed_max(a: V128, b: V128) -> V128 = f64x2_max(a, b);
    i16x8_relaxed_q15mulr_s(a: V128, b: V128) -> V128 = i16x8_q15mulr_sat_s(a, b);
    // Both lanes signed, the sum saturated (what the proposal's saturating variants give).
    i16x8_relaxed_dot_i8x16_i7x16_s(a: V128, b: V128) -> V128 = pairwise::<i8, i16, 16, 8>(a, b, |a0, a1, b0, b1| {
        sat_i16(i32::from(a0) * i32::from(b0) + i32::from(a1) * i32::from(b1))
    });
    i32x4_relaxed_dot_i8x16_i7x16_add_s(a: V128, b: V128, c: V128) -> V128 = {
        let pairs = i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
        let sums = i32x4_extadd_pairwise_i16x8_s(pairs);
        i32x4_add(sums, c)
    };

    // Memory: decoding loaded bytes, encoding stored ones.
    v128_load(b: [u8; 16]) -> V128 = V128::from_le_bytes(b);
    v128_load8x8_s(b: [u8; 8]) -> V128 = build::<i16, 8>(|i| i16::from(b[i] as i8));
    v128_load8x8_u(b: [u8; 8]) -> V128 = build::<u16, 8>(|i| u16::from(b[i]));
    v128_load16x4_s(b: [u8; 8]) -> V128 = build::<i32, 4>(|i| i32::from(i16::from_le_bytes([b[2 * i], b[2 * i + 1]])));
    v128_load16x4_u(b: [u8; 8]) -> V128 = build::<u32, 4>(|i| u32::from(u16::from_le_bytes([b[2 * i], b[2 * i + 1]])));
    v128_load32x2_s(b: [u8; 8]) -> V128 = widen::<i32, i64, 4, 2>(V128::from(u64::from_le_bytes(b)), false, i64::from);
    v128_load32x2_u(b: [u8; 8]) -> V128 = widen::<u32, u64, 4, 2>(V128::from(u64::from_le_bytes(b)), false, u64::from);
    v128_load8_splat(b: [u8; 1]) -> V128 = i8x16_splat(u32::from(b[0]));
    v128_load16_splat(b: [u8; 2]) -> V128 = i16x8_splat(u32::from(u16::from_le_bytes(b)));
    v128_load32_splat(b: [u8; 4]) -> V128 = i32x4_splat(u32::from_le_bytes(b));
    v128_load64_splat(b: [u8; 8]) -> V128 = i64x2_splat(u64::from_le_bytes(b));
    v128_load32_zero(b: [u8; 4]) -> V128 = V128::from(u32::from_le_bytes(b));
    v128_load64_zero(b: [u8; 8]) -> V128 = V128::from(u64::from_le_bytes(b));
    v128_store(v: V128) -> [u8; 16] = v.to_le_bytes();
    v128_load8_lane(v: V128, l: u8, b: [u8; 1]) -> V128 = replace::<u8, 16>(v, l, b[0]);
    v128_load16_lane(v: V128, l: u8, b: [u8; 2]) -> V128 = replace::<u16, 8>(v, l, u16::from_le_bytes(b));
    v128_load32_lane(v: V128, l: u8, b: [u8; 4]) -> V128 = replace::<u32, 4>(v, l, u32::from_le_bytes(b));
    v128_load64_lane(v: V128, l: u8, b: [u8; 8]) -> V128 = replace::<u64, 2>(v, l, u64::from_le_bytes(b));
    v128_store8_lane(v: V128, l: u8) -> [u8; 1] = [extract::<u8, 16>(v, l)];
    v128_store16_lane(v: V128, l: u8) -> [u8; 2] = extract::<u16, 8>(v, l).to_le_bytes();
    v128_store32_lane(v: V128, l: u8) -> [u8; 4] = extract::<u32, 4>(v, l).to_le_bytes();
    v128_store64_lane(v: V128, l: u8) -> [u8; 8] = extract::<u64, 2>(v, l).to_le_bytes();
}

/// `i8x16.shuffle` with lane indices `lanes` (each below 32: validation checks it).
#[inline(always)]
pub(crate) fn i8x16_shuffle(a: V128, b: V128, lanes: V128) -> V128 {
    let (a, b) = (<u8 as Lane<16>>::split(a), <u8 as Lane<16>>::split(b));
    let lanes = <u8 as Lane<16>>::split(lanes);
    build::<u8, 16>(|i| {
        let l = usize::from(lanes[i] % 32);
        if l < 16 { a[l] } else { b[l - 16] }
    })
}

macro_rules! extmul {
    ($name:ident, $narrow:ty, $wide:ty, $n2:literal, $n:literal) => {
        /// Extended multiplication of the low or high lanes.
        #[inline(always)]
        fn $name(a: V128, b: V128, high: bool) -> V128 {
            let (a, b) = (
                <$narrow as Lane<$n2>>::split(a),
                <$narrow as Lane<$n2>>::split(b),
            );
            let first = if high { $n } else { 0 };
            build::<$wide, $n>(|i| {
                <$wide>::from(a[first + i]).wrapping_mul(<$wide>::from(b[first + i]))
            })
        }
    };
}
extmul!(extmul_i8_s, i8, i16, 16, 8);
extmul!(extmul_i8_u, u8, u16, 16, 8);
extmul!(extmul_i16_s, i16, i32, 8, 4);
extmul!(extmul_i16_u, u16, u32, 8, 4);
extmul!(extmul_i32_s, i32, i64, 4, 2);
extmul!(extmul_i32_u, u32, u64, 4, 2);
