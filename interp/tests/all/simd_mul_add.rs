//! `f32x4.add` / `f64x2.add` of a just-computed `f32x4.mul` / `f64x2.mul`, which translation
//! fuses into one instruction: the product may be either operand of the addition, the sum
//! may go straight into a local (an accumulator in a loop), and every lane is the unfused
//! `a * b + c` with two roundings, as the pair of instructions computes it.

use crate::simd_common::{call, instantiate};
use interp::{Instance, Store};
use proptest::prelude::*;

/// The functions for one float shape (`f32` with `f32x4`, `f64` with `f64x2`): the product
/// as the add's first or second operand, and two products accumulated into a local.
fn shape_funcs(float: &str, shape: &str) -> String {
    format!(
        r#"
  (func (export "{float}_product_first") (param v128 v128 v128) (result v128)
    ({shape}.add ({shape}.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "{float}_product_second") (param v128 v128 v128) (result v128)
    ({shape}.add (local.get 2) ({shape}.mul (local.get 0) (local.get 1))))
  (func (export "{float}_accumulate") (param v128 v128 v128) (result v128) (local $sum v128)
    (local.set $sum (local.get 2))
    (local.set $sum ({shape}.add (local.get $sum) ({shape}.mul (local.get 0) (local.get 1))))
    (local.set $sum ({shape}.add ({shape}.mul (local.get 1) (local.get 0)) (local.get $sum)))
    (local.get $sum))"#
    )
}

/// The app: both shapes' functions, and a product that also feeds something else (not the
/// add's alone: no fusion may lose it).
fn app() -> String {
    format!(
        r#"(module {} {}
  (func (export "f32_product_kept") (param v128 v128 v128) (result v128) (local $p v128)
    (f32x4.add (local.tee $p (f32x4.mul (local.get 0) (local.get 1))) (local.get 2))
    (local.get $p)
    (f32x4.sub)))"#,
        shape_funcs("f32", "f32x4"),
        shape_funcs("f64", "f64x2")
    )
}

/// Calls the `(v128, v128, v128) -> v128` export `name`.
fn call3(store: &mut Store<()>, app: Instance, name: &str, args: (u128, u128, u128)) -> u128 {
    call(store, app, name, args).expect("runs")
}

/// Lane `i` of `v` as an `f32`.
fn f32_lane(v: u128, i: usize) -> f32 {
    f32::from_bits((v >> (32 * i)) as u32)
}

/// Lane `i` of `v` as an `f64`.
fn f64_lane(v: u128, i: usize) -> f64 {
    f64::from_bits((v >> (64 * i)) as u64)
}

/// The v128 whose f32 lanes are `f(i)`, NaN lanes replaced by one quiet NaN so results
/// compare by bits (the spec lets the engine pick a NaN's payload).
fn f32_lanes(f: impl Fn(usize) -> f32) -> u128 {
    (0..4).fold(0, |v, i| {
        let x = f(i);
        let bits = if x.is_nan() { 0x7FC0_0000 } else { x.to_bits() };
        v | u128::from(bits) << (32 * i)
    })
}

/// As `f32_lanes`, for f64 lanes.
fn f64_lanes(f: impl Fn(usize) -> f64) -> u128 {
    (0..2).fold(0, |v, i| {
        let x = f(i);
        let bits = if x.is_nan() {
            0x7FF8_0000_0000_0000
        } else {
            x.to_bits()
        };
        v | u128::from(bits) << (64 * i)
    })
}

/// Float lanes that make products and sums round, overflow, cancel, or turn NaN.
fn lanes() -> impl Strategy<Value = u128> {
    let f32_bits = prop_oneof![
        any::<u32>(),
        Just(0x7F80_0000), // infinity
        Just(0x8000_0000), // -0
        (-1000.0f32..1000.0).prop_map(f32::to_bits),
    ];
    prop_oneof![
        proptest::array::uniform4(f32_bits)
            .prop_map(|l| l.iter().rev().fold(0u128, |v, &x| v << 32 | u128::from(x))),
        any::<u128>(),
        proptest::array::uniform2(-1e9f64..1e9)
            .prop_map(|l| u128::from(l[1].to_bits()) << 64 | u128::from(l[0].to_bits())),
    ]
}

proptest! {
    #[test]
    fn fused_products_add_as_the_two_instructions_do(a in lanes(), b in lanes(), c in lanes()) {
        let (mut store, app) = instantiate(&app());
        let f32_once = f32_lanes(|i| f32_lane(a, i) * f32_lane(b, i) + f32_lane(c, i));
        let f32_twice = f32_lanes(|i| {
            let p = f32_lane(a, i) * f32_lane(b, i);
            p + (f32_lane(c, i) + p)
        });
        let f64_once = f64_lanes(|i| f64_lane(a, i) * f64_lane(b, i) + f64_lane(c, i));
        let f64_twice = f64_lanes(|i| {
            let p = f64_lane(a, i) * f64_lane(b, i);
            p + (f64_lane(c, i) + p)
        });
        let f32_kept = f32_lanes(|i| {
            let p = f32_lane(a, i) * f32_lane(b, i);
            (p + f32_lane(c, i)) - p
        });
        for (name, want) in [
            ("f32_product_first", f32_once),
            ("f32_product_second", f32_once),
            ("f32_accumulate", f32_twice),
            ("f32_product_kept", f32_kept),
        ] {
            let got = call3(&mut store, app, name, (a, b, c));
            prop_assert_eq!(f32_lanes(|i| f32_lane(got, i)), want, "{}", name);
        }
        for (name, want) in [
            ("f64_product_first", f64_once),
            ("f64_product_second", f64_once),
            ("f64_accumulate", f64_twice),
        ] {
            let got = call3(&mut store, app, name, (a, b, c));
            prop_assert_eq!(f64_lanes(|i| f64_lane(got, i)), want, "{}", name);
        }
    }
}
