//! Shared linear memories (`SharedMemory`, threads proposal) used by instances in several
//! stores on several threads: atomics and wait/notify across stores, growth seen from
//! another thread, concurrent growth against a model, module-defined shared memories handed
//! to other stores, and the errors of misuse.
#![cfg(feature = "wat")]

use std::sync::{Arc, Barrier};
use std::thread;

use interp::{
    Engine, ErrorKind, Instance, Linker, Memory, MemoryType, Module, SharedMemory, Store, TrapCode,
};

/// Atomics, waits and reads on an imported shared memory of 1 to 8 pages.
const APP: &str = r#"
(module
  (memory (import "env" "memory") 1 8 shared)
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "count") (param i32 i32)
    (loop $again
      (drop (i32.atomic.rmw.add (local.get 0) (i32.const 1)))
      (br_if $again (local.tee 1 (i32.sub (local.get 1) (i32.const 1))))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "atomic_load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "wait") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  ;; Sets the word at 4 (this call has its view of the memory), then waits until the word
  ;; at 0 is no longer 0.
  (func $await_signal
    (i32.atomic.store (i32.const 4) (i32.const 1))
    (loop $until_set
      (if (i32.eqz (i32.atomic.load (i32.const 0)))
        (then
          (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
          (br $until_set)))))
  ;; After the signal, reads the first word of page `page`: an address only a growth by
  ;; another thread made valid.
  (func (export "wait_then_read") (param $page i32) (result i32)
    (call $await_signal)
    (i32.load (i32.mul (local.get $page) (i32.const 65536))))
  ;; After the signal, fills 16 bytes there and copies them back to address 16.
  (func (export "wait_then_fill") (param $page i32) (result i32)
    (local $at i32)
    (call $await_signal)
    (local.set $at (i32.mul (local.get $page) (i32.const 65536)))
    (memory.fill (local.get $at) (i32.const 7) (i32.const 16))
    (memory.copy (i32.const 16) (local.get $at) (i32.const 16))
    (i32.atomic.rmw.add (i32.add (local.get $at) (i32.const 12)) (i32.const 0)))
  ;; Grows by `delta` pages, stores the new size in the new page's first word, then sets
  ;; the word at 0 and wakes every waiter.
  (func (export "grow_and_signal") (param $delta i32) (result i32)
    (local $old i32)
    (local.set $old (memory.grow (local.get $delta)))
    (i32.store (i32.mul (local.get $old) (i32.const 65536)) (memory.size))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const -1)))
    (local.get $old)))
"#;

fn shared_type(minimum: u64, maximum: u64) -> MemoryType {
    MemoryType {
        minimum,
        maximum: Some(maximum),
        memory64: false,
        shared: true,
    }
}

/// A store on `engine` with [`APP`] instantiated over `memory`.
fn app(engine: &Engine, memory: &SharedMemory) -> (Store<()>, Instance) {
    app_with_max(engine, memory, 8)
}

/// Waits until the reader's call has begun (it sets the word at 4).
fn wait_for_reader(memory: &SharedMemory) {
    while word(memory, 4) == 0 {
        thread::yield_now();
    }
}

fn word(memory: &SharedMemory, at: u64) -> u32 {
    let mut bytes = [0; 4];
    memory.read(at, &mut bytes).expect("in bounds");
    u32::from_le_bytes(bytes)
}

#[test]
fn atomic_adds_from_stores_on_several_threads_all_count() {
    const THREADS: u32 = 4;
    const EACH: i32 = 20_000;
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 8)).expect("memory");
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (engine, memory) = (engine.clone(), memory.clone());
            thread::spawn(move || {
                let (mut store, app) = app(&engine, &memory);
                let count = app
                    .get_typed_func::<(i32, i32), ()>(&store, "count")
                    .expect("count");
                count.call(&mut store, (64, EACH)).expect("count runs");
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
    assert_eq!(word(&memory, 64), THREADS * EACH as u32);
}

/// Runs export `reader` of [`APP`] with argument `page` on a thread of its own, and once its
/// call has begun (so it holds its view of the 1-page memory), grows the memory by `delta`
/// pages from another store with `grow_and_signal`; returns what the reader returned and
/// the memory's size in pages as the reader's store then sees it.
fn reader_across_growth(reader: &'static str, page: i32, delta: i32) -> (SharedMemory, i32, i32) {
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 8)).expect("memory");
    let reading = {
        let (engine, memory) = (engine.clone(), memory.clone());
        thread::spawn(move || {
            let (mut store, app) = app(&engine, &memory);
            let read = app
                .get_typed_func::<i32, i32>(&store, reader)
                .expect(reader);
            let value = read
                .call(&mut store, page)
                .expect("the grown page is accessible");
            let size = app.get_typed_func::<(), i32>(&store, "size").expect("size");
            (value, size.call(&mut store, ()).expect("size"))
        })
    };
    let (mut store, grower) = app(&engine, &memory);
    let grow = grower
        .get_typed_func::<i32, i32>(&store, "grow_and_signal")
        .expect("grow_and_signal");
    wait_for_reader(&memory);
    assert_eq!(grow.call(&mut store, delta).expect("grows"), 1);
    let (value, size) = reading.join().expect("reader");
    (memory, value, size)
}

#[test]
fn a_growth_by_another_thread_is_seen_after_a_wait() {
    let (memory, value, size) = reader_across_growth("wait_then_read", 2, 2);
    // The grower wrote the new size (3 pages) at the first word of page 1; page 2 reads 0.
    assert_eq!((value, size), (0, 3));
    assert_eq!(word(&memory, 65536), 3);
    assert_eq!(memory.size(), 3);
}

#[test]
fn bulk_operations_see_a_growth_by_another_thread() {
    let (memory, value, size) = reader_across_growth("wait_then_fill", 1, 1);
    assert_eq!((value, size), (0x0707_0707, 2));
    assert_eq!(word(&memory, 16), 0x0707_0707);
}

#[test]
fn an_access_past_the_current_size_still_traps() {
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 8)).expect("memory");
    let (mut store, app) = app(&engine, &memory);
    let load = app
        .get_typed_func::<i32, i32>(&store, "load")
        .expect("load");
    let atomic_load = app
        .get_typed_func::<i32, i32>(&store, "atomic_load")
        .expect("atomic_load");
    for f in [load, atomic_load] {
        let error = f.call(&mut store, 65536).expect_err("out of bounds");
        assert_eq!(error.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    }
    // Growth from the host is seen by the next call, and by the trap path of this one.
    memory.grow(1).expect("grows");
    assert_eq!(load.call(&mut store, 65536).expect("in bounds now"), 0);
}

#[test]
fn concurrent_growth_hands_out_every_size_once() {
    const THREADS: usize = 4;
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 64)).expect("memory");
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (engine, memory, start) = (engine.clone(), memory.clone(), Arc::clone(&start));
            thread::spawn(move || {
                let (mut store, app) = app_with_max(&engine, &memory, 64);
                let grow = app
                    .get_typed_func::<i32, i32>(&store, "grow")
                    .expect("grow");
                start.wait();
                let mut old_sizes = Vec::new();
                loop {
                    match grow.call(&mut store, 1).expect("grow runs") {
                        -1 => return old_sizes,
                        old => old_sizes.push(old),
                    }
                }
            })
        })
        .collect();
    let mut old_sizes: Vec<i32> = workers
        .into_iter()
        .flat_map(|worker| worker.join().expect("worker"))
        .collect();
    old_sizes.sort_unstable();
    // The model: each growth by one page from 1 to 64 pages happened exactly once.
    assert_eq!(old_sizes, (1..64).collect::<Vec<_>>());
    assert_eq!(memory.size(), 64);
}

#[test]
fn a_notify_from_another_store_or_the_host_wakes_a_waiter() {
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 1)).expect("memory");
    for host_notifies in [false, true] {
        let waiter = {
            let (engine, memory) = (engine.clone(), memory.clone());
            thread::spawn(move || {
                let (mut store, app) = app(&engine, &memory);
                let wait = app
                    .get_typed_func::<(i32, i32, i64), i32>(&store, "wait")
                    .expect("wait");
                wait.call(&mut store, (128, 0, -1)).expect("wait runs")
            })
        };
        let (mut store, notifier) = app(&engine, &memory);
        let notify = notifier
            .get_typed_func::<(i32, i32), i32>(&store, "notify")
            .expect("notify");
        let mut woken = 0;
        while woken == 0 {
            woken = if host_notifies {
                memory.atomic_notify(128, 1).expect("in bounds")
            } else {
                u32::try_from(notify.call(&mut store, (128, 1)).expect("notify")).unwrap()
            };
            thread::yield_now();
        }
        assert_eq!(woken, 1);
        assert_eq!(waiter.join().expect("waiter"), 0, "0 means woken");
    }
}

#[test]
fn a_wait_times_out_or_sees_another_value() {
    let engine = Engine::default();
    let memory = SharedMemory::new(&engine, shared_type(1, 1)).expect("memory");
    let (mut store, app) = app(&engine, &memory);
    let wait = app
        .get_typed_func::<(i32, i32, i64), i32>(&store, "wait")
        .expect("wait");
    assert_eq!(wait.call(&mut store, (0, 0, 1_000_000)).expect("wait"), 2);
    memory.write(0, &5u32.to_le_bytes()).expect("write");
    assert_eq!(wait.call(&mut store, (0, 0, -1)).expect("wait"), 1);
    let error = wait.call(&mut store, (2, 0, 0)).expect_err("unaligned");
    assert_eq!(error.trap_code(), Some(TrapCode::UnalignedAtomic));
}

#[test]
fn a_module_defined_shared_memory_is_handed_to_another_store() {
    let engine = Engine::default();
    let owner = Module::from_wat(
        &engine,
        r#"(module (memory (export "memory") 1 2 shared) (data (i32.const 8) "\2a"))"#,
    )
    .expect("owner compiles");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &owner, &[]).expect("owner");
    let memory = instance
        .get_shared_memory(&store, "memory")
        .expect("a shared memory");
    let other = {
        let (engine, memory) = (engine.clone(), memory.clone());
        thread::spawn(move || {
            let (mut store, app) = app_with_max(&engine, &memory, 2);
            let load = app
                .get_typed_func::<i32, i32>(&store, "load")
                .expect("load");
            let store_fn = app
                .get_typed_func::<(i32, i32), ()>(&store, "store")
                .expect("store");
            store_fn.call(&mut store, (12, 99)).expect("store");
            load.call(&mut store, 8).expect("load")
        })
    };
    assert_eq!(other.join().expect("other"), 42);
    let exported = instance.get_memory(&store, "memory").expect("memory");
    let mut bytes = [0; 4];
    exported.read(&store, 12, &mut bytes).expect("read");
    assert_eq!(u32::from_le_bytes(bytes), 99);
    // A memory that is not shared has no shared handle.
    let plain = Memory::new(
        &mut store,
        MemoryType {
            shared: false,
            ..shared_type(1, 1)
        },
    )
    .expect("memory");
    assert!(plain.shared(&store).is_none());
}

/// [`app`] with the import's maximum set to `maximum` pages.
fn app_with_max(engine: &Engine, memory: &SharedMemory, maximum: u32) -> (Store<()>, Instance) {
    let text = APP.replace(
        r#"(memory (import "env" "memory") 1 8 shared)"#,
        &format!(r#"(memory (import "env" "memory") 1 {maximum} shared)"#),
    );
    let module = Module::from_wat(engine, &text).expect("the app compiles");
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker
        .define_shared_memory("env", "memory", memory)
        .expect("define");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    (store, instance)
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let engine = Engine::default();
    let not_shared = MemoryType {
        shared: false,
        ..shared_type(1, 1)
    };
    let no_maximum = MemoryType {
        maximum: None,
        ..shared_type(1, 1)
    };
    for ty in [
        not_shared,
        no_maximum,
        shared_type(2, 1),
        shared_type(1, 1 << 17),
    ] {
        let error = SharedMemory::new(&engine, ty).expect_err("refused");
        assert_eq!(error.kind(), ErrorKind::Usage, "{ty:?}: {error}");
    }
    let memory = SharedMemory::new(&engine, shared_type(1, 2)).expect("memory");
    // Import limits are checked against the current size and the maximum.
    let module = Module::from_wat(&engine, APP).expect("app");
    let mut store = Store::new(&engine, ());
    let small = SharedMemory::new(&engine, shared_type(0, 1)).expect("memory");
    let mut linker = Linker::new(&engine);
    linker
        .define_shared_memory("env", "memory", &small)
        .expect("define");
    let error = linker.instantiate(&mut store, &module).expect_err("limits");
    assert_eq!(error.kind(), ErrorKind::Link);
    // Another engine's store refuses it.
    let other_engine = Engine::default();
    let mut other = Store::new(&other_engine, ());
    let error = Memory::from_shared(&mut other, &memory).expect_err("engine");
    assert_eq!(error.kind(), ErrorKind::Usage);
    // Out of bounds and growth past the maximum.
    assert!(memory.read(65535, &mut [0; 2]).is_err());
    assert!(memory.write(65536, &[1]).is_err());
    assert!(memory.atomic_notify(2, 1).is_err());
    assert!(memory.atomic_notify(65536, 1).is_err());
    assert_eq!(memory.grow(1).expect("grows"), 1);
    assert_eq!(
        memory.grow(1).expect_err("past the maximum").kind(),
        ErrorKind::Limit
    );
    assert!(memory.write(65536, &[1]).is_ok());
}
