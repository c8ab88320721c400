//! Interruption (`Config::interruptible`, `Store::interrupt_handle`): another thread stops
//! runaway code with the trap "interrupted", the store stays usable, fuel metering stays
//! exact alongside it, a `memory.atomic.wait` is cut short, and without the option the API
//! refuses cleanly.

use interp::{Config, Engine, ErrorKind, Instance, Linker, Module, Store, TrapCode};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const APP: &str = r#"
(module
  (memory 1 1 shared)
  (func (export "spin") (loop $l (br $l)))
  ;; Waits for a notify that never comes (or until the timeout, in nanoseconds).
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
  (func (export "wait_for") (param i64) (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (local.get 0)))
  ;; Binary recursion 40 levels deep: about 2^40 calls, so it "never" ends.
  (func $tree (export "tree") (param $d i32)
    (if (i32.eqz (local.get $d)) (then (return)))
    (call $tree (i32.sub (local.get $d) (i32.const 1)))
    (call $tree (i32.sub (local.get $d) (i32.const 1))))
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc)))
"#;

fn setup(interruptible: bool, consume_fuel: bool) -> (Store<()>, Instance) {
    let mut config = Config::new();
    config
        .interruptible(interruptible)
        .consume_fuel(consume_fuel);
    let engine = Engine::new(&config);
    let module =
        Module::new(&engine, wat::parse_str(APP).expect("valid text")).expect("valid module");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    (store, instance)
}

/// Runs `export(arg)` on a thread, interrupts it after `delay` and returns the trap and how
/// long the interrupt took to land. Fails if the code is still running after 10 s.
fn interrupt_after(export: &'static str, delay: Duration) -> (TrapCode, Duration) {
    let (mut store, instance) = setup(true, false);
    let handle = store.interrupt_handle().expect("interruptible");
    let (done_tx, done_rx) = mpsc::channel();
    let runner = std::thread::spawn(move || {
        let f = instance.get_func(&store, export).expect("export");
        let mut results = vec![interp::Val::I32(0); f.ty(&store).results().len()];
        let params: &[interp::Val] = if export == "tree" {
            &[interp::Val::I32(40)]
        } else {
            &[]
        };
        let outcome = f.call(&mut store, params, &mut results);
        let _ = done_tx.send(Instant::now());
        // The store works again after the interrupt.
        let sum = instance
            .get_typed_func::<i32, i32>(&store, "sum")
            .expect("sum")
            .call(&mut store, 100)
            .expect("runs after an interrupt");
        (outcome, sum)
    });
    std::thread::sleep(delay);
    handle.interrupt();
    let asked = Instant::now();
    let landed = done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the interrupt did not stop the code");
    let (outcome, sum) = runner.join().expect("runner thread");
    assert_eq!(sum, 4950);
    let error = outcome.expect_err("an endless loop cannot return");
    (
        error.trap_code().expect("a trap"),
        landed.saturating_duration_since(asked),
    )
}

#[test]
fn an_endless_loop_is_interrupted_from_another_thread() {
    let (trap, latency) = interrupt_after("spin", Duration::from_millis(50));
    assert_eq!(trap, TrapCode::Interrupted);
    assert_eq!(trap.to_string(), "interrupted");
    assert!(latency < Duration::from_secs(1), "took {latency:?}");
}

#[test]
fn a_wait_with_no_timeout_is_interrupted_at_once() {
    let (trap, latency) = interrupt_after("wait", Duration::from_millis(50));
    assert_eq!(trap, TrapCode::Interrupted);
    assert!(latency < Duration::from_secs(1), "took {latency:?}");
}

#[test]
fn an_interrupt_asked_before_a_wait_stops_it_and_is_consumed() {
    let (mut store, instance) = setup(true, false);
    store.interrupt_handle().unwrap().interrupt();
    let wait_for = instance
        .get_typed_func::<i64, i32>(&store, "wait_for")
        .unwrap();
    // A wait looks at the request before it sleeps, however short the code before it.
    let trap = wait_for.call(&mut store, -1).unwrap_err().trap_code();
    assert_eq!(trap, Some(TrapCode::Interrupted));
    // The request is used up: the next wait times out as usual (2).
    assert_eq!(wait_for.call(&mut store, 1_000_000).unwrap(), 2);
}

#[test]
fn endless_recursion_through_calls_is_interrupted() {
    let (trap, _) = interrupt_after("tree", Duration::from_millis(50));
    assert_eq!(trap, TrapCode::Interrupted);
}

#[test]
fn without_the_option_there_is_no_handle() {
    let (store, _) = setup(false, false);
    let error = store.interrupt_handle().expect_err("not interruptible");
    assert_eq!(error.kind(), ErrorKind::Usage);
    assert!(
        error.to_string().contains("Config::interruptible"),
        "{error}"
    );
}

#[test]
fn fuel_is_charged_the_same_with_interruption_on() {
    // Fuel spent on the same work must not depend on how the tank is refilled.
    for budget in [10, 70_000, 1_000_000] {
        let mut left = Vec::new();
        for interruptible in [false, true] {
            let (mut store, instance) = setup(interruptible, true);
            store.set_fuel(budget).unwrap();
            let sum = instance.get_typed_func::<i32, i32>(&store, "sum").unwrap();
            let outcome = sum.call(&mut store, 20_000).map_err(|e| e.trap_code());
            left.push((outcome, store.get_fuel().unwrap()));
        }
        assert_eq!(left[0], left[1], "budget {budget}");
    }
}

#[test]
fn an_interrupt_with_no_code_running_stops_the_next_long_run_only() {
    let (mut store, instance) = setup(true, false);
    store.interrupt_handle().unwrap().interrupt();
    let sum = instance.get_typed_func::<i32, i32>(&store, "sum").unwrap();
    // A short run never reaches the end of its first slice, so it does not look.
    assert_eq!(sum.call(&mut store, 10).unwrap(), 45);
    // A long one does, and traps; the request is then consumed.
    let trap = sum.call(&mut store, 1_000_000).unwrap_err().trap_code();
    assert_eq!(trap, Some(TrapCode::Interrupted));
    assert_eq!(sum.call(&mut store, 1_000_000).unwrap(), 1_783_293_664);
}
