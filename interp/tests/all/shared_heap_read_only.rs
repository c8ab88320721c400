//! Read-only chain members (`Chain::set_read_only`): every wasm write into one traps with
//! "write to read-only shared heap" and changes nothing, on every store width and every
//! store form the translator makes, on both memory tiers that can reach a heap (the last-hit
//! cache and the chain search), and for `memory.fill`, `memory.copy` and `memory.init`;
//! loads, writes to the other members and to linear memory, and the host's writes go on.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use interp::{Engine, Error, Instance, Store, TrapCode};

/// The store instructions of the core spec, with the wasm type of their operand and width.
const STORES: &[(&str, &str, u64)] = &[
    ("i32.store", "i32", 4),
    ("i64.store", "i64", 8),
    ("f32.store", "f32", 4),
    ("f64.store", "f64", 8),
    ("i32.store8", "i32", 1),
    ("i32.store16", "i32", 2),
    ("i64.store8", "i64", 1),
    ("i64.store16", "i64", 2),
    ("i64.store32", "i64", 4),
];

/// The operand forms the translator gives a store (`Instr::*Store*` variants): value in a
/// slot, value in the accumulator, wrapped `base + imm` address, immediate value, and
/// immediate value at a wrapped address; each also with a static offset. Each form takes
/// the address as parameter 0 (an i32) and stores a value whose low byte is 0x5A.
fn store_body(op: &str, ty: &str, form: &str) -> String {
    let value = match ty {
        "i32" => "(i32.const 0x5A)",
        "i64" => "(i64.const 0x5A)",
        "f32" => "(f32.reinterpret_i32 (i32.const 0x5A))",
        _ => "(f64.reinterpret_i64 (i64.const 0x5A))",
    };
    let computed = match ty {
        "i32" => "(i32.add (local.get 1) (i32.const 0x59))",
        "i64" => "(i64.add (i64.extend_i32_u (local.get 1)) (i64.const 0x59))",
        "f32" => "(f32.reinterpret_i32 (i32.add (local.get 1) (i32.const 0x59)))",
        _ => "(f64.reinterpret_i64 (i64.add (i64.extend_i32_u (local.get 1)) (i64.const 0x59)))",
    };
    match form {
        // The value from a local (slot), via a local.set so it is not a constant.
        "slot" => format!("(local.set 2 {computed}) ({op} (local.get 0) (local.get 2))"),
        "slot_offset" => format!(
            "(local.set 2 {computed}) ({op} offset=16 (i32.sub (local.get 0) (i32.const 16)) (local.get 2))"
        ),
        // The value computed right before the store (the accumulator).
        "acc" => format!("({op} (local.get 0) {computed})"),
        "acc_offset" => {
            format!("({op} offset=8 (i32.sub (local.get 0) (i32.const 8)) {computed})")
        }
        // Address `base + imm`, wrapping as i32.add does.
        "wrap" => format!(
            "(local.set 2 {computed}) ({op} (i32.add (i32.sub (local.get 0) (i32.const 24)) (i32.const 24)) (local.get 2))"
        ),
        "imm" => format!("({op} (local.get 0) {value})"),
        "imm_offset" => format!("({op} offset=4 (i32.sub (local.get 0) (i32.const 4)) {value})"),
        "imm_wrap" => format!(
            "({op} (i32.add (i32.sub (local.get 0) (i32.const 32)) (i32.const 32)) {value})"
        ),
        other => unreachable!("no form {other}"),
    }
}

const FORMS: &[&str] = &[
    "slot",
    "slot_offset",
    "acc",
    "acc_offset",
    "wrap",
    "imm",
    "imm_offset",
    "imm_wrap",
];

/// An app with, per store and form, `NAME(addr, one)` storing at `addr` and
/// `NAME_after_load(addr, one)` loading a byte at `addr` first (so the store meets the
/// member in the executor's last-hit cache); plus fill, copy and init.
fn store_app() -> String {
    let mut funcs = String::new();
    for &(op, ty, _) in STORES {
        for form in FORMS {
            let body = store_body(op, ty, form);
            let name = format!("{op}_{form}");
            funcs.push_str(&format!(
                "(func (export \"{name}\") (param i32 i32) (local {ty}) {body})\n\
                 (func (export \"{name}_after_load\") (param i32 i32) (local {ty})\n\
                   (drop (i32.load8_u (local.get 0))) {body})\n"
            ));
        }
    }
    format!(
        r#"(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (memory (export "memory") 1)
  (data $d "0123456789abcdef")
  {funcs}
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32)
    (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0))))"#
    )
}

/// A store with the app instantiated and a chain with the middle member read-only attached;
/// the middle holds a known pattern, written by the host.
fn setup(read_only: &[usize]) -> (Store<()>, Instance, Vec<u8>) {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, &store_app());
    app.attach_shared_heap(&mut store, &three_members_read_only(read_only))
        .expect("attaches");
    let pattern: Vec<u8> = (0..SMALL as u32).map(|i| (i * 7 + 3) as u8).collect();
    // The host may write a read-only member.
    app.write_app_memory(&mut store, MIDDLE, &pattern)
        .expect("the host writes the read-only member");
    (store, app, pattern)
}

/// Asserts that `result` is the read-only trap.
#[track_caller]
fn assert_read_only_trap<R: core::fmt::Debug>(result: Result<R, Error>) {
    match result {
        Err(error) => {
            assert_eq!(error.trap_code(), Some(TrapCode::ReadOnlyHeapWrite));
            assert_eq!(error.to_string(), "write to read-only shared heap");
        }
        Ok(value) => panic!("expected the read-only trap, got {value:?}"),
    }
}

#[test]
fn every_store_width_and_form_traps_in_the_read_only_member_and_works_elsewhere() {
    let (mut store, app, pattern) = setup(&[1]);
    for &(op, _, width) in STORES {
        for form in FORMS {
            for suffix in ["", "_after_load"] {
                let name = format!("{op}_{form}{suffix}");
                // Into the read-only member: first byte, last bytes, middle.
                for addr in [MIDDLE, MIDDLE + SMALL - width, MIDDLE + 1000] {
                    assert_read_only_trap(call::<_, ()>(&mut store, app, &name, (a32(addr), 1)));
                }
                // Straddling the read-only member and the tail: out of bounds as before.
                if width > 1 {
                    assert_oob(call::<_, ()>(&mut store, app, &name, (a32(TAIL - 1), 1)));
                }
                // Writable members and linear memory take the store.
                for addr in [TAIL, TAIL + SMALL - width, HEAD_START + 64, 100] {
                    call::<_, ()>(&mut store, app, &name, (a32(addr), 1))
                        .unwrap_or_else(|e| panic!("{name} at {addr:#x}: {e}"));
                    assert_eq!(host_read(&store, app, addr, 1), [0x5A], "{name} {addr:#x}");
                    app.write_app_memory(&mut store, addr, &[0; 8][..width as usize])
                        .expect("reset");
                }
            }
        }
    }
    assert_eq!(host_read(&store, app, MIDDLE, SMALL as usize), pattern);
    // Loads of the read-only member still work.
    let byte: i32 = call(&mut store, app, "load8", (a32(MIDDLE + 5),)).expect("loads");
    assert_eq!(byte, i32::from(pattern[5]));
}

#[test]
fn fill_copy_and_init_into_the_read_only_member_trap_and_change_nothing() {
    let (mut store, app, pattern) = setup(&[1]);
    let linear: Vec<u8> = (0..256u32).map(|i| i as u8 ^ 0x33).collect();
    app.write_app_memory(&mut store, 0, &linear)
        .expect("writes");
    assert_read_only_trap(call::<_, ()>(&mut store, app, "fill", (a32(MIDDLE), 1, 16)));
    assert_read_only_trap(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (a32(TAIL - 1), 1, 1),
    ));
    assert_read_only_trap(call::<_, ()>(&mut store, app, "copy", (a32(MIDDLE), 0, 64)));
    assert_read_only_trap(call::<_, ()>(
        &mut store,
        app,
        "copy",
        (a32(MIDDLE + 8), a32(MIDDLE), 64),
    ));
    assert_read_only_trap(call::<_, ()>(
        &mut store,
        app,
        "copy",
        (a32(MIDDLE), a32(TAIL), 4),
    ));
    assert_read_only_trap(call::<_, ()>(&mut store, app, "init", (a32(MIDDLE), 0, 16)));
    // A range straddling into the tail, or a bad source: out of bounds, as before.
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (a32(TAIL - 1), 1, 2),
    ));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "init",
        (a32(MIDDLE), 10, 16),
    ));
    // Zero lengths write nothing, so they are fine.
    call::<_, ()>(&mut store, app, "fill", (a32(MIDDLE), 1, 0)).expect("empty fill");
    call::<_, ()>(&mut store, app, "copy", (a32(MIDDLE), 0, 0)).expect("empty copy");
    call::<_, ()>(&mut store, app, "init", (a32(MIDDLE), 0, 0)).expect("empty init");
    assert_eq!(host_read(&store, app, MIDDLE, SMALL as usize), pattern);
    // Reading the read-only member as a source works, into linear memory and the tail.
    call::<_, ()>(&mut store, app, "copy", (0, a32(MIDDLE), 64)).expect("copy out");
    assert_eq!(host_read(&store, app, 0, 64), pattern[..64]);
    call::<_, ()>(&mut store, app, "copy", (a32(TAIL), a32(MIDDLE + 64), 64)).expect("copy");
    assert_eq!(host_read(&store, app, TAIL, 64), pattern[64..128]);
    call::<_, ()>(&mut store, app, "fill", (a32(TAIL), 9, 16)).expect("fill the tail");
    call::<_, ()>(&mut store, app, "init", (a32(HEAD_START), 0, 16)).expect("init the head");
    assert_eq!(host_read(&store, app, HEAD_START, 16), b"0123456789abcdef");
}

#[test]
fn a_read_only_managed_head_still_allocates_but_wasm_cannot_write_its_blocks() {
    let (mut store, app, _) = setup(&[0, 1]);
    let block: i32 = call(&mut store, app, "malloc", (64,)).expect("malloc");
    assert_ne!(block, 0);
    let block = u64::from(block as u32);
    assert!((HEAD_START..MIDDLE).contains(&block));
    assert_read_only_trap(call::<_, ()>(
        &mut store,
        app,
        "i32.store_imm",
        (a32(block), 1),
    ));
    app.write_app_memory(&mut store, block, b"from the host")
        .expect("the host writes");
    let byte: i32 = call(&mut store, app, "load8", (a32(block),)).expect("loads");
    assert_eq!(byte, i32::from(b'f'));
    // The tail stays writable.
    call::<_, ()>(&mut store, app, "i64.store_slot", (a32(TAIL), 1)).expect("tail");
}

#[test]
fn every_instance_sharing_the_chain_sees_the_member_read_only() {
    let engine = Engine::default();
    let chain = three_members_read_only(&[2]);
    let mut store = Store::new(&engine, ());
    let apps: Vec<Instance> = (0..2)
        .map(|_| instantiate_in(&mut store, &store_app()))
        .collect();
    for app in &apps {
        app.attach_shared_heap(&mut store, &chain)
            .expect("attaches");
    }
    for &app in &apps {
        assert_read_only_trap(call::<_, ()>(
            &mut store,
            app,
            "i32.store8_slot",
            (a32(TAIL), 1),
        ));
        call::<_, ()>(&mut store, app, "i32.store8_slot", (a32(MIDDLE), 1)).expect("writable");
    }
    assert_eq!(host_read(&store, apps[0], TAIL, 1), [0]);
    assert_eq!(host_read(&store, apps[1], MIDDLE, 1), [0x5A]);
}

/// Atomic instructions that may write (stores, read-modify-writes, compare-exchanges) are
/// refused by a read-only member like plain stores; atomic loads, wait and notify, which
/// do not write, still work there.
#[test]
fn atomic_writes_into_the_read_only_member_trap_and_atomic_reads_work() {
    let engine = Engine::default();
    let app_text = r#"(module
  (memory (export "memory") 1)
  (func (export "store") (param i32) (i32.atomic.store (local.get 0) (i32.const 0x5A)))
  (func (export "store8") (param i32) (i64.atomic.store8 (local.get 0) (i64.const 0x5A)))
  (func (export "add") (param i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (i32.const 1)))
  (func (export "xchg16") (param i32) (result i32)
    (i32.atomic.rmw16.xchg_u (local.get 0) (i32.const 0x5A)))
  (func (export "cmpxchg") (param i32) (result i64)
    (i64.atomic.rmw.cmpxchg (local.get 0) (i64.const 0) (i64.const 0x5A)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "notify") (param i32) (result i32)
    (memory.atomic.notify (local.get 0) (i32.const 1))))"#;
    let (mut store, app) = instantiate(&engine, app_text);
    app.attach_shared_heap(&mut store, &three_members_read_only(&[1]))
        .expect("attaches");
    let pattern = [0u8; 8];
    app.write_app_memory(&mut store, MIDDLE, &pattern)
        .expect("the host writes");
    assert_read_only_trap(call::<_, ()>(&mut store, app, "store", (a32(MIDDLE),)));
    assert_read_only_trap(call::<_, ()>(&mut store, app, "store8", (a32(MIDDLE),)));
    assert_read_only_trap(call::<_, i32>(&mut store, app, "add", (a32(MIDDLE),)));
    assert_read_only_trap(call::<_, i32>(&mut store, app, "xchg16", (a32(MIDDLE),)));
    assert_read_only_trap(call::<_, i64>(&mut store, app, "cmpxchg", (a32(MIDDLE),)));
    assert_eq!(host_read(&store, app, MIDDLE, 8), pattern);
    let loaded: i32 = call(&mut store, app, "load", (a32(MIDDLE),)).expect("atomic load");
    assert_eq!(loaded, 0);
    let woken: i32 = call(&mut store, app, "notify", (a32(MIDDLE),)).expect("notify");
    assert_eq!(woken, 0);
    // The writable tail takes every atomic write.
    let old: i32 = call(&mut store, app, "add", (a32(TAIL),)).expect("add in the tail");
    assert_eq!(old, 0);
    assert_eq!(host_read(&store, app, TAIL, 4), [1, 0, 0, 0]);
}
