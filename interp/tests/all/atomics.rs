//! The threads proposal's instructions on linear memory and on shared heaps: results against
//! a model, the address and alignment rules, and wait/notify across threads and instances
//! (keyed by native address) and from the host.
#![cfg(feature = "shared-heap")]

use std::sync::Barrier;
use std::time::{Duration, Instant};

use crate::shared_heap_common::*;
use interp::{AtomicRmwOp, Engine, Instance, Store, TrapCode};

/// Every kind of atomic operation on addresses passed in (memory 0 not shared).
const APP: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  (func (export "load32") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "load8") (param i32) (result i64) (i64.atomic.load8_u (local.get 0)))
  (func (export "store64") (param i32 i64) (i64.atomic.store (local.get 0) (local.get 1)))
  (func (export "store16") (param i32 i32) (i32.atomic.store16 (local.get 0) (local.get 1)))
  (func (export "add32") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "sub8") (param i32 i32) (result i32)
    (i32.atomic.rmw8.sub_u (local.get 0) (local.get 1)))
  (func (export "xchg64") (param i32 i64) (result i64)
    (i64.atomic.rmw.xchg (local.get 0) (local.get 1)))
  (func (export "or32_off4") (param i32 i64) (result i64)
    (i64.atomic.rmw32.or_u offset=4 (local.get 0) (local.get 1)))
  (func (export "cmpxchg16") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw16.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "fence") (atomic.fence))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0))))
"#;

/// A store with [`APP`] attached to `chain`.
fn app_on(engine: &Engine, chain: &interp::chain::SharedChain) -> (Store<()>, Instance) {
    let (mut store, app) = instantiate(engine, APP);
    app.attach_shared_heap(&mut store, chain).expect("attach");
    (store, app)
}

/// The app address of the first byte of the chain's last member.
fn tail_start(store: &Store<()>, app: Instance) -> u64 {
    let layout = app.shared_heap_layout(store).expect("layout");
    layout.members.last().expect("member").start
}

fn trap_of<R: core::fmt::Debug>(r: Result<R, interp::Error>) -> TrapCode {
    r.expect_err("a trap").trap_code().expect("a trap code")
}

#[test]
fn operations_give_the_same_results_in_linear_memory_and_in_a_heap() {
    let engine = Engine::default();
    let chain = three_members();
    let (mut store, app) = app_on(&engine, &chain);
    let heap = tail_start(&store, app);
    for base in [64, heap] {
        let s = &mut store;
        call::<_, ()>(s, app, "store64", (a32(base), 0x1122_3344_5566_7788i64)).unwrap();
        assert_eq!(
            call::<_, i32>(s, app, "load32", a32(base)).unwrap(),
            0x5566_7788
        );
        assert_eq!(
            call::<_, i64>(s, app, "load8", a32(base + 1)).unwrap(),
            0x77
        );
        // The old value comes back; the sum wraps at 32 bits.
        assert_eq!(
            call::<_, i32>(s, app, "add32", (a32(base), 0x2000_0000)).unwrap(),
            0x5566_7788
        );
        assert_eq!(
            call::<_, i32>(s, app, "load32", a32(base)).unwrap(),
            0x7566_7788
        );
        // 8-bit subtraction wraps inside its byte and leaves the others alone.
        assert_eq!(
            call::<_, i32>(s, app, "sub8", (a32(base), 0x89)).unwrap(),
            0x88
        );
        assert_eq!(
            call::<_, i32>(s, app, "load32", a32(base)).unwrap(),
            0x7566_77ff
        );
        // 32-bit or at offset 4: the upper half of the i64.
        assert_eq!(
            call::<_, i64>(s, app, "or32_off4", (a32(base), 0x0f00_0000_0000_0001i64)).unwrap(),
            0x1122_3344
        );
        assert_eq!(
            call::<_, i64>(s, app, "xchg64", (a32(base), -1i64)).unwrap(),
            0x1122_3345_7566_77ffi64
        );
        // Compare-exchange truncates the expected value to 16 bits: equal, replaced.
        assert_eq!(
            call::<_, i32>(s, app, "cmpxchg16", (a32(base), 0x7fff_ffff, 0x1234)).unwrap(),
            0xffff
        );
        assert_eq!(
            call::<_, i32>(s, app, "load32", a32(base)).unwrap(),
            -65536 | 0x1234
        );
        // Not equal: unchanged.
        assert_eq!(
            call::<_, i32>(s, app, "cmpxchg16", (a32(base), 0, 7)).unwrap(),
            0x1234
        );
        assert_eq!(
            call::<_, i32>(s, app, "load32", a32(base)).unwrap(),
            -65536 | 0x1234
        );
        call::<_, ()>(s, app, "fence", ()).unwrap();
        // The host sees the same bytes, and its atomics agree.
        assert_eq!(app.atomic_load(s, base, 2).unwrap(), 0x1234);
        assert_eq!(
            app.atomic_rmw(s, base, 2, AtomicRmwOp::Add, 1).unwrap(),
            0x1234
        );
        assert_eq!(
            app.atomic_compare_exchange(s, base, 2, 0x1235, 9).unwrap(),
            0x1235
        );
        call::<_, ()>(s, app, "store16", (a32(base), 0xabcd)).unwrap();
        assert_eq!(app.atomic_load(s, base, 4).unwrap(), 0xffff_abcd);
    }
}

#[test]
fn misaligned_and_straddling_accesses_trap() {
    let engine = Engine::default();
    let chain = three_members();
    let (mut store, app) = app_on(&engine, &chain);
    let heap = tail_start(&store, app);
    let s = &mut store;
    for base in [64, heap] {
        let unaligned = trap_of(call::<_, i32>(s, app, "load32", a32(base + 2)));
        assert_eq!(unaligned, TrapCode::UnalignedAtomic);
        assert_eq!(unaligned.to_string(), "unaligned atomic");
        let unaligned = trap_of(call::<_, ()>(s, app, "store16", (a32(base + 1), 0)));
        assert_eq!(unaligned, TrapCode::UnalignedAtomic);
        // Bytes are always aligned.
        call::<_, i64>(s, app, "load8", a32(base + 1)).unwrap();
        assert_eq!(
            app.atomic_load(s, base + 4, 8).unwrap_err().trap_code(),
            Some(TrapCode::UnalignedAtomic)
        );
    }
    // Between linear memory and the chain: out of bounds, for the host too. (Members and
    // linear memory end at multiples of 8, so an aligned atomic never straddles two.)
    assert_oob(call::<_, i32>(s, app, "load32", 0x10000));
    assert_oob(call::<_, i32>(s, app, "add32", (0x10000, 1)));
    assert_eq!(
        app.atomic_load(s, 0x10000, 4).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    // Alignment is checked first, as in the reference interpreter.
    let unaligned = trap_of(call::<_, i32>(s, app, "load32", 0x10002));
    assert_eq!(unaligned, TrapCode::UnalignedAtomic);
}

#[test]
fn waiting_on_unshared_linear_memory_traps_and_notify_wakes_nobody() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP);
    let trap = trap_of(call::<_, i32>(&mut store, app, "wait32", (0, 0, 0i64)));
    assert_eq!(trap, TrapCode::ExpectedSharedMemory);
    assert_eq!(trap.to_string(), "expected shared memory");
    assert_eq!(
        call::<_, i32>(&mut store, app, "notify", (0, 5)).unwrap(),
        0
    );
    assert_eq!(app.atomic_notify(&mut store, 0, 5).unwrap(), 0);
    let unaligned = trap_of(call::<_, i32>(&mut store, app, "notify", (2, 5)));
    assert_eq!(unaligned, TrapCode::UnalignedAtomic);
}

#[test]
fn a_shared_linear_memory_waits_with_a_timeout() {
    let engine = Engine::default();
    let wat = r#"(module (memory 1 1 shared)
      (func (export "wait64") (param i32 i64 i64) (result i32)
        (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2))))"#;
    let (mut store, app) = instantiate(&engine, wat);
    let start = Instant::now();
    let r = call::<_, i32>(&mut store, app, "wait64", (8, 0i64, 30_000_000i64)).unwrap();
    assert_eq!(r, 2, "timed out");
    assert!(start.elapsed() >= Duration::from_millis(30));
    let r = call::<_, i32>(&mut store, app, "wait64", (8, 1i64, -1i64)).unwrap();
    assert_eq!(r, 1, "not equal: no wait");
}

#[test]
fn waits_in_a_heap_are_woken_by_other_threads_instances_and_the_host() {
    let engine = Engine::default();
    let chain = three_members();
    let flag_of = |store: &Store<()>, app: Instance| tail_start(store, app) + 16;
    let waiters = 3;
    let started = Barrier::new(waiters + 1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..waiters)
            .map(|_| {
                let (engine, chain, started) = (&engine, &chain, &started);
                scope.spawn(move || {
                    let (mut store, app) = app_on(engine, chain);
                    let flag = flag_of(&store, app);
                    started.wait();
                    // Wait while the flag is 0 (no timeout), as long as it stays 0.
                    let mut woken = 0;
                    while app.atomic_load(&mut store, flag, 4).unwrap() == 0 {
                        let r = call::<_, i32>(&mut store, app, "wait32", (a32(flag), 0, -1i64));
                        woken += i32::from(r.unwrap() == 0);
                    }
                    woken
                })
            })
            .collect();
        // The notifier is another instance in another store on this thread.
        let (mut store, app) = app_on(&engine, &chain);
        let flag = flag_of(&store, app);
        started.wait();
        // Give the waiters time to block, then wake them: first one from wasm, then the
        // rest from the host, after setting the flag so none waits again.
        std::thread::sleep(Duration::from_millis(50));
        let mut woke = call::<_, i32>(&mut store, app, "notify", (a32(flag), 1)).unwrap();
        app.atomic_store(&mut store, flag, 4, 1).unwrap();
        woke += app.atomic_notify(&mut store, flag, u32::MAX).unwrap() as i32;
        let woken: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
        assert_eq!(woken, woke, "every wake-up counted was received");
        assert!(woke >= 1);
    });
}

#[test]
fn long_loops_of_atomics_run_in_constant_host_stack() {
    // The handler must end in a tail call like every other: a million iterations would
    // overflow the host stack otherwise (optimized builds hand control on by tail calls).
    let engine = Engine::default();
    let wat = r#"(module (memory 1)
      (func (export "count") (param $n i32) (result i32)
        (loop $again
          (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
          (i32.atomic.store8 (i32.const 5) (i32.const 1))
          (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (i32.atomic.load (i32.const 0))))"#;
    let (mut store, app) = instantiate(&engine, wat);
    let n = 1_000_000;
    assert_eq!(call::<_, i32>(&mut store, app, "count", n).unwrap(), n);
}

#[test]
fn a_memory64_offset_wider_than_32_bits_reaches_a_heap() {
    let engine = Engine::default();
    let wat = r#"(module (memory i64 1)
      (func (export "add_far") (param i64 i64) (result i64)
        (i64.atomic.rmw.add offset=0x100000000 (local.get 0) (local.get 1))))"#;
    let (mut store, app) = instantiate(&engine, wat);
    let chain = three_members();
    app.attach_shared_heap(&mut store, &chain).expect("attach");
    let at = tail_start(&store, app) + 8;
    let base = (at - 0x1_0000_0000) as i64;
    let s = &mut store;
    assert_eq!(call::<_, i64>(s, app, "add_far", (base, 5i64)).unwrap(), 0);
    assert_eq!(call::<_, i64>(s, app, "add_far", (base, 1i64)).unwrap(), 5);
    assert_eq!(app.atomic_load(s, at, 8).unwrap(), 6);
    // Misaligned through the offset, and past the top of the address space.
    assert_eq!(
        trap_of(call::<_, i64>(s, app, "add_far", (base + 4, 1i64))),
        TrapCode::UnalignedAtomic
    );
    assert_oob(call::<_, i64>(s, app, "add_far", (-8i64, 1i64)));
}
