//! Hostile apps: code that attacks the runtime from inside the sandbox. None may crash the
//! host, and afterwards `malloc` must still hand out blocks inside the managed heap that do
//! not overlap live ones.
//!
//! Not here: an app that loops forever. The engine has no fuel or epoch interruption yet, so
//! there is nothing that could stop it; that test belongs with the interruption feature.
#![cfg(feature = "shared-heap")]

use std::collections::BTreeMap;

use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, PreAllocatedHeap, SharedChain};
use interp::{Engine, Instance, Linker, Module, Store, StoreLimits, TrapCode};

const MANAGED_BYTES: u64 = 64 * 1024;
const PRE_BYTES: u64 = 4096;

/// Managed 64 KiB head, one pre-allocated 4 KiB tail.
fn chain() -> SharedChain {
    Chain::builder()
        .managed(DefaultManagedHeap::new(MANAGED_BYTES as usize).expect("managed heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; PRE_BYTES as usize]).expect("heap"))
        .build()
        .expect("chain")
        .into_shared()
}

const HOSTILE: &str = r#"(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  ;; Writes a changing pattern over [$p, $p + $n) eight bytes at a time.
  (func (export "scribble") (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.add (local.get $p) (local.get $i))
          (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 0x9E3779B97F4A7C15)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $next))))
  (func (export "fill") (param $p i32) (param $v i32) (param $n i32)
    (memory.fill (local.get $p) (local.get $v) (local.get $n)))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "free") (param i32) (call $free (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "answer") (result i32) (i32.const 42))
  (func (export "grow_until_refused") (result i32)
    (local $grown i32)
    (block $refused
      (loop $again
        (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (local.set $grown (i32.add (local.get $grown) (i32.const 1)))
        (br $again)))
    (local.get $grown))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))"#;

struct App {
    store: Store<()>,
    instance: Instance,
}

impl App {
    fn new(chain: Option<&SharedChain>, limits: StoreLimits) -> App {
        let engine = Engine::default();
        let module = Module::from_wat(&engine, HOSTILE).expect("module");
        let mut store = Store::new(&engine, ());
        store.set_limits(limits);
        let mut linker = Linker::new(&engine);
        linker.define_shared_heap_functions().expect("imports");
        let instance = linker
            .instantiate(&mut store, &module)
            .expect("instantiate");
        if let Some(chain) = chain {
            instance
                .attach_shared_heap(&mut store, chain)
                .expect("attach");
        }
        App { store, instance }
    }

    fn call<P: interp::WasmParams, R: interp::WasmResults>(
        &mut self,
        name: &str,
        params: P,
    ) -> Result<R, interp::Error> {
        let f = self
            .instance
            .get_typed_func::<P, R>(&self.store, name)
            .expect("export");
        f.call(&mut self.store, params)
    }

    fn malloc(&mut self, size: u32) -> u32 {
        self.call::<i32, i32>("malloc", size as i32)
            .expect("malloc") as u32
    }

    /// The managed member's app range.
    fn managed_range(&self) -> (u64, u64) {
        let layout = self
            .instance
            .shared_heap_layout(&self.store)
            .expect("layout");
        let head = layout.members[0];
        (head.start, head.start + head.size)
    }
}

/// Live blocks with the check that a new one is inside the heap and overlaps none.
#[derive(Default)]
struct Blocks(BTreeMap<u64, u64>);

impl Blocks {
    fn add(&mut self, (first, past): (u64, u64), addr: u64, size: u64) {
        let end = addr + size.max(1);
        assert!(
            first <= addr && end <= past,
            "block {addr:#x}+{size} outside the heap {first:#x}..{past:#x}"
        );
        if let Some((&before, &len)) = self.0.range(..=addr).next_back() {
            assert!(
                before + len.max(1) <= addr,
                "block {addr:#x} overlaps the block at {before:#x}"
            );
        }
        if let Some((&after, _)) = self.0.range(addr..).next() {
            assert!(
                end <= after,
                "block {addr:#x}+{size} overlaps the block at {after:#x}"
            );
        }
        self.0.insert(addr, size);
    }
}

/// Allocates from wasm until the heap is full; every block is checked. Returns them.
fn allocate_until_full(app: &mut App, blocks: &mut Blocks, size: u32) -> usize {
    let range = app.managed_range();
    let mut count = 0;
    loop {
        let addr = app.malloc(size);
        if addr == 0 {
            return count;
        }
        blocks.add(range, u64::from(addr), u64::from(size));
        count += 1;
        assert!(
            count <= (MANAGED_BYTES / 8) as usize,
            "malloc never runs out"
        );
    }
}

#[test]
fn an_app_that_overwrites_the_whole_managed_heap_cannot_corrupt_the_allocator() {
    let chain = chain();
    let mut app = App::new(Some(&chain), StoreLimits::default());
    let (first, past) = app.managed_range();
    let mut blocks = Blocks::default();
    // Some live blocks first, so the allocator has state worth corrupting.
    for size in [24u32, 100, 7, 512] {
        let addr = app.malloc(size);
        assert_ne!(addr, 0);
        blocks.add((first, past), u64::from(addr), u64::from(size));
    }
    let whole = (past - first) as i32;
    app.call::<(i32, i32, i32), ()>("fill", (first as i32, 0xFF, whole))
        .expect("fill the heap");
    app.call::<(i32, i32), ()>("scribble", (first as i32, whole))
        .expect("scribble the heap");

    let fresh = allocate_until_full(&mut app, &mut blocks, 48);
    assert!(fresh > 100, "only {fresh} blocks after the scribble");
    let stats = chain.stats().expect("stats");
    assert_eq!(stats.live_blocks, blocks.0.len());
    // Free everything from wasm: the heap is whole again despite the scribbling.
    for &addr in blocks.0.keys() {
        app.call::<i32, ()>("free", addr as i32).expect("free");
    }
    let stats = chain.stats().expect("stats");
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0),
        "{stats:?}"
    );
    let mut again = Blocks::default();
    assert!(allocate_until_full(&mut app, &mut again, 1000) >= 60);
}

#[test]
fn an_app_that_frees_random_addresses_changes_nothing_but_the_invalid_count() {
    let chain = chain();
    let mut app = App::new(Some(&chain), StoreLimits::default());
    let range = app.managed_range();
    let mut blocks = Blocks::default();
    for (i, size) in [16u32, 40, 256, 3, 1000].into_iter().enumerate() {
        let addr = app.malloc(size);
        blocks.add(range, u64::from(addr), u64::from(size));
        app.call::<(i32, i32, i32), ()>("fill", (addr as i32, i as i32 + 1, size as i32))
            .expect("fill");
    }
    let before = chain.stats().expect("stats");

    // Random addresses everywhere: linear memory, the gap, the heap (interiors of blocks,
    // free space), the pre-allocated tail, the very top; never a live block's start nor 0.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut attempts = 0u64;
    for _ in 0..5000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let addr = match state % 4 {
            0 => state >> 32,
            1 => range.0 + (state >> 40) % (MANAGED_BYTES + PRE_BYTES),
            2 => {
                let (&start, &len) = blocks
                    .0
                    .iter()
                    .nth((state >> 8) as usize % blocks.0.len())
                    .expect("a block");
                start + 1 + (state >> 16) % len.max(1)
            }
            _ => (state >> 48) % 65536,
        };
        if addr == 0 || blocks.0.contains_key(&addr) {
            continue;
        }
        app.call::<i32, ()>("free", addr as u32 as i32)
            .expect("free never traps");
        attempts += 1;
    }

    let after = chain.stats().expect("stats");
    assert_eq!(after.live_blocks, before.live_blocks, "{after:?}");
    assert_eq!(after.bytes_in_use, before.bytes_in_use, "{after:?}");
    assert_eq!(
        after.invalid_frees,
        before.invalid_frees + attempts,
        "{after:?}"
    );
    // The blocks still hold their patterns, and new blocks avoid them.
    for (i, (&addr, &size)) in blocks.0.iter().enumerate() {
        let mut bytes = vec![0; size as usize];
        app.instance
            .read_app_memory(&app.store, addr, &mut bytes)
            .expect("read block");
        let value = bytes[0];
        assert!(
            bytes.iter().all(|&b| b == value),
            "block {i} at {addr:#x} was disturbed"
        );
    }
    allocate_until_full(&mut app, &mut blocks, 64);
}

#[test]
fn an_app_that_recurses_forever_traps_call_stack_exhausted_and_the_host_goes_on() {
    let chain = chain();
    for depth in [100u32, 10_000, StoreLimits::default().max_call_depth] {
        let limits = StoreLimits {
            max_call_depth: depth,
            ..StoreLimits::default()
        };
        let mut app = App::new(Some(&chain), limits);
        let error = app
            .call::<i32, i32>("recurse", 0)
            .expect_err("infinite recursion");
        assert_eq!(
            error.trap_code(),
            Some(TrapCode::CallStackExhausted),
            "{error}"
        );
        assert_eq!(error.to_string(), "call stack exhausted");
        // The instance is still usable, and so is the heap.
        assert_eq!(app.call::<(), i32>("answer", ()).expect("answer"), 42);
        let range = app.managed_range();
        let addr = app.malloc(32);
        Blocks::default().add(range, u64::from(addr), 32);
        app.call::<i32, ()>("free", addr as i32).expect("free");
    }
    let stats = chain.stats().expect("stats");
    assert_eq!(stats.live_blocks, 0);
}

#[test]
fn an_app_that_grows_memory_until_refused_stops_at_the_store_limit() {
    const LIMIT_PAGES: i32 = 64;
    let chain = chain();
    let limits = StoreLimits {
        max_memory_bytes: LIMIT_PAGES as u64 * 65536,
        ..StoreLimits::default()
    };
    let mut app = App::new(Some(&chain), limits);
    let grown = app
        .call::<(), i32>("grow_until_refused", ())
        .expect("grow loop");
    assert_eq!(
        grown,
        LIMIT_PAGES - 1,
        "one page to start with, grown to the limit"
    );
    assert_eq!(app.call::<(), i32>("size", ()).expect("size"), LIMIT_PAGES);
    let memory = app
        .instance
        .get_memory(&app.store, "memory")
        .expect("memory");
    assert_eq!(
        memory.data_size(&app.store),
        LIMIT_PAGES as usize * 65536,
        "host memory is bounded"
    );
    // Huge requests are refused without trying to allocate them.
    for delta in [1, 1000, 65536, -1] {
        assert_eq!(
            app.call::<i32, i32>("grow", delta).expect("grow"),
            -1,
            "grow({delta})"
        );
    }
    // The heap is untouched and malloc still works.
    let range = app.managed_range();
    let addr = app.malloc(128);
    Blocks::default().add(range, u64::from(addr), 128);
}

#[test]
fn without_a_store_limit_growth_still_stops_below_the_chain() {
    let chain = chain();
    let mut app = App::new(Some(&chain), StoreLimits::default());
    let start = app
        .instance
        .shared_heap_layout(&app.store)
        .expect("layout")
        .start;
    // A memory32 chain of 68 KiB starts just below 4 GiB: growing to 65535 pages would reach
    // into it, so that is refused; the pages below are not tried (a 4 GiB allocation).
    let pages_to_chain = (start / 65536) as i32;
    assert_eq!(
        app.call::<i32, i32>("grow", pages_to_chain).expect("grow"),
        -1
    );
    assert_eq!(app.call::<(), i32>("size", ()).expect("size"), 1);
}
