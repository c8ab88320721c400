//! SIMD loads and stores on a memory other than memory 0 (multi-memory): the same bytes as on
//! memory 0, lane loads keep their vector operand's other lanes, and an access past the
//! memory's size traps, byte-exact at the edge.

use crate::simd_common::{call, instantiate};

const APP: &str = r#"
(module
  (memory 1)
  (memory $m1 1)
  (func (export "store") (param i32 v128) (v128.store $m1 (local.get 0) (local.get 1)))
  (func (export "store32_lane") (param i32 v128) (v128.store32_lane $m1 2 (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result v128) (v128.load $m1 offset=1 (local.get 0)))
  (func (export "load16x4_s") (param i32) (result v128) (v128.load16x4_s $m1 (local.get 0)))
  (func (export "load8_lane") (param i32 v128) (result v128) (v128.load8_lane $m1 15 (local.get 0) (local.get 1)))
  (func (export "load0") (param i32) (result v128) (v128.load (local.get 0))))
"#;

#[test]
fn simd_accesses_reach_memory_one_and_leave_memory_zero_alone() {
    let (mut store, app) = instantiate(APP);
    let v: u128 = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100;
    call::<_, ()>(&mut store, app, "store", (100, v)).expect("stores");
    let zero: u128 = call(&mut store, app, "load0", (100,)).expect("loads memory 0");
    assert_eq!(zero, 0, "memory 0 is untouched");
    let got: u128 = call(&mut store, app, "load", (99,)).expect("loads at offset 1");
    assert_eq!(got, v);
    // Bytes 0x00 0x01 | 0x02 0x03 | ... as i16 lanes 0x0100, 0x0302, ..., sign-extended.
    let wide: u128 = call(&mut store, app, "load16x4_s", (100,)).expect("loads");
    assert_eq!(wide, 0x0000_0706_0000_0504_0000_0302_0000_0100);
    let lane: u128 = call(&mut store, app, "load8_lane", (103, u128::MAX)).expect("lane");
    assert_eq!(lane, (u128::MAX >> 8) | (0x03 << 120));
    call::<_, ()>(&mut store, app, "store32_lane", (200, v)).expect("stores a lane");
    let back: u128 = call(&mut store, app, "load", (199,)).expect("loads");
    assert_eq!(back, 0x0b0a_0908);
}

#[test]
fn simd_accesses_past_memory_one_trap_at_the_exact_edge() {
    let (mut store, app) = instantiate(APP);
    let oob = |r: Result<u128, interp::Error>| {
        assert_eq!(
            r.expect_err("traps").to_string(),
            "out of bounds memory access"
        )
    };
    call::<_, u128>(&mut store, app, "load", (65536 - 17,)).expect("last 16 bytes");
    oob(call(&mut store, app, "load", (65536 - 16,)));
    call::<_, u128>(&mut store, app, "load16x4_s", (65536 - 8,)).expect("last 8 bytes");
    oob(call(&mut store, app, "load16x4_s", (65536 - 7,)));
    call::<_, u128>(&mut store, app, "load8_lane", (65535, 0u128)).expect("last byte");
    oob(call(&mut store, app, "load8_lane", (65536, 0u128)));
    let store_oob = call::<_, ()>(&mut store, app, "store", (65536 - 15, 1u128));
    assert_eq!(
        store_oob.expect_err("traps").to_string(),
        "out of bounds memory access"
    );
    call::<_, ()>(&mut store, app, "store32_lane", (65536 - 4, 1u128)).expect("last 4 bytes");
}
