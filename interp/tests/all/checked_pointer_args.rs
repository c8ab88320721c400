//! Checked pointer arguments of Rust host functions (`AppRange`, `AppStr` and their memory64
//! forms): validated against linear memory and the attached chain before the body runs, with
//! the same answer as `Instance::validate_app_range` (the model), trapping otherwise without
//! running the body.
#![cfg(feature = "shared-heap")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::shared_heap_common::*;
use interp::{
    AppRange, AppRange64, AppStr, Caller, Engine, Error, Func, Instance, Linker, Module, Store,
    TrapCode, ValType,
};

/// Host functions taking checked pointers, imported by the app below; `calls` counts how
/// many bodies ran.
fn linker(engine: &Engine, calls: &Arc<AtomicU32>) -> Linker<()> {
    let mut linker = Linker::new(engine);
    linker.define_shared_heap_functions().expect("define");
    let counter = Arc::clone(calls);
    linker
        .func_wrap(
            "host",
            "sum",
            move |caller: Caller<'_, ()>, bytes: AppRange| -> Result<i32, Error> {
                counter.fetch_add(1, Ordering::Relaxed);
                Ok(bytes.read(&caller)?.iter().map(|&b| i32::from(b)).sum())
            },
        )
        .expect("sum");
    let counter = Arc::clone(calls);
    linker
        .func_wrap(
            "host",
            "fill",
            move |mut caller: Caller<'_, ()>, value: i32, bytes: AppRange| -> Result<(), Error> {
                counter.fetch_add(1, Ordering::Relaxed);
                bytes.write(&mut caller, &vec![value as u8; bytes.len() as usize])
            },
        )
        .expect("fill");
    let counter = Arc::clone(calls);
    linker
        .func_wrap(
            "host",
            "strlen",
            move |caller: Caller<'_, ()>, text: AppStr| -> Result<i32, Error> {
                counter.fetch_add(1, Ordering::Relaxed);
                assert_eq!(text.read(&caller)?.len() as u64, text.len());
                Ok(text.len() as i32)
            },
        )
        .expect("strlen");
    // Without a caller parameter too: the check needs no code in the body.
    linker
        .func_wrap("host", "range_len", |bytes: AppRange| bytes.len() as i32)
        .expect("range_len");
    linker
}

const APP: &str = r#"
(module
  (import "host" "sum" (func $sum (param i32 i32) (result i32)))
  (import "host" "fill" (func $fill (param i32 i32 i32)))
  (import "host" "strlen" (func $strlen (param i32) (result i32)))
  (import "host" "range_len" (func $range_len (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\00")
  (func (export "sum") (param i32 i32) (result i32) (call $sum (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32) (call $fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "strlen") (param i32) (result i32) (call $strlen (local.get 0)))
  (func (export "range_len") (param i32 i32) (result i32)
    (call $range_len (local.get 0) (local.get 1))))
"#;

fn setup() -> (Store<()>, Instance, Arc<AtomicU32>) {
    let engine = Engine::default();
    let calls = Arc::new(AtomicU32::new(0));
    let linker = linker(&engine, &calls);
    let mut store = Store::new(&engine, ());
    let module = Module::from_wat(&engine, APP).expect("module");
    let app = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    app.attach_shared_heap(&mut store, &three_members())
        .expect("attach");
    (store, app, calls)
}

#[test]
fn the_types_take_the_wasm_values_wamr_signatures_give_them() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(
        &mut store,
        |_: i32, _: AppRange, _: AppStr, _: AppRange64| {},
    );
    let ty = f.ty(&store);
    assert_eq!(
        ty.params(),
        [
            ValType::I32,
            ValType::I32,
            ValType::I32,
            ValType::I32,
            ValType::I64,
            ValType::I64
        ]
    );
}

#[test]
fn ranges_are_checked_against_linear_memory_and_the_chain_like_validate_app_range() {
    let (mut store, app, calls) = setup();
    app.write_app_memory(&mut store, 0xFFFF_F000, &[1, 2, 3, 4])
        .expect("host write");
    // (address, length, valid by SHARED_HEAP.md section 5), checked against
    // `validate_app_range` as well.
    let probes: [(u64, u64, bool); 12] = [
        (0, 4, true),
        (65532, 4, true),
        (65533, 4, false), // past linear memory
        (65536, 0, true),  // empty at the end of linear memory
        (65537, 0, false), // empty beyond it
        (0xFFFE_E000, 64 * 1024, true),
        (0xFFFE_DFFF, 2, false), // the gap below the chain and the head
        (0xFFFF_DFFE, 4, false), // straddles the head and the middle member
        (0xFFFF_F000, 4, true),
        (0xFFFF_FFFC, 4, true),
        (0xFFFF_FFFD, 4, false), // past 2^32
        (0x8000_0000, 1, false), // nowhere
    ];
    for (addr, len, valid) in probes {
        assert_eq!(
            app.validate_app_range(&store, addr, len),
            valid,
            "{addr:#x}+{len}"
        );
        let before = calls.load(Ordering::Relaxed);
        let result = call::<_, i32>(&mut store, app, "sum", (a32(addr), len as i32));
        let ran = calls.load(Ordering::Relaxed) - before;
        if valid {
            result.unwrap_or_else(|e| panic!("{addr:#x}+{len}: {e}"));
            assert_eq!(ran, 1, "{addr:#x}+{len}");
        } else {
            let error = result.expect_err("an invalid range traps");
            assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
            assert_eq!(ran, 0, "the body did not run for {addr:#x}+{len}");
        }
        let len_result = call::<_, i32>(&mut store, app, "range_len", (a32(addr), len as i32));
        assert_eq!(len_result.is_ok(), valid, "range_len {addr:#x}+{len}");
    }
    let sum: i32 = call(&mut store, app, "sum", (a32(0xFFFF_F000), 4)).expect("sum");
    assert_eq!(sum, 10);
}

#[test]
fn a_checked_range_writes_linear_memory_and_heaps() {
    let (mut store, app, _) = setup();
    call::<_, ()>(&mut store, app, "fill", (7, a32(0xFFFF_E000 + 8), 16)).expect("heap");
    assert_eq!(host_read(&store, app, 0xFFFF_E000 + 8, 16), vec![7; 16]);
    call::<_, ()>(&mut store, app, "fill", (9, 100, 3)).expect("linear");
    assert_eq!(host_read(&store, app, 99, 5), [0, 9, 9, 9, 0]);
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (9, a32(0xFFFF_EFFF), 2),
    ));
}

#[test]
fn strings_need_their_nul_inside_one_region() {
    let (mut store, app, calls) = setup();
    assert_eq!(
        call::<_, i32>(&mut store, app, "strlen", (16,)).expect("linear"),
        5
    );
    app.write_app_memory(&mut store, 0xFFFF_F000, b"in the heap\0")
        .expect("host write");
    assert_eq!(
        call::<_, i32>(&mut store, app, "strlen", (a32(0xFFFF_F000),)).expect("heap"),
        11
    );
    let before = calls.load(Ordering::Relaxed);
    // No NUL before the end of the tail; none before the end of linear memory; nowhere.
    app.write_app_memory(&mut store, 0xFFFF_FFF0, &[b'x'; 16])
        .expect("host write");
    assert_oob(call::<_, i32>(
        &mut store,
        app,
        "strlen",
        (a32(0xFFFF_FFF0),),
    ));
    app.write_app_memory(&mut store, 65530, &[b'y'; 6])
        .expect("host write");
    assert_oob(call::<_, i32>(&mut store, app, "strlen", (65530,)));
    assert_oob(call::<_, i32>(
        &mut store,
        app,
        "strlen",
        (a32(0x9000_0000),),
    ));
    // A string that ends at the end of the middle member does not run on into the tail.
    app.write_app_memory(&mut store, 0xFFFF_EFFC, b"abcd")
        .expect("host write");
    assert_oob(call::<_, i32>(
        &mut store,
        app,
        "strlen",
        (a32(0xFFFF_EFFC),),
    ));
    assert_eq!(calls.load(Ordering::Relaxed), before, "no body ran");
}

#[test]
fn called_from_the_host_a_pointer_has_no_memory_and_traps() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let f = Func::wrap(&mut store, |bytes: AppRange| bytes.len() as i32);
    let typed = f.typed::<_, (i32, i32), i32>(&store).expect("typed");
    let error = typed.call(&mut store, (0, 1)).expect_err("no instance");
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}

#[test]
fn memory64_apps_pass_i64_ranges() {
    let engine = Engine::default();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.define_shared_heap_functions().expect("define");
    linker
        .func_wrap(
            "host",
            "sum64",
            |caller: Caller<'_, ()>, bytes: AppRange64| -> Result<i64, Error> {
                Ok(bytes.read(&caller)?.iter().map(|&b| i64::from(b)).sum())
            },
        )
        .expect("sum64");
    let module = Module::from_wat(
        &engine,
        r#"(module
          (import "host" "sum64" (func $sum (param i64 i64) (result i64)))
          (memory i64 1)
          (data (i64.const 8) "\01\02\03")
          (func (export "sum") (param i64 i64) (result i64) (call $sum (local.get 0) (local.get 1))))"#,
    )
    .expect("module");
    let mut store = Store::new(&engine, ());
    let app = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    app.attach_shared_heap(&mut store, &three_members())
        .expect("attach");
    let sum = app
        .get_typed_func::<(i64, i64), i64>(&store, "sum")
        .expect("export");
    assert_eq!(sum.call(&mut store, (8, 3)).expect("linear"), 6);
    let tail = (u64::MAX - 4095) as i64;
    assert_eq!(sum.call(&mut store, (tail, 4096)).expect("the tail"), 0);
    let error = sum.call(&mut store, (tail - 1, 2)).expect_err("straddles");
    assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}
