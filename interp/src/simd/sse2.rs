//! The operations the handlers run on x86-64: every function of [`super::ops`], with SSE2
//! forms of the common lane operations in place of the portable ones (SSE2 is part of
//! x86-64, so no run-time detection is needed).
//!
//! Why: LLVM turns most of the portable lane loops into one scalar operation per lane (an
//! `i8x16.eq` took about 180 machine instructions), where SSE2 has one instruction for the
//! whole vector. The portable functions stay the reference: each form here is checked
//! against its portable twin by the proptests at the end of this file (floats: the same
//! bits, or NaN in both).
//!
//! The functions defined here shadow the glob re-export of `ops` (an item named in a module
//! takes precedence over a glob import of the same name), so an operation without an SSE2
//! form is simply the portable one.

pub(crate) use super::ops::*;

use super::V128;
use core::arch::x86_64::*;

/// Evaluates `$e`, which calls SSE2 intrinsics.
macro_rules! sse2 {
    ($e:expr) => {
        // SAFETY: the intrinsics need only SSE2, which every x86-64 processor has and the
        // target enables by default; none of them takes a pointer.
        unsafe { $e }
    };
}

/// `v` as an SSE2 integer vector.
#[inline(always)]
fn m(v: V128) -> __m128i {
    // SAFETY: both types are 16 bytes of plain bits, valid for every bit pattern; on a
    // little-endian host lane 0 of the vector is the low bits of the `u128`, as in `V128`.
    unsafe { core::mem::transmute::<V128, __m128i>(v) }
}

/// The `v128` in SSE2 integer vector `x`.
#[inline(always)]
fn v(x: __m128i) -> V128 {
    // SAFETY: as in `m`.
    unsafe { core::mem::transmute::<__m128i, V128>(x) }
}

/// For each float vector type `T`: `$to(v)` is `v` as a `T`, `$from(x)` the `v128` in `x`
/// (SSE2's casts, which cost no instruction).
macro_rules! float_views {
    ($($to:ident, $from:ident: $t:ty = $cast_to:ident, $cast_from:ident;)*) => {$(
        #[doc = concat!("`v` as an `", stringify!($t), "`.")]
        #[inline(always)]
        fn $to(v: V128) -> $t {
            sse2!($cast_to(m(v)))
        }

        #[doc = concat!("The `v128` in an `", stringify!($t), "`.")]
        #[inline(always)]
        fn $from(x: $t) -> V128 {
            sse2!(v($cast_from(x)))
        }
    )*};
}

float_views! {
    ps, from_ps: __m128 = _mm_castsi128_ps, _mm_castps_si128;
    pd, from_pd: __m128d = _mm_castsi128_pd, _mm_castpd_si128;
}

/// The low 8 bytes of a vector, the high 8 zero.
#[inline(always)]
fn low8(b: [u8; 8]) -> __m128i {
    sse2!(_mm_cvtsi64_si128(i64::from_le_bytes(b)))
}

/// A shift count for the `_mm_s*_epi*` shifts: `s` modulo the lane width `bits`, as wasm
/// takes it.
#[inline(always)]
fn count(s: u32, bits: u32) -> __m128i {
    sse2!(_mm_cvtsi32_si128((s % bits) as i32))
}

/// The low (`$high` false) or high halves of `$a` and `$b` interleaved lane by lane, by
/// `$lo` or `$hi` (an `_mm_unpacklo_epi*` / `_mm_unpackhi_epi*` pair); inside `sse2!`.
macro_rules! unpack {
    ($lo:ident, $hi:ident, $a:expr, $b:expr, $high:expr) => {
        if $high { $hi($a, $b) } else { $lo($a, $b) }
    };
}

/// The widenings of 8- and 16-bit lanes: `$name(a, high, signed)` is the low or high half of
/// `a` (lanes of `$bits` bits) widened to lanes of twice the width, with the sign if `signed`.
/// Each lane twice makes a wide lane whose high half is the value: an arithmetic shift by
/// `$bits` brings it down with its sign.
macro_rules! widen_by_unpacking {
    ($($name:ident($bits:literal): $lo:ident, $hi:ident, $sra:ident;)*) => {$(
        #[doc = concat!("The low or high half of `a`'s ", stringify!($bits), "-bit lanes, widened.")]
        #[inline(always)]
        fn $name(a: __m128i, high: bool, signed: bool) -> __m128i {
            sse2!(if signed {
                $sra::<$bits>(unpack!($lo, $hi, a, a, high))
            } else {
                unpack!($lo, $hi, a, _mm_setzero_si128(), high)
            })
        }
    )*};
}

widen_by_unpacking! {
    widen8(8): _mm_unpacklo_epi8, _mm_unpackhi_epi8, _mm_srai_epi16;
    widen16(16): _mm_unpacklo_epi16, _mm_unpackhi_epi16, _mm_srai_epi32;
}

/// The low or high two 32-bit lanes of `a` widened to 64 bits, with the sign if `signed`.
#[inline(always)]
fn widen32(a: __m128i, high: bool, signed: bool) -> __m128i {
    let top = if signed {
        // All ones in the lanes that are negative: the high halves of the sign extension.
        sse2!(_mm_cmpgt_epi32(_mm_setzero_si128(), a))
    } else {
        sse2!(_mm_setzero_si128())
    };
    sse2!(unpack!(
        _mm_unpacklo_epi32,
        _mm_unpackhi_epi32,
        a,
        top,
        high
    ))
}

/// Whether no lane of `eq_zero` (a lane-wise comparison with zero) is set.
#[inline(always)]
fn none_set(eq_zero: __m128i) -> u32 {
    sse2!(u32::from(_mm_movemask_epi8(eq_zero) == 0))
}

/// Defines the SSE2 forms, and (under test) a proptest per form comparing it with the
/// portable function of the same name. `$same` says how results compare: `bits` exactly,
/// `f32`/`f64` lane by lane with any NaN equal to any NaN (the spec lets the engine pick
/// the NaN, and SSE2 may pick another operand's payload than the portable code).
macro_rules! sse2_ops {
    (mod $tests:ident; $( $same:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty = $body:expr; )*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` with SSE2.")]
            #[inline(always)]
            // Rows built only from this file's helpers call no intrinsic themselves.
            #[allow(unused_unsafe)]
            pub(crate) fn $name($($arg: $ty),*) -> $out {
                sse2!($body)
            }
        )*

        #[cfg(test)]
        mod $tests {
            use super::super::V128;
            use super::super::ops;
            use super::super::sse2_tests::{Input, Same};
            use proptest::prelude::*;

            proptest! {
                $(
                    #[test]
                    fn $name($($arg in <$ty as Input>::strategy()),*) {
                        let fast = super::$name($($arg),*);
                        let portable = ops::$name($($arg),*);
                        prop_assert!(
                            Same::$same(fast, portable),
                            "SSE2 gave {:#x?}, the portable form {:#x?}", fast, portable
                        );
                    }
                )*
            }
        }
    };
}

sse2_ops! {
    mod tests;
    // Splats.
    bits i8x16_splat(x: u32) -> V128 = v(_mm_set1_epi8(x as i8));
    bits i16x8_splat(x: u32) -> V128 = v(_mm_set1_epi16(x as i16));
    bits i32x4_splat(x: u32) -> V128 = v(_mm_set1_epi32(x as i32));
    bits i64x2_splat(x: u64) -> V128 = v(_mm_set1_epi64x(x as i64));

    // i8x16.
    bits i8x16_add(a: V128, b: V128) -> V128 = v(_mm_add_epi8(m(a), m(b)));
    bits i8x16_sub(a: V128, b: V128) -> V128 = v(_mm_sub_epi8(m(a), m(b)));
    bits i8x16_neg(a: V128) -> V128 = v(_mm_sub_epi8(_mm_setzero_si128(), m(a)));
    bits i8x16_add_sat_s(a: V128, b: V128) -> V128 = v(_mm_adds_epi8(m(a), m(b)));
    bits i8x16_add_sat_u(a: V128, b: V128) -> V128 = v(_mm_adds_epu8(m(a), m(b)));
    bits i8x16_sub_sat_s(a: V128, b: V128) -> V128 = v(_mm_subs_epi8(m(a), m(b)));
    bits i8x16_sub_sat_u(a: V128, b: V128) -> V128 = v(_mm_subs_epu8(m(a), m(b)));
    bits i8x16_min_u(a: V128, b: V128) -> V128 = v(_mm_min_epu8(m(a), m(b)));
    bits i8x16_max_u(a: V128, b: V128) -> V128 = v(_mm_max_epu8(m(a), m(b)));
    bits i8x16_avgr_u(a: V128, b: V128) -> V128 = v(_mm_avg_epu8(m(a), m(b)));
    bits i8x16_eq(a: V128, b: V128) -> V128 = v(_mm_cmpeq_epi8(m(a), m(b)));
    bits i8x16_lt_s(a: V128, b: V128) -> V128 = v(_mm_cmplt_epi8(m(a), m(b)));
    bits i8x16_gt_s(a: V128, b: V128) -> V128 = v(_mm_cmpgt_epi8(m(a), m(b)));
    bits i8x16_narrow_i16x8_s(a: V128, b: V128) -> V128 = v(_mm_packs_epi16(m(a), m(b)));
    bits i8x16_narrow_i16x8_u(a: V128, b: V128) -> V128 = v(_mm_packus_epi16(m(a), m(b)));
    bits i8x16_bitmask(a: V128) -> u32 = _mm_movemask_epi8(m(a)) as u32;
    bits i8x16_all_true(a: V128) -> u32 = none_set(_mm_cmpeq_epi8(m(a), _mm_setzero_si128()));

    // i16x8.
    bits i16x8_add(a: V128, b: V128) -> V128 = v(_mm_add_epi16(m(a), m(b)));
    bits i16x8_sub(a: V128, b: V128) -> V128 = v(_mm_sub_epi16(m(a), m(b)));
    bits i16x8_mul(a: V128, b: V128) -> V128 = v(_mm_mullo_epi16(m(a), m(b)));
    bits i16x8_neg(a: V128) -> V128 = v(_mm_sub_epi16(_mm_setzero_si128(), m(a)));
    // -32768 stays -32768 (its negation wraps to itself), as `wrapping_abs` has it.
    bits i16x8_abs(a: V128) -> V128 = v(_mm_max_epi16(m(a), _mm_sub_epi16(_mm_setzero_si128(), m(a))));
    bits i16x8_add_sat_s(a: V128, b: V128) -> V128 = v(_mm_adds_epi16(m(a), m(b)));
    bits i16x8_add_sat_u(a: V128, b: V128) -> V128 = v(_mm_adds_epu16(m(a), m(b)));
    bits i16x8_sub_sat_s(a: V128, b: V128) -> V128 = v(_mm_subs_epi16(m(a), m(b)));
    bits i16x8_sub_sat_u(a: V128, b: V128) -> V128 = v(_mm_subs_epu16(m(a), m(b)));
    bits i16x8_min_s(a: V128, b: V128) -> V128 = v(_mm_min_epi16(m(a), m(b)));
    bits i16x8_max_s(a: V128, b: V128) -> V128 = v(_mm_max_epi16(m(a), m(b)));
    bits i16x8_avgr_u(a: V128, b: V128) -> V128 = v(_mm_avg_epu16(m(a), m(b)));
    bits i16x8_eq(a: V128, b: V128) -> V128 = v(_mm_cmpeq_epi16(m(a), m(b)));
    bits i16x8_lt_s(a: V128, b: V128) -> V128 = v(_mm_cmplt_epi16(m(a), m(b)));
    bits i16x8_gt_s(a: V128, b: V128) -> V128 = v(_mm_cmpgt_epi16(m(a), m(b)));
    bits i16x8_shl(a: V128, s: u32) -> V128 = v(_mm_sll_epi16(m(a), count(s, 16)));
    bits i16x8_shr_s(a: V128, s: u32) -> V128 = v(_mm_sra_epi16(m(a), count(s, 16)));
    bits i16x8_shr_u(a: V128, s: u32) -> V128 = v(_mm_srl_epi16(m(a), count(s, 16)));
    bits i16x8_narrow_i32x4_s(a: V128, b: V128) -> V128 = v(_mm_packs_epi32(m(a), m(b)));
    bits i16x8_bitmask(a: V128) -> u32 =
        (_mm_movemask_epi8(_mm_packs_epi16(m(a), _mm_setzero_si128())) & 0xFF) as u32;
    bits i16x8_all_true(a: V128) -> u32 = none_set(_mm_cmpeq_epi16(m(a), _mm_setzero_si128()));
    bits i16x8_extend_low_i8x16_s(a: V128) -> V128 = v(widen8(m(a), false, true));
    bits i16x8_extend_high_i8x16_s(a: V128) -> V128 = v(widen8(m(a), true, true));
    bits i16x8_extend_low_i8x16_u(a: V128) -> V128 = v(widen8(m(a), false, false));
    bits i16x8_extend_high_i8x16_u(a: V128) -> V128 = v(widen8(m(a), true, false));
    // Even bytes (sign-extended by shifting them up and back) plus odd bytes.
    bits i16x8_extadd_pairwise_i8x16_s(a: V128) -> V128 = v(_mm_add_epi16(
        _mm_srai_epi16::<8>(_mm_slli_epi16::<8>(m(a))),
        _mm_srai_epi16::<8>(m(a)),
    ));
    bits i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 = v(_mm_add_epi16(
        _mm_and_si128(m(a), _mm_set1_epi16(0xFF)),
        _mm_srli_epi16::<8>(m(a)),
    ));

    // i32x4.
    bits i32x4_add(a: V128, b: V128) -> V128 = v(_mm_add_epi32(m(a), m(b)));
    bits i32x4_sub(a: V128, b: V128) -> V128 = v(_mm_sub_epi32(m(a), m(b)));
    bits i32x4_neg(a: V128) -> V128 = v(_mm_sub_epi32(_mm_setzero_si128(), m(a)));
    bits i32x4_eq(a: V128, b: V128) -> V128 = v(_mm_cmpeq_epi32(m(a), m(b)));
    bits i32x4_lt_s(a: V128, b: V128) -> V128 = v(_mm_cmplt_epi32(m(a), m(b)));
    bits i32x4_gt_s(a: V128, b: V128) -> V128 = v(_mm_cmpgt_epi32(m(a), m(b)));
    bits i32x4_shl(a: V128, s: u32) -> V128 = v(_mm_sll_epi32(m(a), count(s, 32)));
    bits i32x4_shr_s(a: V128, s: u32) -> V128 = v(_mm_sra_epi32(m(a), count(s, 32)));
    bits i32x4_shr_u(a: V128, s: u32) -> V128 = v(_mm_srl_epi32(m(a), count(s, 32)));
    bits i32x4_bitmask(a: V128) -> u32 = _mm_movemask_ps(ps(a)) as u32;
    bits i32x4_all_true(a: V128) -> u32 = none_set(_mm_cmpeq_epi32(m(a), _mm_setzero_si128()));
    // `pmaddwd` is the dot product exactly, wrapping included (only -32768 * -32768 twice
    // overflows, to 0x8000_0000, as `wrapping_add` gives).
    bits i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 = v(_mm_madd_epi16(m(a), m(b)));
    bits i32x4_extadd_pairwise_i16x8_s(a: V128) -> V128 = v(_mm_madd_epi16(m(a), _mm_set1_epi16(1)));
    bits i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 = v(_mm_add_epi32(
        _mm_and_si128(m(a), _mm_set1_epi32(0xFFFF)),
        _mm_srli_epi32::<16>(m(a)),
    ));
    bits i32x4_extend_low_i16x8_s(a: V128) -> V128 = v(widen16(m(a), false, true));
    bits i32x4_extend_high_i16x8_s(a: V128) -> V128 = v(widen16(m(a), true, true));
    bits i32x4_extend_low_i16x8_u(a: V128) -> V128 = v(widen16(m(a), false, false));
    bits i32x4_extend_high_i16x8_u(a: V128) -> V128 = v(widen16(m(a), true, false));

    // i64x2.
    bits i64x2_add(a: V128, b: V128) -> V128 = v(_mm_add_epi64(m(a), m(b)));
    bits i64x2_sub(a: V128, b: V128) -> V128 = v(_mm_sub_epi64(m(a), m(b)));
    bits i64x2_shl(a: V128, s: u32) -> V128 = v(_mm_sll_epi64(m(a), count(s, 64)));
    bits i64x2_shr_u(a: V128, s: u32) -> V128 = v(_mm_srl_epi64(m(a), count(s, 64)));
    bits i64x2_bitmask(a: V128) -> u32 = _mm_movemask_pd(pd(a)) as u32;
    bits i64x2_extend_low_i32x4_s(a: V128) -> V128 = v(widen32(m(a), false, true));
    bits i64x2_extend_high_i32x4_s(a: V128) -> V128 = v(widen32(m(a), true, true));
    bits i64x2_extend_low_i32x4_u(a: V128) -> V128 = v(widen32(m(a), false, false));
    bits i64x2_extend_high_i32x4_u(a: V128) -> V128 = v(widen32(m(a), true, false));

    f32 f32x4_convert_i32x4_s(a: V128) -> V128 = from_ps(_mm_cvtepi32_ps(m(a)));

    // Memory: widening loads.
    bits v128_load8x8_s(b: [u8; 8]) -> V128 = v(widen8(low8(b), false, true));
    bits v128_load8x8_u(b: [u8; 8]) -> V128 = v(widen8(low8(b), false, false));
    bits v128_load16x4_s(b: [u8; 8]) -> V128 = v(widen16(low8(b), false, true));
    bits v128_load16x4_u(b: [u8; 8]) -> V128 = v(widen16(low8(b), false, false));
    bits v128_load32x2_s(b: [u8; 8]) -> V128 = v(widen32(low8(b), false, true));
    bits v128_load32x2_u(b: [u8; 8]) -> V128 = v(widen32(low8(b), false, false));
}

/// The SSE2 forms of one float width (`$f`: `f32` or `f64`, also how results compare), through
/// the views `$to`/`$from` of [`float_views`]: `name intrinsic` pairs by signature. `swapped`
/// pairs take the operands the other way round: `minps x, y` is `x < y ? x : y`, so the
/// minimum of `b, a` is exactly `pmin` (likewise `pmax`). Comparisons give all-ones lanes and
/// compare by bits.
macro_rules! sse2_float_ops {
    (
        $f:ident, $tests:ident, $to:ident, $from:ident:
        splat $splat:ident $set1:ident,
        unary $($un:ident $unf:ident)*,
        binary $($bin:ident $binf:ident)*,
        swapped $($sw:ident $swf:ident)*,
        compare $($cmp:ident $cmpf:ident)*,
    ) => {
        sse2_ops! {
            mod $tests;
            $f $splat(x: $f) -> V128 = $from($set1(x));
            $($f $un(a: V128) -> V128 = $from($unf($to(a)));)*
            $($f $bin(a: V128, b: V128) -> V128 = $from($binf($to(a), $to(b)));)*
            $($f $sw(a: V128, b: V128) -> V128 = $from($swf($to(b), $to(a)));)*
            $(bits $cmp(a: V128, b: V128) -> V128 = $from($cmpf($to(a), $to(b)));)*
        }
    };
}

/// [`sse2_float_ops`] for both widths, from one list of `f32 / f64` pairs.
macro_rules! sse2_float_widths {
    (
        $f:ident $t:ident $to:ident $from:ident / $g:ident $u:ident $gto:ident $gfrom:ident;
        $($kind:ident: $($name:ident $op:ident / $gname:ident $gop:ident),*;)*
    ) => {
        sse2_float_ops! { $f, $t, $to, $from: $($kind $($name $op)*,)* }
        sse2_float_ops! { $g, $u, $gto, $gfrom: $($kind $($gname $gop)*,)* }
    };
}

sse2_float_widths! {
    f32 f32x4_tests ps from_ps / f64 f64x2_tests pd from_pd;
    splat: f32x4_splat _mm_set1_ps / f64x2_splat _mm_set1_pd;
    unary: f32x4_sqrt _mm_sqrt_ps / f64x2_sqrt _mm_sqrt_pd;
    binary: f32x4_add _mm_add_ps / f64x2_add _mm_add_pd, f32x4_sub _mm_sub_ps / f64x2_sub _mm_sub_pd,
        f32x4_mul _mm_mul_ps / f64x2_mul _mm_mul_pd, f32x4_div _mm_div_ps / f64x2_div _mm_div_pd;
    swapped: f32x4_pmin _mm_min_ps / f64x2_pmin _mm_min_pd, f32x4_pmax _mm_max_ps / f64x2_pmax _mm_max_pd;
    compare: f32x4_eq _mm_cmpeq_ps / f64x2_eq _mm_cmpeq_pd, f32x4_ne _mm_cmpneq_ps / f64x2_ne _mm_cmpneq_pd,
        f32x4_lt _mm_cmplt_ps / f64x2_lt _mm_cmplt_pd, f32x4_gt _mm_cmpgt_ps / f64x2_gt _mm_cmpgt_pd,
        f32x4_le _mm_cmple_ps / f64x2_le _mm_cmple_pd, f32x4_ge _mm_cmpge_ps / f64x2_ge _mm_cmpge_pd;
}
