//! v128 accesses through memory 0 with a shared-heap chain attached: every SIMD load and
//! store form reads and writes exactly the bytes a scalar access would, its bytes lying
//! entirely in linear memory or entirely in one chain member (else "out of bounds memory
//! access"), on both tiers that can reach a heap (the last-hit cache and the chain search);
//! stores and lane stores into a read-only member trap and change nothing.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use interp::{Engine, Error, Instance, Store, TrapCode};

/// Each SIMD load as (name, instruction, bytes read), and the model of its v128 result
/// from the bytes at the address.
const LOADS: &[(&str, &str, u64)] = &[
    ("load", "v128.load", 16),
    ("load8x8_s", "v128.load8x8_s", 8),
    ("load16x4_u", "v128.load16x4_u", 8),
    ("load32x2_s", "v128.load32x2_s", 8),
    ("load8_splat", "v128.load8_splat", 1),
    ("load16_splat", "v128.load16_splat", 2),
    ("load32_splat", "v128.load32_splat", 4),
    ("load64_splat", "v128.load64_splat", 8),
    ("load32_zero", "v128.load32_zero", 4),
    ("load64_zero", "v128.load64_zero", 8),
    ("load8_lane", "v128.load8_lane 3", 1),
    ("load16_lane", "v128.load16_lane 1", 2),
    ("load32_lane", "v128.load32_lane 2", 4),
    ("load64_lane", "v128.load64_lane 1", 8),
];

/// Each SIMD store as (name, instruction, bytes written).
const STORES: &[(&str, &str, u64)] = &[
    ("store", "v128.store", 16),
    ("store8_lane", "v128.store8_lane 0", 1),
    ("store16_lane", "v128.store16_lane 0", 2),
    ("store32_lane", "v128.store32_lane 0", 4),
    ("store64_lane", "v128.store64_lane 0", 8),
];

/// The v128 that lane loads start from and stores write: bytes 0xA0, 0xA1, ...
const FILL: u128 = 0xAFAE_ADAC_ABAA_A9A8_A7A6_A5A4_A3A2_A1A0;

/// What load `name` gives for the 16 bytes `b` at its address (only its width is used).
fn model(name: &str, b: &[u8]) -> u128 {
    let le = |n: usize| {
        let mut x = [0u8; 16];
        x[..n].copy_from_slice(&b[..n]);
        u128::from_le_bytes(x)
    };
    let lanes = |n: usize, width: usize, f: &dyn Fn(&[u8]) -> u128| {
        (0..n).fold(0u128, |acc, i| acc | (f(&b[i * width..]) << (i * 128 / n)))
    };
    let splat = |width: usize| {
        let lane = le(width);
        (0..16 / width).fold(0u128, |acc, i| acc | (lane << (i * width * 8)))
    };
    let replace = |lane: usize, width: usize| {
        let bits = width * 8;
        let mask = (u128::MAX >> (128 - bits)) << (lane * bits);
        (FILL & !mask) | (le(width) << (lane * bits))
    };
    match name {
        "load" => le(16),
        "load8x8_s" => lanes(8, 1, &|x| u128::from(i16::from(x[0] as i8) as u16)),
        "load16x4_u" => lanes(4, 2, &|x| u128::from(u16::from_le_bytes([x[0], x[1]]))),
        "load32x2_s" => lanes(2, 4, &|x| {
            u128::from(i64::from(i32::from_le_bytes([x[0], x[1], x[2], x[3]])) as u64)
        }),
        "load8_splat" => splat(1),
        "load16_splat" => splat(2),
        "load32_splat" => splat(4),
        "load64_splat" => splat(8),
        "load32_zero" => le(4),
        "load64_zero" => le(8),
        "load8_lane" => replace(3, 1),
        "load16_lane" => replace(1, 2),
        "load32_lane" => replace(2, 4),
        "load64_lane" => replace(1, 8),
        other => unreachable!("no load {other}"),
    }
}

/// An app with, per load, `NAME(addr) -> v128` and `NAME_after_load(addr) -> v128` (a byte
/// load at `addr` first puts the member in the last-hit cache), and the same pair per store
/// `NAME(addr)` (storing [`FILL`] or its lane 0).
fn simd_app() -> String {
    let mut funcs = String::new();
    let fill = format!(
        "(v128.const i64x2 {} {})",
        FILL as u64 as i64,
        (FILL >> 64) as u64 as i64
    );
    for &(name, op, _) in LOADS {
        let operand = if name.ends_with("_lane") {
            fill.as_str()
        } else {
            ""
        };
        let body = format!("({op} (local.get 0) {operand})");
        funcs.push_str(&format!(
            "(func (export \"{name}\") (param i32) (result v128) {body})\n\
             (func (export \"{name}_after_load\") (param i32) (result v128)\n\
               (drop (i32.load8_u (local.get 0))) {body})\n"
        ));
    }
    for &(name, op, _) in STORES {
        let body = format!("({op} (local.get 0) {fill})");
        funcs.push_str(&format!(
            "(func (export \"{name}\") (param i32) {body})\n\
             (func (export \"{name}_after_load\") (param i32)\n\
               (drop (i32.load8_u (local.get 0))) {body})\n"
        ));
    }
    format!("(module (memory (export \"memory\") 1) {funcs})")
}

/// A store with the app and the three-member chain attached (the middle member read-only
/// if `read_only_middle`), every member and the first page filled with a byte pattern.
fn setup(read_only_middle: bool) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, &simd_app());
    let read_only: &[usize] = if read_only_middle { &[1] } else { &[] };
    app.attach_shared_heap(&mut store, &three_members_read_only(read_only))
        .expect("attaches");
    for (start, len) in [
        (0, 65536),
        (HEAD_START, HEAD),
        (MIDDLE, SMALL),
        (TAIL, SMALL),
    ] {
        let pattern: Vec<u8> = (0..len).map(|i| (i * 13 + start / 4096) as u8).collect();
        app.write_app_memory(&mut store, start, &pattern)
            .expect("host writes");
    }
    (store, app)
}

/// Addresses where a `width`-byte access lies inside one member or linear memory: each
/// region's first and last possible address and one inside.
fn inside(width: u64) -> Vec<u64> {
    [
        (0, 65536),
        (HEAD_START, HEAD),
        (MIDDLE, SMALL),
        (TAIL, SMALL),
    ]
    .iter()
    .flat_map(|&(start, len)| [start, start + len - width, start + 100])
    .collect()
}

/// Addresses where a `width`-byte access (width > 1) straddles the end of linear memory, a
/// boundary between members, or the end of the address space.
fn straddling(width: u64) -> Vec<u64> {
    [65536, MIDDLE, TAIL, 1 << 32]
        .iter()
        .map(|&boundary| boundary - width + 1)
        .collect()
}

#[test]
fn simd_loads_read_each_member_and_linear_memory_and_trap_across_boundaries() {
    let (mut store, app) = setup(false);
    for &(name, _, width) in LOADS {
        for suffix in ["", "_after_load"] {
            let func = format!("{name}{suffix}");
            for addr in inside(width) {
                let got: u128 = call(&mut store, app, &func, (a32(addr),))
                    .unwrap_or_else(|e| panic!("{func} at {addr:#x}: {e}"));
                let bytes = host_read(&store, app, addr, width as usize);
                let mut padded = bytes.clone();
                padded.resize(16, 0);
                assert_eq!(got, model(name, &padded), "{func} at {addr:#x}");
            }
            if width > 1 {
                for addr in straddling(width) {
                    assert_oob(call::<_, u128>(&mut store, app, &func, (a32(addr),)));
                }
            }
        }
    }
}

/// Asserts that `result` is the read-only trap.
#[track_caller]
fn assert_read_only_trap<R: core::fmt::Debug>(result: Result<R, Error>) {
    match result {
        Err(error) => assert_eq!(error.trap_code(), Some(TrapCode::ReadOnlyHeapWrite)),
        Ok(value) => panic!("expected the read-only trap, got {value:?}"),
    }
}

#[test]
fn simd_stores_write_writable_members_trap_in_read_only_ones_and_across_boundaries() {
    let (mut store, app) = setup(true);
    let middle = host_read(&store, app, MIDDLE, SMALL as usize);
    for &(name, _, width) in STORES {
        for suffix in ["", "_after_load"] {
            let func = format!("{name}{suffix}");
            for addr in inside(width) {
                let result = call::<_, ()>(&mut store, app, &func, (a32(addr),));
                if (MIDDLE..TAIL).contains(&addr) {
                    assert_read_only_trap(result);
                    continue;
                }
                result.unwrap_or_else(|e| panic!("{func} at {addr:#x}: {e}"));
                let want = &FILL.to_le_bytes()[..width as usize];
                assert_eq!(
                    host_read(&store, app, addr, width as usize),
                    want,
                    "{func} {addr:#x}"
                );
            }
            if width > 1 {
                for addr in straddling(width) {
                    assert_oob(call::<_, ()>(&mut store, app, &func, (a32(addr),)));
                }
            }
        }
    }
    assert_eq!(host_read(&store, app, MIDDLE, SMALL as usize), middle);
}
