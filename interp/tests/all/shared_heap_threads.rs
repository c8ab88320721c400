//! 8 threads x 4 instances (of two different modules), each thread with its own store, all
//! sharing one chain: allocating, writing, verifying and freeing concurrently lose nothing.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, PreAllocatedHeap};
use interp::{Engine, Instance, Store};

const THREADS: usize = 8;
const INSTANCES: usize = 4;
/// Rounds per thread (each round: one allocation per instance, and as many verified frees
/// once the working set is full). Bounded by count, not time; a few seconds in release.
const ROUNDS: usize = if cfg!(debug_assertions) { 1000 } else { 20_000 };
/// Live blocks each instance keeps before it starts freeing.
const WORKING_SET: usize = 12;

/// The worker app: allocate and fill, check every byte, free. `$extra` makes two modules.
fn worker(memory_pages: u32, extra: &str) -> String {
    format!(
        r#"(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory {memory_pages})
  {extra}
  {ALLOC_FILL_CHECK_RELEASE})"#
    )
}

/// A small xorshift generator: deterministic per thread.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn eight_threads_of_four_instances_share_one_chain_and_lose_nothing() {
    let engine = Engine::default();
    let chain = Chain::builder()
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap())
        .managed(DefaultManagedHeap::new(1 << 20).unwrap())
        .build()
        .unwrap()
        .into_shared();
    let modules = [worker(1, ""), worker(2, "(global i32 (i32.const 7))")];
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            let (engine, chain, modules) = (&engine, &chain, &modules);
            scope.spawn(move || {
                let mut store: Store<()> = Store::new(engine, ());
                let instances: Vec<Instance> = (0..INSTANCES)
                    .map(|i| {
                        let app = instantiate_in(&mut store, &modules[i % 2]);
                        app.attach_shared_heap(&mut store, chain).unwrap();
                        app
                    })
                    .collect();
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (thread as u64 + 1));
                // (address, length, fill byte) of every live block, per instance.
                let mut live: Vec<Vec<(i32, i32, i32)>> = vec![Vec::new(); INSTANCES];
                for round in 0..ROUNDS {
                    for (i, &app) in instances.iter().enumerate() {
                        let n = 1 + (rng.next() % 256) as i32;
                        let v = ((thread * 31 + i * 7 + round) % 251) as i32 + 1;
                        let p: i32 = call(&mut store, app, "alloc_fill", (n, v)).unwrap();
                        assert_ne!(p, 0, "the heap is large enough for every working set");
                        live[i].push((p, n, v));
                        if live[i].len() > WORKING_SET {
                            let (p, n, v) =
                                live[i].swap_remove((rng.next() % WORKING_SET as u64) as usize);
                            // Verified by a different instance of this thread, then by the host.
                            let checker = instances[(i + 1) % INSTANCES];
                            assert_eq!(
                                call::<_, i32>(&mut store, checker, "check", (p, n, v)).unwrap(),
                                1
                            );
                            let bytes = host_read(&store, app, u64::from(p as u32), n as usize);
                            assert!(bytes.iter().all(|&b| i32::from(b) == v));
                            call::<_, ()>(&mut store, app, "release", p).unwrap();
                        }
                    }
                }
                for (i, blocks) in live.into_iter().enumerate() {
                    for (p, n, v) in blocks {
                        assert_eq!(
                            call::<_, i32>(&mut store, instances[i], "check", (p, n, v)).unwrap(),
                            1
                        );
                        call::<_, ()>(&mut store, instances[i], "release", p).unwrap();
                    }
                }
            });
        }
    });
    let stats = chain.stats().unwrap();
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0)
    );
}

#[test]
fn stores_with_attached_chains_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    assert_send(&store);
    let value = std::thread::spawn(move || {
        call::<_, ()>(&mut store, app, "store8", (a32(0xFFFF_F000), 42)).unwrap();
        call::<_, i32>(&mut store, app, "load8", a32(0xFFFF_F000)).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(value, 42);
}
