//! `TypedFunc::call` allocates nothing per call: its arguments go straight into the value
//! stack and its results come straight out of it. A counting global allocator tells how many
//! allocations this thread made during a series of calls, after a first call has translated
//! the function and sized the stacks.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use interp::{Engine, Func, Linker, Module, Store};

/// The host's allocator, counting the calling thread's allocations.
struct Counting;

thread_local! {
    /// Allocations (and reallocations) made by this thread so far.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the allocator may run while this thread's locals are being torn down.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` with the caller's own arguments, so `System`'s
// guarantees are this allocator's; counting touches only a thread-local `Cell`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// How many allocations this thread makes while `work` runs.
fn allocations_during(work: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

const APP: &str = r#"
(module
  (func (export "mix") (param i32 i64 f32 f64) (result i64 f64)
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))
    (f64.add (f64.promote_f32 (local.get 2)) (local.get 3)))
  (func (export "inc") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1)))
  (func (export "nothing")))
"#;

#[test]
fn typed_calls_into_wasm_allocate_nothing() {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(APP).expect("valid text")).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let mix = instance
        .get_typed_func::<(i32, i64, f32, f64), (i64, f64)>(&store, "mix")
        .expect("mix has this signature");
    let inc = instance
        .get_typed_func::<i32, i32>(&store, "inc")
        .expect("inc has this signature");
    let nothing = instance
        .get_typed_func::<(), ()>(&store, "nothing")
        .expect("nothing has this signature");
    // The first calls translate the functions and size the stacks.
    mix.call(&mut store, (1, 2, 0.5, 0.25)).expect("mix runs");
    inc.call(&mut store, 0).expect("inc runs");
    nothing.call(&mut store, ()).expect("nothing runs");

    let mut sums = Vec::with_capacity(100);
    let allocations = allocations_during(|| {
        for n in 0..100 {
            let (int, float) = mix
                .call(&mut store, (n, 1 << 40, 1.5, 2.0))
                .expect("mix runs");
            let next = inc.call(&mut store, n).expect("inc runs");
            nothing.call(&mut store, ()).expect("nothing runs");
            sums.push((int, float, next));
        }
    });
    assert_eq!(allocations, 0, "typed calls allocated");
    for (n, &(int, float, next)) in sums.iter().enumerate() {
        let n = n as i64;
        assert_eq!(int, n + (1 << 40));
        assert_eq!(float, 3.5);
        assert_eq!(i64::from(next), n + 1);
    }
}

#[test]
fn typed_calls_of_host_functions_allocate_nothing() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let add = Func::wrap(&mut store, |a: i32, b: i64| -> i64 { i64::from(a) + b });
    let add = add
        .typed::<_, (i32, i64), i64>(&store)
        .expect("add has this signature");
    assert_eq!(add.call(&mut store, (2, 40)).expect("add runs"), 42);
    let mut sums = Vec::with_capacity(100);
    let allocations = allocations_during(|| {
        for n in 0..100 {
            sums.push(add.call(&mut store, (n, 1000)).expect("add runs"));
        }
    });
    assert_eq!(allocations, 0, "typed host calls allocated");
    assert_eq!(sums, (0..100).map(|n| n + 1000).collect::<Vec<i64>>());
}

#[test]
fn the_counter_sees_allocations() {
    let allocations = allocations_during(|| {
        let boxed = std::hint::black_box(Box::new(7u64));
        drop(boxed);
    });
    assert_eq!(allocations, 1);
}
