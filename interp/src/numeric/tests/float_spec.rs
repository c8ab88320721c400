//! `min`, `max` and `nearest`: known answers from `f32.wast`/`f64.wast`, NaN rules, and
//! property tests against models built from other std operations.

use super::nan::{assert_f32_nan_result, assert_f64_nan_result, f32_nan_inputs, f64_nan_inputs};
use crate::numeric::*;
use core::cmp::Ordering;
use core::hint::black_box;
use proptest::prelude::*;

/// Compares floats by value and by bits, so -0.0 and +0.0 are told apart.
fn same_f32(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits()
}

/// f64 version of `same_f32`.
fn same_f64(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
}

#[test]
fn min_max_order_negative_zero_below_positive_zero() {
    let zero_pairs: [(f32, f32); 4] = [(-0.0, 0.0), (0.0, -0.0), (-0.0, -0.0), (0.0, 0.0)];
    for (a, b) in zero_pairs {
        let want_min: f32 = if a.is_sign_negative() || b.is_sign_negative() {
            -0.0
        } else {
            0.0
        };
        let want_max: f32 = if a.is_sign_positive() || b.is_sign_positive() {
            0.0
        } else {
            -0.0
        };
        assert!(same_f32(f32_min(a, b), want_min), "min({a}, {b})");
        assert!(same_f32(f32_max(a, b), want_max), "max({a}, {b})");
        assert!(
            same_f64(f64_min(a.into(), b.into()), want_min.into()),
            "min({a}, {b})"
        );
        assert!(
            same_f64(f64_max(a.into(), b.into()), want_max.into()),
            "max({a}, {b})"
        );
    }
}

#[test]
fn min_max_spec_values() {
    let tiny = f32::from_bits(1);
    assert!(same_f32(f32_min(-0.0, -tiny), -tiny));
    assert!(same_f32(f32_min(0.0, tiny), 0.0));
    assert!(same_f32(f32_min(-0.0, f32::INFINITY), -0.0));
    assert!(same_f32(f32_min(0.0, f32::NEG_INFINITY), f32::NEG_INFINITY));
    assert!(same_f32(f32_max(-0.0, -tiny), -0.0));
    assert!(same_f32(f32_max(-f32::MAX, f32::MAX), f32::MAX));
    assert!(same_f64(f64_min(-0.5, 0.5), -0.5));
    assert!(same_f64(
        f64_max(-0.0, f64::from_bits(1)),
        f64::from_bits(1)
    ));
}

#[test]
fn min_max_return_nan_for_any_nan_operand() {
    for (nan, canonical) in f32_nan_inputs() {
        for other in [-0.0, 0.0, 1.5, f32::NEG_INFINITY, f32::INFINITY] {
            let (nan, other) = (black_box(nan), black_box(other));
            assert_f32_nan_result(f32_min(nan, other), canonical, "f32 min(nan, x)");
            assert_f32_nan_result(f32_min(other, nan), canonical, "f32 min(x, nan)");
            assert_f32_nan_result(f32_max(nan, other), canonical, "f32 max(nan, x)");
            assert_f32_nan_result(f32_max(other, nan), canonical, "f32 max(x, nan)");
        }
    }
    for (nan, canonical) in f64_nan_inputs() {
        for other in [-0.0, 0.0, 1.5, f64::NEG_INFINITY, f64::INFINITY] {
            let (nan, other) = (black_box(nan), black_box(other));
            assert_f64_nan_result(f64_min(nan, other), canonical, "f64 min(nan, x)");
            assert_f64_nan_result(f64_min(other, nan), canonical, "f64 min(x, nan)");
            assert_f64_nan_result(f64_max(nan, other), canonical, "f64 max(nan, x)");
            assert_f64_nan_result(f64_max(other, nan), canonical, "f64 max(x, nan)");
        }
    }
    // Two NaNs: canonical only if both are.
    for (a, a_canonical) in f32_nan_inputs() {
        for (b, b_canonical) in f32_nan_inputs() {
            let both = a_canonical && b_canonical;
            assert_f32_nan_result(f32_min(black_box(a), black_box(b)), both, "min(nan, nan)");
            assert_f32_nan_result(f32_max(black_box(a), black_box(b)), both, "max(nan, nan)");
        }
    }
}

#[test]
fn nearest_spec_values() {
    let f32_cases: [(f32, f32); 12] = [
        (-0.0, -0.0),
        (0.0, 0.0),
        (-f32::from_bits(1), -0.0),
        (f32::MIN_POSITIVE, 0.0),
        (-0.5, -0.0),
        (0.5, 0.0),
        (-1.0, -1.0),
        (core::f32::consts::TAU, 6.0),
        (-core::f32::consts::TAU, -6.0),
        (f32::MAX, f32::MAX),
        (f32::NEG_INFINITY, f32::NEG_INFINITY),
        (2.5, 2.0),
    ];
    for (x, want) in f32_cases {
        assert!(same_f32(f32_nearest(black_box(x)), want), "nearest({x})");
    }
    let f64_cases: [(f64, f64); 10] = [
        (-0.0, -0.0),
        (-f64::from_bits(1), -0.0),
        (-f64::MIN_POSITIVE, -0.0),
        (-0.5, -0.0),
        (0.5, 0.0),
        (core::f64::consts::TAU, 6.0),
        (-f64::MAX, -f64::MAX),
        (f64::INFINITY, f64::INFINITY),
        (3.5, 4.0),
        (-4.5, -4.0),
    ];
    for (x, want) in f64_cases {
        assert!(same_f64(f64_nearest(black_box(x)), want), "nearest({x})");
    }
}

#[test]
fn roundings_quiet_nan() {
    for (nan, canonical) in f32_nan_inputs() {
        let nan = black_box(nan);
        assert_f32_nan_result(f32_nearest(nan), canonical, "f32 nearest");
        assert_f32_nan_result(f32_ceil(nan), canonical, "f32 ceil");
        assert_f32_nan_result(f32_floor(nan), canonical, "f32 floor");
        assert_f32_nan_result(f32_trunc(nan), canonical, "f32 trunc");
    }
    for (nan, canonical) in f64_nan_inputs() {
        let nan = black_box(nan);
        assert_f64_nan_result(f64_nearest(nan), canonical, "f64 nearest");
        assert_f64_nan_result(f64_ceil(nan), canonical, "f64 ceil");
        assert_f64_nan_result(f64_floor(nan), canonical, "f64 floor");
        assert_f64_nan_result(f64_trunc(nan), canonical, "f64 trunc");
    }
}

#[test]
fn ceil_floor_trunc_spec_values() {
    let cases: [(f32, f32, f32, f32); 6] = [
        // (x, ceil, floor, trunc)
        (-0.5, -0.0, -1.0, -0.0),
        (0.5, 1.0, 0.0, 0.0),
        (-f32::from_bits(1), -0.0, -1.0, -0.0),
        (-core::f32::consts::TAU, -6.0, -7.0, -6.0),
        (f32::MAX, f32::MAX, f32::MAX, f32::MAX),
        (
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
            f32::NEG_INFINITY,
        ),
    ];
    for (x, ceil, floor, trunc) in cases {
        let x = black_box(x);
        assert!(same_f32(f32_ceil(x), ceil), "ceil({x})");
        assert!(same_f32(f32_floor(x), floor), "floor({x})");
        assert!(same_f32(f32_trunc(x), trunc), "trunc({x})");
        let wide = f64::from(x);
        assert!(same_f64(f64_ceil(wide), ceil.into()), "ceil({x})");
        assert!(same_f64(f64_floor(wide), floor.into()), "floor({x})");
        assert!(same_f64(f64_trunc(wide), trunc.into()), "trunc({x})");
    }
}

/// `min` for non-NaN inputs by the IEEE total order, which puts -0 below +0.
fn min_model(a: f64, b: f64) -> f64 {
    if a.total_cmp(&b) == Ordering::Greater {
        b
    } else {
        a
    }
}

/// `max` for non-NaN inputs by the IEEE total order.
fn max_model(a: f64, b: f64) -> f64 {
    if a.total_cmp(&b) == Ordering::Less {
        b
    } else {
        a
    }
}

/// Round half to even from `floor`: the nearer of `floor(x)` and `floor(x) + 1`, the even
/// one on a tie, with the sign of `x` kept on a zero result.
fn nearest_model(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 4_503_599_627_370_496.0 {
        return x; // Infinite, or so large (>= 2^52) that it is already an integer.
    }
    let low = x.floor();
    let high = low + 1.0;
    let rounded = match (x - low).partial_cmp(&(high - x)) {
        Some(Ordering::Less) => low,
        Some(Ordering::Greater) => high,
        _ if low % 2.0 == 0.0 => low,
        _ => high,
    };
    rounded.copysign(x)
}

/// Non-NaN f64 values with many zeros, halves and neighbours of halves.
fn non_nan_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<u64>()
            .prop_map(f64::from_bits)
            .prop_filter("not NaN", |x| !x.is_nan()),
        (-1000_i32..1000).prop_map(|i| f64::from(i) / 2.0),
        (-1000_i32..1000, -2_i64..=2).prop_map(|(i, k)| {
            let half = f64::from(i) + 0.5;
            f64::from_bits(half.to_bits().wrapping_add_signed(k))
        }),
        Just(0.0),
        Just(-0.0),
    ]
}

proptest! {
    #[test]
    fn f64_min_max_match_total_order(a in non_nan_f64(), b in non_nan_f64()) {
        prop_assert!(same_f64(f64_min(a, b), min_model(a, b)));
        prop_assert!(same_f64(f64_max(a, b), max_model(a, b)));
    }

    #[test]
    fn f32_min_max_match_total_order(a in non_nan_f64(), b in non_nan_f64()) {
        let (a, b) = (a as f32, b as f32);
        let (wa, wb) = (f64::from(a), f64::from(b));
        prop_assert!(same_f64(f32_min(a, b).into(), min_model(wa, wb)));
        prop_assert!(same_f64(f32_max(a, b).into(), max_model(wa, wb)));
    }

    #[test]
    fn nearest_matches_model(x in non_nan_f64()) {
        prop_assert!(same_f64(f64_nearest(x), nearest_model(x)), "f64 {}", x);
        let narrow = x as f32;
        let want = nearest_model(narrow.into()) as f32;
        prop_assert!(same_f32(f32_nearest(narrow), want), "f32 {}", narrow);
    }
}
