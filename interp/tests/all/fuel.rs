//! Fuel metering (`Config::consume_fuel`, `Store::set_fuel`/`get_fuel`): runaway apps are
//! stopped with "all fuel consumed", charges are deterministic and grow with the work done,
//! the store stays usable after running dry, and with fuel off the API refuses cleanly.

use interp::{Config, Engine, ErrorKind, Instance, Linker, Module, Store, TrapCode};
use std::sync::mpsc;
use std::time::Duration;

const APP: &str = r#"
(module
  (import "host" "tick" (func $tick))
  (func (export "spin") (loop $l (br $l)))
  ;; Infinite recursion, each level looping a little before going deeper.
  (func $dive (export "dive") (param $n i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
    (call $dive (i32.add (local.get $n) (i32.const 1))))
  ;; Binary recursion 40 levels deep: bounded depth, about 2^40 calls, so it "never" ends.
  (func $tree (export "tree") (param $d i32)
    (local $i i32)
    (if (i32.eqz (local.get $d)) (then (return)))
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2))))
    (call $tree (i32.sub (local.get $d) (i32.const 1)))
    (call $tree (i32.sub (local.get $d) (i32.const 1))))
  ;; Sums 0..n in a loop: terminating work proportional to n.
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func (export "answer") (result i32) (i32.const 42))
  (func (export "tick_n") (param $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (call $tick)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))))
"#;

/// A fuel-metered store with `APP` instantiated; the host's `tick` does nothing.
fn setup(consume_fuel: bool) -> (Store<()>, Instance) {
    let mut config = Config::new();
    config.consume_fuel(consume_fuel);
    let engine = Engine::new(&config);
    let wasm = wat::parse_str(APP).expect("valid text");
    let module = Module::new(&engine, wasm).expect("valid module");
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "tick", || {})
        .expect("define tick");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    (store, instance)
}

/// Runs `f` on its own thread and fails the test if it has not finished within `limit`:
/// a runaway that fuel fails to stop hangs the thread, not the test.
fn within<R: Send + 'static>(limit: Duration, f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    let r = rx
        .recv_timeout(limit)
        .expect("fuel did not stop the app in time");
    handle.join().expect("runner thread panicked");
    r
}

/// The fuel `export(n)` consumes, starting from `start`.
fn consumed(store: &mut Store<()>, instance: Instance, export: &str, n: i32, start: u64) -> u64 {
    store.set_fuel(start).expect("fuel on");
    let f = instance
        .get_typed_func::<i32, i32>(&*store, export)
        .expect("export");
    f.call(store, n).expect("terminates within the fuel");
    start - store.get_fuel().expect("fuel on")
}

#[test]
fn a_loop_forever_runs_out_of_fuel_on_a_joined_thread() {
    let (code, fuel_left, message) = within(Duration::from_secs(60), || {
        let (mut store, instance) = setup(true);
        store.set_fuel(1_000_000).expect("fuel on");
        let spin = instance
            .get_typed_func::<(), ()>(&store, "spin")
            .expect("spin");
        let err = spin.call(&mut store, ()).expect_err("spins forever");
        (
            err.trap_code(),
            store.get_fuel().expect("fuel on"),
            err.to_string(),
        )
    });
    assert_eq!(code, Some(TrapCode::OutOfFuel));
    assert_eq!(message, "all fuel consumed");
    assert_eq!(fuel_left, 0);
}

#[test]
fn infinite_recursion_with_loops_runs_out_of_fuel_before_the_stack() {
    let err = within(Duration::from_secs(60), || {
        let (mut store, instance) = setup(true);
        // Each level costs several units, so 50_000 units end well before 100_000 frames.
        store.set_fuel(50_000).expect("fuel on");
        let dive = instance
            .get_typed_func::<i32, ()>(&store, "dive")
            .expect("dive");
        dive.call(&mut store, 0).expect_err("recurses forever")
    });
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn exponential_recursion_runs_out_of_fuel() {
    let err = within(Duration::from_secs(60), || {
        let (mut store, instance) = setup(true);
        store.set_fuel(5_000_000).expect("fuel on");
        let tree = instance
            .get_typed_func::<i32, ()>(&store, "tree")
            .expect("tree");
        tree.call(&mut store, 40).expect_err("2^40 calls")
    });
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn consumption_is_deterministic() {
    let (mut store, instance) = setup(true);
    let first = consumed(&mut store, instance, "sum", 1000, 1_000_000);
    let second = consumed(&mut store, instance, "sum", 1000, 1_000_000);
    assert!(first > 0);
    assert_eq!(first, second);
    // Also from another starting amount: the charge does not depend on what is left.
    assert_eq!(
        consumed(&mut store, instance, "sum", 1000, 7_777_777),
        first
    );
}

#[test]
fn consumption_grows_with_work() {
    let (mut store, instance) = setup(true);
    let mut previous = 0;
    for n in [0, 1, 2, 10, 100, 1000, 10_000] {
        let used = consumed(&mut store, instance, "sum", n, u64::MAX);
        assert!(
            used > previous,
            "sum({n}) used {used}, not more than {previous}"
        );
        previous = used;
    }
    // Roughly the wasm instructions run: each iteration of `sum`'s loop is about 11.
    let per_iteration = (consumed(&mut store, instance, "sum", 2000, u64::MAX)
        - consumed(&mut store, instance, "sum", 1000, u64::MAX))
        / 1000;
    assert!(
        (5..=20).contains(&per_iteration),
        "{per_iteration} per iteration"
    );
}

#[test]
fn exactly_enough_fuel_suffices_and_one_less_traps() {
    let (mut store, instance) = setup(true);
    let need = consumed(&mut store, instance, "sum", 50, 1_000_000);
    let sum = instance
        .get_typed_func::<i32, i32>(&store, "sum")
        .expect("sum");
    store.set_fuel(need).expect("fuel on");
    assert_eq!(sum.call(&mut store, 50).expect("enough fuel"), 1225);
    assert_eq!(store.get_fuel().expect("fuel on"), 0);
    store.set_fuel(need - 1).expect("fuel on");
    let err = sum.call(&mut store, 50).expect_err("one unit short");
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn zero_fuel_traps_on_entry_and_refuelling_works() {
    let (mut store, instance) = setup(true);
    assert_eq!(
        store.get_fuel().expect("fuel on"),
        0,
        "a new store has none"
    );
    let answer = instance
        .get_typed_func::<(), i32>(&store, "answer")
        .expect("answer");
    let err = answer.call(&mut store, ()).expect_err("no fuel");
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));

    let spin = instance
        .get_typed_func::<(), ()>(&store, "spin")
        .expect("spin");
    store.set_fuel(10_000).expect("fuel on");
    let err = spin.call(&mut store, ()).expect_err("spins");
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));

    // The store is still usable: refuel and call again.
    store.set_fuel(100).expect("fuel on");
    assert_eq!(answer.call(&mut store, ()).expect("refuelled"), 42);
    let left = store.get_fuel().expect("fuel on");
    assert!(left < 100 && left > 0, "{left} left");
    let sum = instance
        .get_typed_func::<i32, i32>(&store, "sum")
        .expect("sum");
    store.set_fuel(1_000_000).expect("fuel on");
    assert_eq!(sum.call(&mut store, 100).expect("refuelled"), 4950);
}

#[test]
fn host_calls_cost_no_fuel() {
    let (mut store, instance) = setup(true);
    // Calling a host function directly needs no fuel at all (the store has none).
    let host = interp::Func::wrap(&mut store, |x: i32| x + 1);
    let host = host.typed::<(), i32, i32>(&store).expect("typed");
    assert_eq!(host.call(&mut store, 1).expect("no fuel needed"), 2);
    // A wasm loop calling the host costs the same per iteration whatever the host does:
    // the charge is per wasm instruction only, and linear in the iterations.
    let ticks = |store: &mut Store<()>, n: i32| {
        store.set_fuel(1_000_000).expect("fuel on");
        let f = instance
            .get_typed_func::<i32, ()>(&*store, "tick_n")
            .expect("tick_n");
        f.call(store, n).expect("terminates");
        1_000_000 - store.get_fuel().expect("fuel on")
    };
    let (a, b, c) = (
        ticks(&mut store, 10),
        ticks(&mut store, 20),
        ticks(&mut store, 30),
    );
    assert_eq!(b - a, c - b);
}

#[test]
fn with_fuel_off_the_api_errors_and_code_runs_unmetered() {
    let (mut store, instance) = setup(false);
    let err = store.set_fuel(10).expect_err("fuel is off");
    assert_eq!(err.kind(), ErrorKind::Usage);
    assert!(err.to_string().contains("consume_fuel"), "{err}");
    let err = store.get_fuel().expect_err("fuel is off");
    assert_eq!(err.kind(), ErrorKind::Usage);
    let sum = instance
        .get_typed_func::<i32, i32>(&store, "sum")
        .expect("sum");
    assert_eq!(
        sum.call(&mut store, 100_000).expect("unmetered"),
        704_982_704
    );
}
