//! Minimized regressions for engine bugs the fuzzers found. Each test names the target and
//! the date; fixed bugs keep their test so they stay fixed.
#![cfg(feature = "shared-heap")]

use interp::chain::{Chain, PreAllocatedHeap};
use interp::{Engine, Instance, Linker, Module, Store};

/// A memory64 instance with a one-page pre-allocated chain ending at 2^64 - 1.
fn memory64_with_chain() -> (Store<()>, Instance) {
    let chain = Chain::builder()
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096]).expect("heap"))
        .build()
        .expect("chain")
        .into_shared();
    let engine = Engine::default();
    let module = Module::from_wat(
        &engine,
        r#"(module (memory i64 1)
             (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
             (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1))))"#,
    )
    .expect("module");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    instance
        .attach_shared_heap(&mut store, &chain)
        .expect("attach");
    (store, instance)
}

/// The wasm side of the bug below works: the app reaches the chain's last byte.
#[test]
fn wasm_reaches_the_last_byte_of_a_memory64_chain() {
    let (mut store, instance) = memory64_with_chain();
    let store8 = instance
        .get_typed_func::<(i64, i32), ()>(&store, "store8")
        .expect("export");
    let load8 = instance
        .get_typed_func::<i64, i32>(&store, "load8")
        .expect("export");
    store8.call(&mut store, (-1, 0x5A)).expect("wasm store");
    assert_eq!(load8.call(&mut store, -1).expect("wasm load"), 0x5A);
}

/// shared_heap_ops, 2026-11-24: in a memory64 instance the host API refuses the tail
/// member's last byte (app address 2^64 - 1): `validate_app_range(2^64 - 1, 1)` is false and
/// `read_app_memory`/`write_app_memory` fail, because `locate` (shared_heap/host_api.rs)
/// computes `addr.checked_add(len)` in `u64` and gives up when the sum is exactly 2^64.
/// SHARED_HEAP.md section 3: the tail ends at 2^64 - 1, so that byte is a valid range.
#[test]
fn host_api_reaches_the_last_byte_of_a_memory64_chain() {
    let (mut store, instance) = memory64_with_chain();
    let last = u64::MAX;
    assert!(instance.validate_app_range(&store, last, 1));
    instance
        .write_app_memory(&mut store, last, &[0x5A])
        .expect("host write of the chain's last byte");
    let mut byte = [0];
    instance
        .read_app_memory(&store, last, &mut byte)
        .expect("host read of the chain's last byte");
    assert_eq!(byte, [0x5A]);
    // One past the end is never valid.
    assert!(!instance.validate_app_range(&store, last, 2));
}
