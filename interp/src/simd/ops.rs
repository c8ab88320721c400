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

/// `$x`, of the wider integer type `$wide`, saturated to the range of `$narrow`.
macro_rules! saturate {
    ($x:expr, $wide:ty => $narrow:ty) => {
        $x.clamp(<$wide>::from(<$narrow>::MIN), <$wide>::from(<$narrow>::MAX)) as $narrow
    };
}

/// Saturating rounding Q15 multiplication.
#[inline(always)]
fn q15mulr(x: i16, y: i16) -> i16 {
    saturate!((i32::from(x) * i32::from(y) + 0x4000) >> 15, i32 => i16)
}

/// The rounding average of two unsigned lanes.
macro_rules! avgr {
    ($t:ty, $wide:ty) => {
        |x: $t, y: $t| ((<$wide>::from(x) + <$wide>::from(y) + 1) >> 1) as $t
    };
}

/// Lane-wise operations, a line per lane type `T` of `N` lanes: after `map`, `name = f` is
/// `f` on each lane of `a`; after `zip`, on each pair of lanes of `a` and `b`.
macro_rules! lanewise {
    (
        map: [$($t:ty, $n:literal => $($name:ident = $f:expr),*;)*]
        zip: [$($zt:ty, $zn:literal => $($zname:ident = $zf:expr),*;)*]
    ) => {
        simd_ops! {
            $($($name(a: V128) -> V128 = map::<$t, $t, $n>(a, $f);)*)*
            $($($zname(a: V128, b: V128) -> V128 = zip::<$zt, $zt, $zn>(a, b, $zf);)*)*
        }
    };
}

/// Lane-wise comparisons, a line per lane type `T` of `N` lanes: `name op` is `x op y` of
/// each pair of lanes, a true lane all ones of `M` (the integer of the lane's width).
macro_rules! compares {
    ($($t:ty as $m:ty, $n:literal => $($name:ident $op:tt),*;)*) => {
        simd_ops! {
            $($($name(a: V128, b: V128) -> V128 = compare::<$t, $m, $n>(a, b, |x, y| x $op y);)*)*
        }
    };
}

/// The shifts of an integer shape of `N` lanes, signed `S` and unsigned `U`: `shl`,
/// `shr_s`, `shr_u`, the count taken modulo the lane width (as `wrapping_sh*` takes it).
macro_rules! shifts {
    ($($s:ty, $u:ty, $n:literal => $shl:ident, $shr_s:ident, $shr_u:ident;)*) => {
        simd_ops! {$(
            $shl(a: V128, s: u32) -> V128 = map::<$u, $u, $n>(a, |x| x.wrapping_shl(s));
            $shr_s(a: V128, s: u32) -> V128 = map::<$s, $s, $n>(a, |x| x.wrapping_shr(s));
            $shr_u(a: V128, s: u32) -> V128 = map::<$u, $u, $n>(a, |x| x.wrapping_shr(s));
        )*}
    };
}

/// The lane tests of an integer shape of `N` lanes, signed `S` and unsigned `U`:
/// `all_true`, `bitmask`.
macro_rules! lane_tests {
    ($($s:ty, $u:ty, $n:literal => $all_true:ident, $bitmask:ident;)*) => {
        simd_ops! {$(
            $all_true(a: V128) -> u32 = all_true::<$u, $n>(a);
            $bitmask(a: V128) -> u32 = bitmask::<$s, $n>(a);
        )*}
    };
}

/// Splats, lane extraction and replacement, a line per lane type `T` of `N` lanes and the
/// scalar type `X` that wasm gives or takes (for floats, their bits).
macro_rules! lane_moves {
    (
        splat: [$($st:ty, $sn:literal, $sx:ty => $splat:ident;)*]
        extract: [$($et:ty, $en:literal, $ex:ty => $extract:ident;)*]
        replace: [$($rt:ty, $rn:literal, $rx:ty => $replace:ident;)*]
    ) => {
        simd_ops! {
            $($splat(x: $sx) -> V128 = build::<$st, $sn>(|_| x as $st);)*
            $($extract(a: V128, l: u8) -> $ex = <$ex>::from(extract::<$et, $en>(a, l));)*
            $($replace(a: V128, l: u8, x: $rx) -> V128 = replace::<$rt, $rn>(a, l, x as $rt);)*
        }
    };
}

/// The conversions between an integer shape `S`/`U` of `N2` lanes and the shape of twice the
/// width `WS`/`WU` of `N` lanes: narrowing with saturation, extension of the low and high
/// halves, pairwise extended addition, extended multiplication of the low and high halves.
macro_rules! widths {
    ($(
        $s:ty, $u:ty, $n2:literal => $ws:ty, $wu:ty, $n:literal:
        narrow $($narrow_s:ident $narrow_u:ident)?,
        extend $low_s:ident $high_s:ident $low_u:ident $high_u:ident,
        extadd_pairwise $($extadd_s:ident $extadd_u:ident)?,
        extmul $mul_low_s:ident $mul_high_s:ident $mul_low_u:ident $mul_high_u:ident;
    )*) => {
        simd_ops! {$(
            $(
                $narrow_s(a: V128, b: V128) -> V128 =
                    narrow::<$ws, $s, $n, $n2>(a, b, |x| saturate!(x, $ws => $s));
                $narrow_u(a: V128, b: V128) -> V128 =
                    narrow::<$ws, $u, $n, $n2>(a, b, |x| saturate!(x, $ws => $u));
            )?
            $low_s(a: V128) -> V128 = widen::<$s, $ws, $n2, $n>(a, false, <$ws>::from);
            $high_s(a: V128) -> V128 = widen::<$s, $ws, $n2, $n>(a, true, <$ws>::from);
            $low_u(a: V128) -> V128 = widen::<$u, $wu, $n2, $n>(a, false, <$wu>::from);
            $high_u(a: V128) -> V128 = widen::<$u, $wu, $n2, $n>(a, true, <$wu>::from);
            $(
                $extadd_s(a: V128) -> V128 =
                    pairwise::<$s, $ws, $n2, $n>(a, a, |x, y, _, _| <$ws>::from(x) + <$ws>::from(y));
                $extadd_u(a: V128) -> V128 =
                    pairwise::<$u, $wu, $n2, $n>(a, a, |x, y, _, _| <$wu>::from(x) + <$wu>::from(y));
            )?
            $mul_low_s(a: V128, b: V128) -> V128 = extmul!($s => $ws, $n2 => $n, a, b, 0);
            $mul_high_s(a: V128, b: V128) -> V128 = extmul!($s => $ws, $n2 => $n, a, b, $n);
            $mul_low_u(a: V128, b: V128) -> V128 = extmul!($u => $wu, $n2 => $n, a, b, 0);
            $mul_high_u(a: V128, b: V128) -> V128 = extmul!($u => $wu, $n2 => $n, a, b, $n);
        )*}
    };
}

/// Extended multiplication: lanes `first .. first + N` of `a` and `b` (`N2` lanes of `L`),
/// widened to `W` and multiplied.
macro_rules! extmul {
    ($l:ty => $w:ty, $n2:literal => $n:literal, $a:expr, $b:expr, $first:expr) => {{
        let (a, b) = (<$l as Lane<$n2>>::split($a), <$l as Lane<$n2>>::split($b));
        build::<$w, $n>(|i| <$w>::from(a[$first + i]).wrapping_mul(<$w>::from(b[$first + i])))
    }};
}

/// Operations that return what another computes (the relaxed ones, see the module
/// documentation): `names = f(args) for (params)`.
macro_rules! same_as {
    ($($($name:ident),+ = $f:ident $args:tt for $params:tt;)*) => {
        simd_ops! { $($($name $params -> V128 = $f $args;)+)* }
    };
}

/// The loads and stores of one lane type `T` of `N` lanes, `B` bytes each: the splatting
/// load, and the load and store of one lane.
macro_rules! lane_memory {
    ($($t:ty, $n:literal, $b:literal => $splat:ident, $load:ident, $store:ident;)*) => {
        simd_ops! {$(
            $splat(b: [u8; $b]) -> V128 = build::<$t, $n>(|_| <$t>::from_le_bytes(b));
            $load(v: V128, l: u8, b: [u8; $b]) -> V128 = replace::<$t, $n>(v, l, <$t>::from_le_bytes(b));
            $store(v: V128, l: u8) -> [u8; $b] = extract::<$t, $n>(v, l).to_le_bytes();
        )*}
    };
}

lanewise! {
    map: [
    i8, 16 => i8x16_abs = i8::wrapping_abs, i8x16_neg = i8::wrapping_neg;
    u8, 16 => i8x16_popcnt = |x: u8| x.count_ones() as u8;
    i16, 8 => i16x8_abs = i16::wrapping_abs, i16x8_neg = i16::wrapping_neg;
    i32, 4 => i32x4_abs = i32::wrapping_abs, i32x4_neg = i32::wrapping_neg;
    i64, 2 => i64x2_abs = i64::wrapping_abs, i64x2_neg = i64::wrapping_neg;
    f32, 4 => f32x4_ceil = numeric::f32_ceil, f32x4_floor = numeric::f32_floor,
        f32x4_trunc = numeric::f32_trunc, f32x4_nearest = numeric::f32_nearest,
        f32x4_abs = scalar::f32_abs, f32x4_neg = scalar::f32_neg, f32x4_sqrt = scalar::f32_sqrt;
    f64, 2 => f64x2_ceil = numeric::f64_ceil, f64x2_floor = numeric::f64_floor,
        f64x2_trunc = numeric::f64_trunc, f64x2_nearest = numeric::f64_nearest,
        f64x2_abs = scalar::f64_abs, f64x2_neg = scalar::f64_neg, f64x2_sqrt = scalar::f64_sqrt;
    ]
    zip: [
    u8, 16 => i8x16_add = u8::wrapping_add, i8x16_sub = u8::wrapping_sub,
        i8x16_add_sat_u = u8::saturating_add, i8x16_sub_sat_u = u8::saturating_sub,
        i8x16_min_u = Ord::min, i8x16_max_u = Ord::max, i8x16_avgr_u = avgr!(u8, u16);
    i8, 16 => i8x16_add_sat_s = i8::saturating_add, i8x16_sub_sat_s = i8::saturating_sub,
        i8x16_min_s = Ord::min, i8x16_max_s = Ord::max;
    u16, 8 => i16x8_add = u16::wrapping_add, i16x8_sub = u16::wrapping_sub,
        i16x8_mul = u16::wrapping_mul, i16x8_add_sat_u = u16::saturating_add,
        i16x8_sub_sat_u = u16::saturating_sub, i16x8_min_u = Ord::min, i16x8_max_u = Ord::max,
        i16x8_avgr_u = avgr!(u16, u32);
    i16, 8 => i16x8_add_sat_s = i16::saturating_add, i16x8_sub_sat_s = i16::saturating_sub,
        i16x8_min_s = Ord::min, i16x8_max_s = Ord::max, i16x8_q15mulr_sat_s = q15mulr;
    u32, 4 => i32x4_add = u32::wrapping_add, i32x4_sub = u32::wrapping_sub,
        i32x4_mul = u32::wrapping_mul, i32x4_min_u = Ord::min, i32x4_max_u = Ord::max;
    i32, 4 => i32x4_min_s = Ord::min, i32x4_max_s = Ord::max;
    u64, 2 => i64x2_add = u64::wrapping_add, i64x2_sub = u64::wrapping_sub,
        i64x2_mul = u64::wrapping_mul;
    f32, 4 => f32x4_add = scalar::f32_add, f32x4_sub = scalar::f32_sub,
        f32x4_mul = scalar::f32_mul, f32x4_div = scalar::f32_div,
        f32x4_min = numeric::f32_min, f32x4_max = numeric::f32_max,
        f32x4_pmin = |x, y| if y < x { y } else { x },
        f32x4_pmax = |x, y| if x < y { y } else { x };
    f64, 2 => f64x2_add = scalar::f64_add, f64x2_sub = scalar::f64_sub,
        f64x2_mul = scalar::f64_mul, f64x2_div = scalar::f64_div,
        f64x2_min = numeric::f64_min, f64x2_max = numeric::f64_max,
        f64x2_pmin = |x, y| if y < x { y } else { x },
        f64x2_pmax = |x, y| if x < y { y } else { x };
    ]
}

compares! {
    i8 as i8, 16 => i8x16_eq ==, i8x16_ne !=, i8x16_lt_s <, i8x16_gt_s >, i8x16_le_s <=, i8x16_ge_s >=;
    u8 as i8, 16 => i8x16_lt_u <, i8x16_gt_u >, i8x16_le_u <=, i8x16_ge_u >=;
    i16 as i16, 8 => i16x8_eq ==, i16x8_ne !=, i16x8_lt_s <, i16x8_gt_s >, i16x8_le_s <=, i16x8_ge_s >=;
    u16 as i16, 8 => i16x8_lt_u <, i16x8_gt_u >, i16x8_le_u <=, i16x8_ge_u >=;
    i32 as i32, 4 => i32x4_eq ==, i32x4_ne !=, i32x4_lt_s <, i32x4_gt_s >, i32x4_le_s <=, i32x4_ge_s >=;
    u32 as i32, 4 => i32x4_lt_u <, i32x4_gt_u >, i32x4_le_u <=, i32x4_ge_u >=;
    i64 as i64, 2 => i64x2_eq ==, i64x2_ne !=, i64x2_lt_s <, i64x2_gt_s >, i64x2_le_s <=, i64x2_ge_s >=;
    f32 as i32, 4 => f32x4_eq ==, f32x4_ne !=, f32x4_lt <, f32x4_gt >, f32x4_le <=, f32x4_ge >=;
    f64 as i64, 2 => f64x2_eq ==, f64x2_ne !=, f64x2_lt <, f64x2_gt >, f64x2_le <=, f64x2_ge >=;
}

shifts! {
    i8, u8, 16 => i8x16_shl, i8x16_shr_s, i8x16_shr_u;
    i16, u16, 8 => i16x8_shl, i16x8_shr_s, i16x8_shr_u;
    i32, u32, 4 => i32x4_shl, i32x4_shr_s, i32x4_shr_u;
    i64, u64, 2 => i64x2_shl, i64x2_shr_s, i64x2_shr_u;
}

lane_tests! {
    i8, u8, 16 => i8x16_all_true, i8x16_bitmask;
    i16, u16, 8 => i16x8_all_true, i16x8_bitmask;
    i32, u32, 4 => i32x4_all_true, i32x4_bitmask;
    i64, u64, 2 => i64x2_all_true, i64x2_bitmask;
}

lane_moves! {
    splat: [
    u8, 16, u32 => i8x16_splat; u16, 8, u32 => i16x8_splat; u32, 4, u32 => i32x4_splat;
    u64, 2, u64 => i64x2_splat; f32, 4, f32 => f32x4_splat; f64, 2, f64 => f64x2_splat;
    ]
    extract: [
    i8, 16, i32 => i8x16_extract_lane_s; u8, 16, u32 => i8x16_extract_lane_u;
    i16, 8, i32 => i16x8_extract_lane_s; u16, 8, u32 => i16x8_extract_lane_u;
    u32, 4, u32 => i32x4_extract_lane; u64, 2, u64 => i64x2_extract_lane;
    u32, 4, u32 => f32x4_extract_lane; u64, 2, u64 => f64x2_extract_lane;
    ]
    replace: [
    u8, 16, u32 => i8x16_replace_lane; u16, 8, u32 => i16x8_replace_lane;
    u32, 4, u32 => i32x4_replace_lane; u64, 2, u64 => i64x2_replace_lane;
    u32, 4, u32 => f32x4_replace_lane; u64, 2, u64 => f64x2_replace_lane;
    ]
}

widths! {
    i8, u8, 16 => i16, u16, 8:
        narrow i8x16_narrow_i16x8_s i8x16_narrow_i16x8_u,
        extend i16x8_extend_low_i8x16_s i16x8_extend_high_i8x16_s
            i16x8_extend_low_i8x16_u i16x8_extend_high_i8x16_u,
        extadd_pairwise i16x8_extadd_pairwise_i8x16_s i16x8_extadd_pairwise_i8x16_u,
        extmul i16x8_extmul_low_i8x16_s i16x8_extmul_high_i8x16_s
            i16x8_extmul_low_i8x16_u i16x8_extmul_high_i8x16_u;
    i16, u16, 8 => i32, u32, 4:
        narrow i16x8_narrow_i32x4_s i16x8_narrow_i32x4_u,
        extend i32x4_extend_low_i16x8_s i32x4_extend_high_i16x8_s
            i32x4_extend_low_i16x8_u i32x4_extend_high_i16x8_u,
        extadd_pairwise i32x4_extadd_pairwise_i16x8_s i32x4_extadd_pairwise_i16x8_u,
        extmul i32x4_extmul_low_i16x8_s i32x4_extmul_high_i16x8_s
            i32x4_extmul_low_i16x8_u i32x4_extmul_high_i16x8_u;
    i32, u32, 4 => i64, u64, 2:
        narrow,
        extend i64x2_extend_low_i32x4_s i64x2_extend_high_i32x4_s
            i64x2_extend_low_i32x4_u i64x2_extend_high_i32x4_u,
        extadd_pairwise,
        extmul i64x2_extmul_low_i32x4_s i64x2_extmul_high_i32x4_s
            i64x2_extmul_low_i32x4_u i64x2_extmul_high_i32x4_u;
}

lane_memory! {
    u8, 16, 1 => v128_load8_splat, v128_load8_lane, v128_store8_lane;
    u16, 8, 2 => v128_load16_splat, v128_load16_lane, v128_store16_lane;
    u32, 4, 4 => v128_load32_splat, v128_load32_lane, v128_store32_lane;
    u64, 2, 8 => v128_load64_splat, v128_load64_lane, v128_store64_lane;
}

same_as! {
    i8x16_swizzle, i8x16_relaxed_swizzle = swizzle(a, s) for (a: V128, s: V128);
    i32x4_relaxed_trunc_f32x4_s = i32x4_trunc_sat_f32x4_s(a) for (a: V128);
    i32x4_relaxed_trunc_f32x4_u = i32x4_trunc_sat_f32x4_u(a) for (a: V128);
    i32x4_relaxed_trunc_f64x2_s_zero = i32x4_trunc_sat_f64x2_s_zero(a) for (a: V128);
    i32x4_relaxed_trunc_f64x2_u_zero = i32x4_trunc_sat_f64x2_u_zero(a) for (a: V128);
    i8x16_relaxed_laneselect, i16x8_relaxed_laneselect, i32x4_relaxed_laneselect,
        i64x2_relaxed_laneselect = v128_bitselect(a, b, m) for (a: V128, b: V128, m: V128);
    f32x4_relaxed_min = f32x4_min(a, b) for (a: V128, b: V128);
    f32x4_relaxed_max = f32x4_max(a, b) for (a: V128, b: V128);
    f64x2_relaxed_min = f64x2_min(a, b) for (a: V128, b: V128);
    f64x2_relaxed_max = f64x2_max(a, b) for (a: V128, b: V128);
    i16x8_relaxed_q15mulr_s = i16x8_q15mulr_sat_s(a, b) for (a: V128, b: V128);
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

    // Products.
    i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 = pairwise::<i16, i32, 8, 4>(a, b, |a0, a1, b0, b1| {
        (i32::from(a0) * i32::from(b0)).wrapping_add(i32::from(a1) * i32::from(b1))
    });

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

    // Relaxed SIMD that computes more than one operation (see the module documentation).
    f32x4_relaxed_madd(a: V128, b: V128, c: V128) -> V128 = f32x4_add(f32x4_mul(a, b), c);
    f32x4_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 = f32x4_add(f32x4_mul(f32x4_neg(a), b), c);
    f64x2_relaxed_madd(a: V128, b: V128, c: V128) -> V128 = f64x2_add(f64x2_mul(a, b), c);
    f64x2_relaxed_nmadd(a: V128, b: V128, c: V128) -> V128 = f64x2_add(f64x2_mul(f64x2_neg(a), b), c);
    // Both lanes signed, the sum saturated (what the proposal's saturating variants give).
    i16x8_relaxed_dot_i8x16_i7x16_s(a: V128, b: V128) -> V128 = pairwise::<i8, i16, 16, 8>(a, b, |a0, a1, b0, b1| {
        saturate!(i32::from(a0) * i32::from(b0) + i32::from(a1) * i32::from(b1), i32 => i16)
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
    v128_load32_zero(b: [u8; 4]) -> V128 = V128::from(u32::from_le_bytes(b));
    v128_load64_zero(b: [u8; 8]) -> V128 = V128::from(u64::from_le_bytes(b));
    v128_store(v: V128) -> [u8; 16] = v.to_le_bytes();
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
