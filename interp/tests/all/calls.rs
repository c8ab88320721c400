//! Calls between wasm functions: what the fast call path (the per-instance table of callees)
//! must keep true. Every callee starts with its declared locals at zero however many it
//! declares and whatever the frame before it left in those slots; calls across instances
//! and back keep the host stack constant (release builds make each return a jump, and a
//! return that became a call would overflow the stack here).

use interp::{CompilationMode, Config, Engine, Instance, Linker, Module, Store};

/// A module whose function `locals_N` declares `N` i64 locals, returns their sum plus its
/// parameter, and leaves them all non-zero; `run(k)` calls every `locals_N` twice with `k`
/// and sums the results, so garbage from the first call shows in the second.
fn locals_module(max_locals: u32) -> String {
    let mut funcs = String::new();
    let mut run_body = String::new();
    for n in 0..=max_locals {
        let mut sum = String::from("(local.get 0)");
        let mut scribble = String::new();
        for i in 1..=n {
            sum = format!("(i64.add {sum} (local.get {i}))");
            scribble.push_str(&format!("(local.set {i} (i64.const {}))", 1000 + i));
        }
        let locals = if n == 0 {
            String::new()
        } else {
            format!("(local {})", vec!["i64"; n as usize].join(" "))
        };
        funcs.push_str(&format!(
            "(func $locals_{n} (param i64) (result i64) {locals}
               {sum} {scribble})\n"
        ));
        for _ in 0..2 {
            run_body.push_str(&format!(
                "(local.set 1 (i64.add (local.get 1) (call $locals_{n} (local.get 0))))"
            ));
        }
    }
    format!(
        "(module {funcs}
           (func (export \"run\") (param i64) (result i64) (local i64)
             {run_body} (local.get 1)))"
    )
}

/// A store on `engine` with `wasm` (importing nothing) instantiated in it.
fn instantiate(engine: &Engine, wasm: &[u8]) -> (Store<()>, Instance) {
    let module = Module::new(engine, wasm).expect("valid module");
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    (store, instance)
}

#[test]
fn callees_start_with_zeroed_locals_however_many_they_declare() {
    let max = 40;
    let wasm = wat::parse_str(locals_module(max)).expect("valid text");
    for mode in [
        CompilationMode::Eager,
        CompilationMode::LazyTranslation,
        CompilationMode::Lazy,
    ] {
        let mut config = Config::default();
        config.compilation_mode(mode);
        let (mut store, instance) = instantiate(&Engine::new(&config), &wasm);
        let run = instance
            .get_typed_func::<i64, i64>(&store, "run")
            .expect("export");
        // Each call returns its argument when its locals started at zero.
        let calls = 2 * i64::from(max + 1);
        for k in [3, 7] {
            assert_eq!(run.call(&mut store, k).expect("run"), calls * k, "{mode:?}");
        }
    }
}

/// A store holding an instance of `callee` (its exports under the module name "callee") and
/// an instance of `caller`, which may import them; returns the store and the caller.
fn caller_and_callee(callee: &str, caller: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let instantiate = |store: &mut Store<()>, linker: &mut Linker<()>, text: &str| {
        let module =
            Module::new(&engine, wat::parse_str(text).expect("valid text")).expect("valid module");
        linker.instantiate(store, &module).expect("instantiate")
    };
    let callee = instantiate(&mut store, &mut linker, callee);
    linker
        .instance(&mut store, "callee", callee)
        .expect("define the callee's exports");
    let caller = instantiate(&mut store, &mut linker, caller);
    (store, caller)
}

#[test]
fn calls_across_instances_and_back_keep_the_host_stack_constant() {
    let (mut store, caller) = caller_and_callee(
        r#"(module (func (export "inc") (param i32) (result i32)
                 (i32.add (local.get 0) (i32.const 1))))"#,
        r#"(module
                 (import "callee" "inc" (func $inc (param i32) (result i32)))
                 (func (export "count") (param $n i32) (result i32) (local $i i32)
                   (block $done
                     (loop $next
                       (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                       (local.set $i (call $inc (local.get $i)))
                       (br $next)))
                   (local.get $i)))"#,
    );
    let count = caller
        .get_typed_func::<i32, i32>(&store, "count")
        .expect("export");
    // Far more round trips than a host stack holds frames.
    let n = 2_000_000;
    assert_eq!(count.call(&mut store, n).expect("count"), n);
}

#[test]
fn a_tail_call_into_another_instance_returns_to_the_callers_instance() {
    // Each instance reads its own memory: the callee's holds 1000 at address 0, the
    // caller's 7. `hop` (the caller's) tail-calls the callee; `run` calls `hop` twice (the
    // second time on the fast path, whose caller record names no instance) and then reads
    // its memory, which must be its own again.
    let (mut store, caller) = caller_and_callee(
        r#"(module (memory 1) (data (i32.const 0) "\e8\03\00\00")
                 (func (export "peek") (param i32) (result i32)
                   (i32.add (local.get 0) (i32.load (i32.const 0)))))"#,
        r#"(module
                 (import "callee" "peek" (func $peek (param i32) (result i32)))
                 (memory 1) (data (i32.const 0) "\07\00\00\00")
                 (func $hop (param i32) (result i32) (return_call $peek (local.get 0)))
                 (func (export "run") (param i32) (result i32)
                   (i32.add
                     (i32.add (call $hop (local.get 0)) (call $hop (local.get 0)))
                     (i32.load (i32.const 0)))))"#,
    );
    let run = caller
        .get_typed_func::<i32, i32>(&store, "run")
        .expect("export");
    for x in [0, 5] {
        assert_eq!(run.call(&mut store, x).expect("run"), 2 * (x + 1000) + 7);
    }
}

#[test]
fn recursion_that_grows_the_value_stack_returns_through_every_frame() {
    // Each frame keeps a local that it reads after its call returns; 20 000 frames take the
    // value stack through several reallocations while callers are suspended, so every
    // caller's frame must be found where the stack moved.
    let wasm = wat::parse_str(
        r#"(module
             (func $down (export "down") (param $n i32) (result i64) (local $keep i64)
               (local.set $keep (i64.mul (i64.extend_i32_u (local.get $n)) (i64.const 3)))
               (if (result i64) (i32.eqz (local.get $n))
                 (then (i64.const 0))
                 (else (i64.add (local.get $keep)
                         (call $down (i32.sub (local.get $n) (i32.const 1))))))))"#,
    )
    .expect("valid text");
    let (mut store, instance) = instantiate(&Engine::default(), &wasm);
    let down = instance
        .get_typed_func::<i32, i64>(&store, "down")
        .expect("export");
    for n in [20_000_i64, 3] {
        let expected = 3 * n * (n + 1) / 2;
        assert_eq!(down.call(&mut store, n as i32).expect("down"), expected);
    }
}
