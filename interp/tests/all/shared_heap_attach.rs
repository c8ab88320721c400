//! Attach and detach (SHARED_HEAP.md section 4) and how the chain caps memory.grow.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, ChainError, SharedChain};
use interp::{Engine, ErrorKind, SharedHeapError, Store};

const PAGE: u64 = 65536;

/// A chain that starts exactly 3 wasm pages above 0 in memory32 (a managed heap of almost
/// 4 GiB: its region is mapped lazily, so untouched pages cost nothing).
fn chain_from_page_3() -> SharedChain {
    let size = (1u64 << 32) - 3 * PAGE;
    Chain::builder()
        .managed(DefaultManagedHeap::new(size as usize).expect("managed heap"))
        .build()
        .expect("chain")
        .into_shared()
}

fn refusal(result: Result<(), interp::Error>) -> SharedHeapError {
    let e = result.expect_err("attach must be refused");
    assert_eq!(e.kind(), ErrorKind::SharedHeap);
    assert!(
        e.to_string()
            .ends_with(|c: char| c.is_alphanumeric() || c == ')')
    );
    *e.shared_heap_error().expect("typed reason")
}

#[test]
fn memory_grow_reaches_exactly_the_chain_start_and_no_further() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    let chain = chain_from_page_3();
    assert_eq!(
        chain.start(interp::chain::AddressSpace::Memory32).unwrap(),
        3 * PAGE
    );
    app.attach_shared_heap(&mut store, &chain).unwrap();
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 1).unwrap(), 1);
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 2).unwrap(), -1);
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 1).unwrap(), 2);
    assert_eq!(call::<_, i32>(&mut store, app, "size", ()).unwrap(), 3);
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 1).unwrap(), -1);
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 0).unwrap(), 3);
    // The host's grow obeys the same limit.
    let memory = app.get_memory(&store, "memory").unwrap();
    assert!(memory.grow(&mut store, 1).is_err());
    // The last linear byte and the chain's first byte are neighbours.
    call::<_, ()>(&mut store, app, "store8", (a32(3 * PAGE - 1), 1)).unwrap();
    call::<_, ()>(&mut store, app, "store8", (a32(3 * PAGE), 2)).unwrap();
    assert_oob(call::<_, i32>(&mut store, app, "load16", a32(3 * PAGE - 1)));
    // Detached, memory may grow again.
    app.detach_shared_heap(&mut store);
    assert_eq!(call::<_, i32>(&mut store, app, "grow", 1).unwrap(), 3);
}

#[test]
fn attach_is_refused_when_linear_memory_overlaps_the_chain() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(
        &engine,
        r#"(module (memory 4) (func (export "size") (result i32) (memory.size)))"#,
    );
    let chain = chain_from_page_3();
    assert_eq!(
        refusal(app.attach_shared_heap(&mut store, &chain)),
        SharedHeapError::LinearMemoryOverlapsChain {
            linear_bytes: 4 * PAGE,
            chain_start: 3 * PAGE
        }
    );
    // Exactly up to the start is fine.
    let (mut store, app) = instantiate(&engine, r#"(module (memory 3))"#);
    app.attach_shared_heap(&mut store, &chain).unwrap();
}

#[test]
fn attach_is_refused_twice_and_without_memory() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    let chain = three_members();
    app.attach_shared_heap(&mut store, &chain).unwrap();
    assert_eq!(
        refusal(app.attach_shared_heap(&mut store, &chain)),
        SharedHeapError::AlreadyAttached
    );
    assert_eq!(
        refusal(app.attach_shared_heap(&mut store, &three_members())),
        SharedHeapError::AlreadyAttached
    );
    let (mut store, no_memory) = instantiate(&engine, r#"(module (func (export "f")))"#);
    assert_eq!(
        refusal(no_memory.attach_shared_heap(&mut store, &chain)),
        SharedHeapError::NoMemory
    );
}

#[test]
fn a_chain_too_large_for_memory32_goes_to_memory64_only() {
    let engine = Engine::default();
    let size = (1u64 << 32) - PAGE + 4096;
    let chain = Chain::builder()
        .managed(DefaultManagedHeap::new(size as usize).expect("managed heap"))
        .build()
        .unwrap()
        .into_shared();
    let (mut store, app32) = instantiate(&engine, APP32);
    assert!(matches!(
        refusal(app32.attach_shared_heap(&mut store, &chain)),
        SharedHeapError::Layout(ChainError::TooLargeForMemory32 { .. })
    ));
    let (mut store, app64) = instantiate(&engine, APP64);
    app64.attach_shared_heap(&mut store, &chain).unwrap();
}

#[test]
fn detach_and_dropping_the_store_give_the_chain_back() {
    let engine = Engine::default();
    let chain = three_members();
    let (mut store, app) = instantiate(&engine, APP32);
    app.detach_shared_heap(&mut store); // nothing attached: a no-op
    app.attach_shared_heap(&mut store, &chain).unwrap();
    assert_eq!(SharedChain::handle_count(&chain), 2);
    app.detach_shared_heap(&mut store);
    assert_eq!(SharedChain::handle_count(&chain), 1);
    assert!(app.shared_heap(&store).is_none());

    let mut other: Store<()> = Store::new(&engine, ());
    let second = instantiate_in(&mut other, APP32);
    app.attach_shared_heap(&mut store, &chain).unwrap();
    second.attach_shared_heap(&mut other, &chain).unwrap();
    assert_eq!(SharedChain::handle_count(&chain), 3);
    // Calls leave no extra handles behind.
    call::<_, i32>(&mut store, app, "load8", a32(0xFFFF_F000)).unwrap();
    assert_eq!(SharedChain::handle_count(&chain), 3);
    drop(store);
    drop(other);
    // Every instance is gone, so the chain is mutable again.
    let mut owned = SharedChain::try_unwrap(chain).expect("no handles left");
    owned.reset();
}

#[test]
fn a_host_function_that_detaches_ends_heap_access_for_the_running_call() {
    let engine = Engine::default();
    let mut store: Store<Option<interp::Instance>> = Store::new(&engine, None);
    let module = interp::Module::from_wat(
        &engine,
        r#"(module
             (import "host" "detach" (func $detach))
             (memory 1)
             (func (export "load_detach_load") (param i32) (result i32)
               (drop (i32.load8_u (local.get 0)))
               (call $detach)
               (i32.load8_u (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = interp::Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "detach",
            |mut caller: interp::Caller<'_, Option<interp::Instance>>| {
                if let Some(instance) = *caller.data() {
                    instance.detach_shared_heap(caller.store_mut());
                }
            },
        )
        .unwrap();
    let app = linker.instantiate(&mut store, &module).unwrap();
    *store.data_mut() = Some(app);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let f = app
        .get_typed_func::<i32, i32>(&store, "load_detach_load")
        .unwrap();
    let e = f.call(&mut store, a32(0xFFFF_F000)).unwrap_err();
    assert_eq!(e.to_string(), "out of bounds memory access");
}

#[test]
fn a_shared_memory_is_attached_only_if_its_maximum_stays_below_the_chain() {
    // Other stores may grow a shared memory without knowing of the chain: its maximum
    // (3 pages here reaches the chain's start exactly, 4 pages passes it) decides.
    let engine = Engine::default();
    let chain = chain_from_page_3();
    for (maximum, fits) in [(3, true), (4, false)] {
        let wat = format!("(module (memory 1 {maximum} shared))");
        let (mut store, app) = instantiate(&engine, &wat);
        let result = app.attach_shared_heap(&mut store, &chain);
        if fits {
            result.expect("a maximum up to the chain's start is accepted");
        } else {
            assert_eq!(
                refusal(result),
                SharedHeapError::SharedMemoryMayReachChain {
                    maximum_bytes: 4 * PAGE,
                    chain_start: 3 * PAGE,
                }
            );
        }
    }
}
