//! Stress: 8 threads, each with its own store and an instance of each of two different apps,
//! share one chain (a managed member and two pre-allocated members). Threads allocate (from
//! the host and from wasm), write a pattern, hand blocks to other threads over channels, and
//! those verify and free them. A global table of live blocks checks, as blocks come and go,
//! that no two live blocks overlap and that every block lies in the managed member; at the end
//! nothing is live and the heap's statistics show nothing in use. Each thread also owns a slot
//! of a pre-allocated member that nobody else may disturb.
//!
//! A second test has no host channel at all: 8 threads in a ring pass blocks of the managed
//! member to each other through one-slot mailboxes in a pre-allocated member, using only
//! wasm atomics (compare-exchange, exchange) and `memory.atomic.wait32`/`notify` there; each
//! checks and frees what it receives, and the sums received match a model.
//!
//! `STRESS_OPS` sets the operations per thread (default 4000 in release, 200 in debug).
#![cfg(feature = "shared-heap")]

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Barrier, Mutex};

use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, PreAllocatedHeap, SharedChain};
use interp::{Engine, Instance, Linker, Module, Store};

use crate::shared_heap_common::ALLOC_FILL_CHECK_RELEASE;

const THREADS: usize = 8;
const MANAGED_BYTES: u64 = 256 * 1024;
const PRE_BYTES: u64 = 4096;
/// Each thread's slot in a pre-allocated member.
const SLOT_BYTES: u64 = 1024;
/// Blocks a thread keeps before it frees its own.
const WORKING_SET: usize = 16;
/// The largest block asked for.
const MAX_BLOCK: u64 = 512;

/// App A: fills and checks byte by byte.
fn app_a() -> String {
    format!(
        r#"(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory 1)
  (func (export "fill") (param $p i32) (param $v i32) (param $n i32)
    (memory.fill (local.get $p) (local.get $v) (local.get $n)))
  {ALLOC_FILL_CHECK_RELEASE})"#
    )
}

/// App B: a different module (two pages, stores byte by byte, checks from the end).
const APP_B: &str = r#"(module
  (import "env" "shared_heap_free" (func $free (param i32)))
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (memory 2)
  (global $calls (mut i32) (i32.const 0))
  (func $store_all (param $p i32) (param $v i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func (export "alloc_fill") (param $n i32) (param $v i32) (result i32)
    (local $p i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (local.set $p (call $malloc (local.get $n)))
    (if (local.get $p) (then (call $store_all (local.get $p) (local.get $v) (local.get $n))))
    (local.get $p))
  (func (export "fill") (param $p i32) (param $v i32) (param $n i32)
    (call $store_all (local.get $p) (local.get $v) (local.get $n)))
  (func (export "check") (param $p i32) (param $n i32) (param $v i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $next (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $n))) (local.get $v)))
        (return (i32.const 0))))
    (i32.const 1))
  (func (export "release") (param $p i32) (call $free (local.get $p))))"#;

/// A block in flight: its app address, length and pattern byte.
#[derive(Debug, Clone, Copy)]
struct Block {
    addr: u32,
    len: u32,
    value: u8,
}

/// Every live block, by app address: the check that nothing overlaps or escapes the heap.
struct LiveSet {
    blocks: Mutex<BTreeMap<u32, u32>>,
    managed: (u64, u64),
}

impl LiveSet {
    /// Records a fresh block; panics if it leaves the managed member or overlaps a live one.
    fn insert(&self, block: Block) {
        let (first, past) = self.managed;
        let start = u64::from(block.addr);
        let end = start + u64::from(block.len.max(1));
        assert!(
            first <= start && end <= past,
            "block {block:?} is outside the managed member {first:#x}..{past:#x}"
        );
        let mut blocks = self.blocks.lock().expect("live set");
        if let Some((&before, &len)) = blocks.range(..=block.addr).next_back() {
            assert!(
                u64::from(before) + u64::from(len.max(1)) <= start,
                "block {block:?} overlaps the live block at {before:#x} ({len} bytes)"
            );
        }
        if let Some((&after, _)) = blocks.range(block.addr..).next() {
            assert!(
                end <= u64::from(after),
                "block {block:?} overlaps the live block at {after:#x}"
            );
        }
        blocks.insert(block.addr, block.len);
    }

    /// Forgets a block before it is freed (after the free another thread may get its bytes).
    fn remove(&self, block: Block) {
        let removed = self.blocks.lock().expect("live set").remove(&block.addr);
        assert_eq!(removed, Some(block.len), "block {block:?} was not live");
    }
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

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One thread's store and its two instances (index 0: app A, 1: app B).
struct Worker {
    store: Store<()>,
    apps: [Instance; 2],
    live: Arc<LiveSet>,
}

impl Worker {
    fn new(
        engine: &Engine,
        modules: &[Module; 2],
        chain: &SharedChain,
        live: Arc<LiveSet>,
    ) -> Worker {
        let mut store = Store::new(engine, ());
        let mut linker = Linker::new(engine);
        linker
            .define_shared_heap_functions()
            .expect("shared-heap imports");
        let mut instantiate = |module: &Module| {
            let instance = linker.instantiate(&mut store, module).expect("instantiate");
            instance
                .attach_shared_heap(&mut store, chain)
                .expect("attach");
            instance
        };
        let apps = [instantiate(&modules[0]), instantiate(&modules[1])];
        Worker { store, apps, live }
    }

    fn call3(&mut self, app: usize, name: &str, a: i32, b: i32, c: i32) {
        let f = self.apps[app]
            .get_typed_func::<(i32, i32, i32), ()>(&self.store, name)
            .expect("export");
        f.call(&mut self.store, (a, b, c)).expect("call");
    }

    /// Allocates and fills a block, from wasm or the host; `None` when the heap is full.
    fn allocate(&mut self, rng: &mut Rng) -> Option<Block> {
        let len = rng.below(MAX_BLOCK) as u32 + 1;
        let value = rng.below(255) as u8 + 1;
        let app = rng.below(2) as usize;
        let addr = if rng.below(2) == 0 {
            let f = self.apps[app]
                .get_typed_func::<(i32, i32), i32>(&self.store, "alloc_fill")
                .expect("export");
            let addr = f
                .call(&mut self.store, (len as i32, i32::from(value)))
                .expect("alloc_fill") as u32;
            if addr == 0 {
                return None;
            }
            addr
        } else {
            let (addr, _) = self.apps[app].shared_heap_malloc(&self.store, u64::from(len))?;
            let addr = u32::try_from(addr).expect("a memory32 address");
            if rng.below(2) == 0 {
                self.call3(app, "fill", addr as i32, i32::from(value), len as i32);
            } else {
                let pattern = vec![value; len as usize];
                self.apps[app]
                    .write_app_memory(&mut self.store, u64::from(addr), &pattern)
                    .expect("host write into a live block");
            }
            addr
        };
        let block = Block { addr, len, value };
        // A fresh block must not overlap any live block: register before anyone else sees it.
        self.live.insert(block);
        Some(block)
    }

    /// Verifies a block's pattern (wasm or host read), then frees it (wasm or host).
    fn verify_and_free(&mut self, block: Block, rng: &mut Rng) {
        let app = rng.below(2) as usize;
        if rng.below(2) == 0 {
            let check = self.apps[app]
                .get_typed_func::<(i32, i32, i32), i32>(&self.store, "check")
                .expect("export");
            let ok = check
                .call(
                    &mut self.store,
                    (block.addr as i32, block.len as i32, i32::from(block.value)),
                )
                .expect("check");
            assert_eq!(ok, 1, "block {block:?} lost its pattern");
        } else {
            let mut bytes = vec![0; block.len as usize];
            self.apps[app]
                .read_app_memory(&self.store, u64::from(block.addr), &mut bytes)
                .expect("host read of a live block");
            assert!(
                bytes.iter().all(|&b| b == block.value),
                "block {block:?} lost its pattern"
            );
        }
        self.live.remove(block);
        if rng.below(2) == 0 {
            let release = self.apps[app]
                .get_typed_func::<i32, ()>(&self.store, "release")
                .expect("export");
            release
                .call(&mut self.store, block.addr as i32)
                .expect("release");
        } else {
            self.apps[app]
                .shared_heap_free(&self.store, u64::from(block.addr))
                .expect("freeing a live block");
        }
    }

    fn check_slot(&mut self, slot: u32, value: u8) {
        let app = (value % 2) as usize;
        let check = self.apps[app]
            .get_typed_func::<(i32, i32, i32), i32>(&self.store, "check")
            .expect("export");
        let ok = check
            .call(
                &mut self.store,
                (slot as i32, SLOT_BYTES as i32, i32::from(value)),
            )
            .expect("check slot");
        assert_eq!(
            ok, 1,
            "another thread disturbed the pre-allocated slot at {slot:#x}"
        );
    }
}

fn stress_ops() -> usize {
    let default = if cfg!(debug_assertions) { 200 } else { 4000 };
    std::env::var("STRESS_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn thread_body(
    index: usize,
    mut worker: Worker,
    inbox: Receiver<Block>,
    peers: Vec<Sender<Block>>,
    slot: u32,
    ops: usize,
    barrier: Arc<Barrier>,
) -> usize {
    let mut rng =
        Rng(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0x1234_5678_9ABC_DEF1));
    let mut own: Vec<Block> = Vec::new();
    let mut slot_value = 0u8;
    let mut handled = 0;
    for _ in 0..ops {
        while let Ok(block) = inbox.try_recv() {
            worker.verify_and_free(block, &mut rng);
            handled += 1;
        }
        match rng.below(8) {
            0..=3 => {
                if let Some(block) = worker.allocate(&mut rng) {
                    if rng.below(2) == 0 {
                        let to = rng.below(THREADS as u64) as usize;
                        peers[to].send(block).expect("peer inbox");
                    } else {
                        own.push(block);
                    }
                }
            }
            4..=5 => {
                if own.len() > WORKING_SET || (!own.is_empty() && rng.below(2) == 0) {
                    let at = rng.below(own.len() as u64) as usize;
                    let block = own.swap_remove(at);
                    worker.verify_and_free(block, &mut rng);
                    handled += 1;
                }
            }
            6 => {
                slot_value = rng.below(255) as u8 + 1;
                let app = rng.below(2) as usize;
                worker.call3(
                    app,
                    "fill",
                    slot as i32,
                    i32::from(slot_value),
                    SLOT_BYTES as i32,
                );
            }
            _ => {
                if slot_value != 0 {
                    worker.check_slot(slot, slot_value);
                }
            }
        }
    }
    // Every send happens before the barrier, so after it each inbox holds all it will get.
    barrier.wait();
    while let Ok(block) = inbox.try_recv() {
        worker.verify_and_free(block, &mut rng);
        handled += 1;
    }
    for block in own {
        worker.verify_and_free(block, &mut rng);
        handled += 1;
    }
    if slot_value != 0 {
        worker.check_slot(slot, slot_value);
    }
    handled
}

#[test]
fn eight_threads_hand_blocks_around_and_nothing_is_lost_or_overlapping() {
    let chain = Chain::builder()
        .managed(DefaultManagedHeap::new(MANAGED_BYTES as usize).expect("managed heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; PRE_BYTES as usize]).expect("heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; PRE_BYTES as usize]).expect("heap"))
        .build()
        .expect("chain")
        .into_shared();
    let engine = Engine::default();
    let modules = [
        Module::from_wat(&engine, &app_a()).expect("app A"),
        Module::from_wat(&engine, APP_B).expect("app B"),
    ];
    let probe = Worker::new(
        &engine,
        &modules,
        &chain,
        Arc::new(LiveSet {
            blocks: Mutex::new(BTreeMap::new()),
            managed: (0, 0),
        }),
    );
    let layout = probe.apps[0]
        .shared_heap_layout(&probe.store)
        .expect("layout");
    drop(probe);
    assert_eq!(layout.members.len(), 3);
    let managed = layout.members[0];
    let live = Arc::new(LiveSet {
        blocks: Mutex::new(BTreeMap::new()),
        managed: (managed.start, managed.start + managed.size),
    });

    let ops = stress_ops();
    let barrier = Arc::new(Barrier::new(THREADS));
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..THREADS).map(|_| channel()).unzip();
    let handles: Vec<_> = receivers
        .into_iter()
        .enumerate()
        .map(|(index, inbox)| {
            let worker = Worker::new(&engine, &modules, &chain, live.clone());
            let member = layout.members[1 + index / 4];
            let slot =
                u32::try_from(member.start + (index as u64 % 4) * SLOT_BYTES).expect("memory32");
            let peers = senders.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || thread_body(index, worker, inbox, peers, slot, ops, barrier))
        })
        .collect();
    drop(senders);
    let handled: usize = handles
        .into_iter()
        .map(|h| h.join().expect("worker thread"))
        .sum();

    assert!(handled > ops, "too few blocks went around: {handled}");
    assert!(
        live.blocks.lock().expect("live set").is_empty(),
        "blocks were never freed"
    );
    let stats = chain.stats().expect("managed stats");
    assert_eq!(stats.live_blocks, 0, "{stats:?}");
    assert_eq!(stats.bytes_in_use, 0, "{stats:?}");
    assert_eq!(stats.invalid_frees, 0, "{stats:?}");
    assert_eq!(stats.free_bytes, stats.total_bytes, "{stats:?}");
}

/// The relay app: every step of the hand-over is wasm code (atomics and wait/notify on
/// mailbox words in a shared heap), none is the host's.
const RELAY_APP: &str = r#"(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory 1)
  ;; Puts block $p in the one-slot mailbox at $box once it is empty (waiting on the block
  ;; seen there, which only its receiver removes), then wakes the receiver.
  (func $send (param $box i32) (param $p i32)
    (local $old i32)
    (loop $try
      (local.set $old (i32.atomic.rmw.cmpxchg (local.get $box) (i32.const 0) (local.get $p)))
      (if (local.get $old)
        (then
          (drop (memory.atomic.wait32 (local.get $box) (local.get $old) (i64.const -1)))
          (br $try))))
    (drop (memory.atomic.notify (local.get $box) (i32.const -1))))
  ;; Takes the block in the mailbox at $box, waiting while it is empty; wakes the sender.
  (func $receive (param $box i32) (result i32)
    (local $p i32)
    (loop $try
      (local.set $p (i32.atomic.rmw.xchg (local.get $box) (i32.const 0)))
      (if (i32.eqz (local.get $p))
        (then
          (drop (memory.atomic.wait32 (local.get $box) (i32.const 0) (i64.const -1)))
          (br $try))))
    (drop (memory.atomic.notify (local.get $box) (i32.const -1)))
    (local.get $p))
  ;; A fresh block of $len (>= 8) bytes: $len, $value, then $value in every other byte.
  (func $make (param $len i32) (param $value i32) (result i32)
    (local $p i32)
    (local.set $p (call $malloc (local.get $len)))
    (if (i32.eqz (local.get $p)) (then unreachable))
    (i32.store (local.get $p) (local.get $len))
    (i32.store offset=4 (local.get $p) (local.get $value))
    (memory.fill (i32.add (local.get $p) (i32.const 8)) (local.get $value)
      (i32.sub (local.get $len) (i32.const 8)))
    (local.get $p))
  ;; Block $p's value if every byte after its header holds it, else -1; frees the block.
  (func $consume (param $p i32) (result i32)
    (local $i i32) (local $len i32) (local $value i32)
    (local.set $len (i32.load (local.get $p)))
    (local.set $value (i32.load offset=4 (local.get $p)))
    (local.set $i (i32.const 8))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i))) (local.get $value))
          (then (local.set $value (i32.const -1)) (br $done)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $free (local.get $p))
    (local.get $value))
  ;; $rounds times: sends a block made from $seed and the round to mailbox $out, then takes
  ;; one from mailbox $in. Returns the sum of the values taken, or -1 if a block was corrupt.
  (func (export "relay") (param $out i32) (param $in i32) (param $rounds i32) (param $seed i32)
    (result i32)
    (local $k i32) (local $sum i32) (local $value i32)
    (block $end
      (loop $round
        (br_if $end (i32.ge_u (local.get $k) (local.get $rounds)))
        (call $send (local.get $out)
          (call $make
            (i32.add (i32.const 8)
              (i32.rem_u
                (i32.add (i32.mul (local.get $seed) (i32.const 7))
                  (i32.mul (local.get $k) (i32.const 13)))
                (i32.const 500)))
            (i32.add (i32.const 1)
              (i32.rem_u (i32.add (i32.mul (local.get $seed) (i32.const 31)) (local.get $k))
                (i32.const 255)))))
        (local.set $value (call $consume (call $receive (local.get $in))))
        (if (i32.lt_s (local.get $value) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $sum (i32.add (local.get $sum) (local.get $value)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $round)))
    (local.get $sum)))"#;

/// The model of what the relay app's thread `seed` sends in round `k`: the block's value.
fn relay_value(seed: u32, k: u32) -> u32 {
    1 + (seed * 31 + k) % 255
}

/// Bytes between two mailboxes (so each sits in a cache line, and a wait bucket, of its own).
const MAILBOX_STRIDE: u64 = 64;

#[test]
fn eight_threads_relay_blocks_through_heap_mailboxes_with_atomics_alone() {
    let chain = Chain::builder()
        .managed(DefaultManagedHeap::new(MANAGED_BYTES as usize).expect("managed heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; PRE_BYTES as usize]).expect("heap"))
        .build()
        .expect("chain")
        .into_shared();
    let engine = Engine::default();
    let module = Module::from_wat(&engine, RELAY_APP).expect("relay app");
    let rounds = stress_ops() as u32;
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS as u32)
        .map(|index| {
            let (engine, module, chain) = (engine.clone(), module.clone(), chain.clone());
            let start = start.clone();
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let mut linker = Linker::new(&engine);
                linker
                    .define_shared_heap_functions()
                    .expect("shared-heap imports");
                let app = linker
                    .instantiate(&mut store, &module)
                    .expect("instantiate");
                app.attach_shared_heap(&mut store, &chain).expect("attach");
                let layout = app.shared_heap_layout(&store).expect("layout");
                let mailboxes = layout.members[1].start;
                // Thread `t` receives at mailbox `t`; the app takes addresses as i32 bits.
                let mailbox = |thread: u32| {
                    let at = mailboxes + u64::from(thread % THREADS as u32) * MAILBOX_STRIDE;
                    u32::try_from(at).expect("a memory32 address") as i32
                };
                let relay = app
                    .get_typed_func::<(i32, i32, i32, i32), i32>(&store, "relay")
                    .expect("relay");
                start.wait();
                let args = (
                    mailbox(index + 1),
                    mailbox(index),
                    rounds as i32,
                    index as i32,
                );
                relay.call(&mut store, args).expect("relay runs")
            })
        })
        .collect();
    for (index, handle) in handles.into_iter().enumerate() {
        let sum = handle.join().expect("relay thread");
        // Thread `index` receives what thread `index - 1` (around the ring) sent.
        let sender = (index as u32 + THREADS as u32 - 1) % THREADS as u32;
        let want: u32 = (0..rounds).map(|k| relay_value(sender, k)).sum();
        assert_eq!(sum, want as i32, "thread {index} received other blocks");
    }
    let stats = chain.stats().expect("managed stats");
    assert_eq!(stats.live_blocks, 0, "{stats:?}");
    assert_eq!(stats.bytes_in_use, 0, "{stats:?}");
    assert_eq!(stats.invalid_frees, 0, "{stats:?}");
}
