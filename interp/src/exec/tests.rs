//! Executor behaviours: deep recursion on the heap, store limits, host calls, foreign handles.

use crate::{
    Caller, Engine, ErrorKind, Func, FuncType, Linker, Memory, MemoryType, Module, Store,
    StoreLimits, TrapCode, Val, ValType,
};

const RECURSE: &str = r#"(module
  (func $down (export "down") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))"#;

fn instantiate(wat: &str, store: &mut Store<()>) -> crate::Instance {
    let module = Module::from_wat(store.engine(), wat).expect("valid module");
    Linker::new(store.engine())
        .instantiate(store, &module)
        .expect("instantiates")
}

#[test]
fn two_million_deep_recursion_runs_on_the_heap() {
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits {
        max_call_depth: 2_100_000,
        ..StoreLimits::default()
    });
    let instance = instantiate(RECURSE, &mut store);
    let down = instance
        .get_typed_func::<i64, i64>(&store, "down")
        .expect("export");
    assert_eq!(
        down.call(&mut store, 2_000_000).expect("completes"),
        2_000_000
    );
}

#[test]
fn recursion_past_the_limit_traps_call_stack_exhausted() {
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits {
        max_call_depth: 1_000,
        ..StoreLimits::default()
    });
    let instance = instantiate(RECURSE, &mut store);
    let down = instance
        .get_typed_func::<i64, i64>(&store, "down")
        .expect("export");
    assert_eq!(down.call(&mut store, 998).expect("fits"), 998);
    let err = down.call(&mut store, 1_000).expect_err("too deep");
    assert_eq!(err.trap_code(), Some(TrapCode::CallStackExhausted));
    assert_eq!(err.to_string(), "call stack exhausted");
    // The store stays usable after a trap.
    assert_eq!(down.call(&mut store, 10).expect("runs again"), 10);
}

#[test]
fn the_value_stack_stops_at_its_byte_limit_whatever_the_frame_size() {
    // Each level of this recursion holds 36 locals besides its temporaries: deep recursion
    // hits a 1 MiB byte limit long before the frame limit (100,000 by default).
    let wide = r#"(module (func $down (export "down") (param i64) (result i64)
        (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64) (local i64 i64 i64 i64 i64)
        (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
        (if (result i64) (i64.eqz (local.get 0))
            (then (i64.const 0))
            (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1))))))))"#;
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits {
        max_stack_bytes: 1 << 20,
        ..StoreLimits::default()
    });
    let instance = instantiate(wide, &mut store);
    let down = instance
        .get_typed_func::<i64, i64>(&store, "down")
        .expect("export");
    // At about 40 slots a level, 1 MiB holds some 3,000 levels, not 10,000.
    assert_eq!(down.call(&mut store, 1_000).expect("fits"), 1_000);
    let err = down.call(&mut store, 10_000).expect_err("too much stack");
    assert_eq!(err.trap_code(), Some(TrapCode::CallStackExhausted));
    assert!(store_stack_bytes_within(&store, 1 << 20));
    assert_eq!(down.call(&mut store, 10).expect("runs again"), 10);
}

/// Whether the store's value stack has stayed within `bytes`.
fn store_stack_bytes_within<T>(store: &Store<T>, bytes: usize) -> bool {
    store.inner.stacks.values.capacity() * 8 <= bytes
}

#[test]
fn memory_grow_fails_past_the_store_limit() {
    let mut store = Store::new(&Engine::default(), ());
    store.set_limits(StoreLimits {
        max_memory_bytes: 3 * 65536,
        ..StoreLimits::default()
    });
    let instance = instantiate(
        r#"(module (memory 1) (func (export "grow") (param i32) (result i32)
            (memory.grow (local.get 0))))"#,
        &mut store,
    );
    let grow = instance
        .get_typed_func::<i32, i32>(&store, "grow")
        .expect("export");
    assert_eq!(grow.call(&mut store, 2).expect("runs"), 1);
    assert_eq!(grow.call(&mut store, 1).expect("runs"), -1);
    assert_eq!(grow.call(&mut store, 0).expect("runs"), 3);
}

#[test]
fn host_functions_see_arguments_and_the_caller() {
    let mut store = Store::new(&Engine::default(), 0i64);
    let module = Module::from_wat(
        store.engine(),
        r#"(module
          (import "env" "acc" (func $acc (param i64 i32) (result i64)))
          (memory (export "mem") 1)
          (func (export "run") (result i64)
            (i32.store (i32.const 8) (i32.const 7))
            (call $acc (i64.const 5) (i32.const 8))))"#,
    )
    .expect("valid");
    let mut linker = Linker::new(store.engine());
    linker
        .func_wrap(
            "env",
            "acc",
            |mut caller: Caller<'_, i64>, x: i64, addr: i32| {
                let mem = caller
                    .get_export("mem")
                    .and_then(|e| e.into_memory())
                    .expect("memory");
                let mut buf = [0u8; 4];
                mem.read(caller.store(), addr as usize, &mut buf)?;
                *caller.data_mut() += x;
                Ok::<i64, crate::Error>(x * i64::from(i32::from_le_bytes(buf)))
            },
        )
        .expect("defined");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let run = instance
        .get_typed_func::<(), i64>(&store, "run")
        .expect("export");
    assert_eq!(run.call(&mut store, ()).expect("runs"), 35);
    assert_eq!(*store.data(), 5);
}

#[test]
fn calls_check_argument_types_and_counts() {
    let mut store = Store::new(&Engine::default(), ());
    let f = Func::new(
        &mut store,
        FuncType::new([ValType::I32], [ValType::I32]),
        |_, p, r| {
            r[0] = p[0];
            Ok(())
        },
    );
    let mut out = [Val::I32(0)];
    assert_eq!(
        f.call(&mut store, &[Val::I64(1)], &mut out)
            .unwrap_err()
            .kind(),
        ErrorKind::Usage
    );
    assert_eq!(
        f.call(&mut store, &[], &mut out).unwrap_err().kind(),
        ErrorKind::Usage
    );
    f.call(&mut store, &[Val::I32(9)], &mut out).expect("runs");
    assert!(matches!(out[0], Val::I32(9)));
}

#[test]
fn handles_from_another_store_are_refused() {
    let engine = Engine::default();
    let mut a = Store::new(&engine, ());
    let mut b = Store::new(&engine, ());
    let mem = Memory::new(
        &mut a,
        MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
        },
    )
    .expect("memory");
    assert!(mem.write(&mut b, 0, &[1]).is_err());
    assert_eq!(mem.size(&b), 0);
    let f = Func::wrap(&mut a, |x: i32| x);
    let mut out = [Val::I32(0)];
    assert_eq!(
        f.call(&mut b, &[Val::I32(1)], &mut out).unwrap_err().kind(),
        ErrorKind::Usage
    );
}

#[test]
fn memory64_effective_address_overflow_traps() {
    let mut store = Store::new(&Engine::default(), ());
    let instance = instantiate(
        r#"(module (memory i64 1)
          (func (export "load") (param i64) (result i32)
            (i32.load offset=0xFFFFFFFFFF (local.get 0)))
          (func (export "load_small") (param i64) (result i32)
            (i32.load offset=4 (local.get 0))))"#,
        &mut store,
    );
    let load = instance
        .get_typed_func::<i64, i32>(&store, "load")
        .expect("export");
    let err = load.call(&mut store, -1).expect_err("wraps past 2^64");
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    let small = instance
        .get_typed_func::<i64, i32>(&store, "load_small")
        .expect("export");
    assert_eq!(small.call(&mut store, 0).expect("in bounds"), 0);
    let err = small.call(&mut store, -2).expect_err("wraps past 2^64");
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(
        small.call(&mut store, 65532).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
}

#[test]
fn stores_and_modules_cross_threads() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync>() {}
    send::<Store<()>>();
    send_sync::<Module>();
    send_sync::<Engine>();
}

#[test]
fn host_wasm_ping_pong_is_bounded_without_overflowing_the_host_stack() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::from_wat(
        &engine,
        r#"(module
          (import "env" "host" (func $host (param i32) (result i32)))
          (func (export "wasm") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0))
              (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $host (i32.sub (local.get 0) (i32.const 1))))))))"#,
    )
    .expect("valid");
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "host", |mut caller: Caller<'_, ()>, n: i32| {
            let f = caller
                .get_export("wasm")
                .and_then(|e| e.into_func())
                .expect("export");
            let mut out = [Val::I32(0)];
            f.call(caller.store_mut(), &[Val::I32(n)], &mut out)?;
            match out[0] {
                Val::I32(v) => Ok(v),
                _ => Err(crate::Error::msg("unexpected result type")),
            }
        })
        .expect("defined");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let wasm = instance
        .get_typed_func::<i32, i32>(&store, "wasm")
        .expect("export");
    // Shallow enough for debug builds, whose frames are far larger.
    assert_eq!(wasm.call(&mut store, 8).expect("shallow ping-pong"), 8);
    let err = wasm.call(&mut store, 100_000).expect_err("too deep");
    assert_eq!(err.trap_code(), Some(TrapCode::CallStackExhausted));
    assert_eq!(wasm.call(&mut store, 3).expect("usable afterwards"), 3);
}

#[test]
fn a_large_memory_is_allocated_lazily() {
    let mut store = Store::new(&Engine::default(), ());
    // 1 GiB: zeroed pages come from the OS on first touch, so this is quick and cheap.
    let instance = instantiate(
        r#"(module (memory 16384)
          (func (export "last") (result i32) (i32.load8_u (i32.const 0x3FFFFFFF))))"#,
        &mut store,
    );
    let last = instance
        .get_typed_func::<(), i32>(&store, "last")
        .expect("export");
    assert_eq!(last.call(&mut store, ()).expect("in bounds"), 0);
}
