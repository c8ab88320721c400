//! Lane views against a byte-array model, and the relaxed operations against the sets of
//! results the relaxed-SIMD proposal allows (the spec suite covers the other operations).

use super::lanes::Lane;
use super::ops::*;
use super::*;
use proptest::prelude::*;

/// The bytes of `v` in memory order.
fn bytes(v: V128) -> [u8; 16] {
    v.to_le_bytes()
}

proptest! {
    #[test]
    fn lanes_are_little_endian_slices_of_the_bytes(v: u128) {
        let b = bytes(v);
        let l16 = <u16 as Lane<8>>::split(v);
        let l32 = <i32 as Lane<4>>::split(v);
        let l64 = <u64 as Lane<2>>::split(v);
        for i in 0..8 {
            prop_assert_eq!(l16[i], u16::from_le_bytes([b[2 * i], b[2 * i + 1]]));
        }
        for i in 0..4 {
            prop_assert_eq!(l32[i].to_le_bytes(), [b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
        }
        prop_assert_eq!(l64[1], (v >> 64) as u64);
        prop_assert_eq!(<u16 as Lane<8>>::join(l16), v);
        prop_assert_eq!(<f32 as Lane<4>>::join(<f32 as Lane<4>>::split(v)), v);
        prop_assert_eq!(from_halves(to_halves(v).0, to_halves(v).1), v);
    }

    #[test]
    fn shuffle_picks_bytes_of_the_concatenation(a: u128, b: u128, picks in proptest::array::uniform16(0u8..32)) {
        let both: Vec<u8> = bytes(a).iter().chain(bytes(b).iter()).copied().collect();
        let want: Vec<u8> = picks.iter().map(|&p| both[usize::from(p)]).collect();
        let got = bytes(i8x16_shuffle(a, b, u128::from_le_bytes(picks)));
        prop_assert_eq!(got.to_vec(), want);
    }

    #[test]
    fn relaxed_madd_is_fused_or_unfused_per_lane(a: [f32; 4], b: [f32; 4], c: [f32; 4]) {
        let join = <f32 as Lane<4>>::join;
        let got = <f32 as Lane<4>>::split(f32x4_relaxed_madd(join(a), join(b), join(c)));
        let neg = <f32 as Lane<4>>::split(f32x4_relaxed_nmadd(join(a), join(b), join(c)));
        for i in 0..4 {
            let (fused, unfused) = (a[i].mul_add(b[i], c[i]), a[i] * b[i] + c[i]);
            let either = |x: f32| {
                x.to_bits() == fused.to_bits() || x.to_bits() == unfused.to_bits()
                    || (x.is_nan() && (fused.is_nan() || unfused.is_nan()))
            };
            prop_assert!(either(got[i]), "lane {}: {} not {} or {}", i, got[i], fused, unfused);
            let (fused, unfused) = ((-a[i]).mul_add(b[i], c[i]), -(a[i] * b[i]) + c[i]);
            let either = |x: f32| {
                x.to_bits() == fused.to_bits() || x.to_bits() == unfused.to_bits()
                    || (x.is_nan() && (fused.is_nan() || unfused.is_nan()))
            };
            prop_assert!(either(neg[i]), "lane {}: {} not {} or {}", i, neg[i], fused, unfused);
        }
    }

    #[test]
    fn relaxed_dot_is_one_of_the_allowed_results(a: [i8; 16], b: [i8; 16], c: [i32; 4]) {
        let ja = <i8 as Lane<16>>::join(a);
        let jb = <i8 as Lane<16>>::join(b);
        let dot = <i16 as Lane<8>>::split(i16x8_relaxed_dot_i8x16_i7x16_s(ja, jb));
        for (i, &got) in dot.iter().enumerate() {
            // `b`'s lanes may be read signed or unsigned; the sum may saturate or wrap.
            let prod = |k: usize, signed: bool| {
                let y = if signed { i32::from(b[k]) } else { i32::from(b[k] as u8) };
                i32::from(a[k]) * y
            };
            let allowed: Vec<i16> = [true, false]
                .iter()
                .flat_map(|&s| {
                    let sum = prod(2 * i, s) + prod(2 * i + 1, s);
                    [sum as i16, sum.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16]
                })
                .collect();
            prop_assert!(allowed.contains(&got), "lane {}: {} not in {:?}", i, got, allowed);
        }
        let jc = <i32 as Lane<4>>::join(c);
        let add = <i32 as Lane<4>>::split(i32x4_relaxed_dot_i8x16_i7x16_add_s(ja, jb, jc));
        for i in 0..4 {
            let want = (0..2).fold(c[i], |acc, k| acc.wrapping_add(i32::from(dot[2 * i + k])));
            prop_assert_eq!(add[i], want);
        }
    }

    #[test]
    fn relaxed_lane_ops_match_a_spec_allowed_plain_op(a: u128, b: u128, m: u128) {
        prop_assert_eq!(i8x16_relaxed_laneselect(a, b, m), (a & m) | (b & !m));
        prop_assert_eq!(i8x16_relaxed_swizzle(a, b), i8x16_swizzle(a, b));
        prop_assert_eq!(i16x8_relaxed_q15mulr_s(a, b), i16x8_q15mulr_sat_s(a, b));
        prop_assert_eq!(f32x4_relaxed_min(a, b), f32x4_min(a, b));
        prop_assert_eq!(i32x4_relaxed_trunc_f32x4_s(a), i32x4_trunc_sat_f32x4_s(a));
    }
}
