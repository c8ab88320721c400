//! The three compilation modes: what each reports where, and that lazily translated code is
//! shared correctly by instances on several threads.

use interp::{CompilationMode, Config, Engine, ErrorKind, Linker, Module, Store, TypedFunc};

fn engine(mode: CompilationMode) -> Engine {
    let mut config = Config::new();
    config.compilation_mode(mode);
    Engine::new(&config)
}

/// A valid module whose `run(n)` calls a chain of helpers, so several functions translate on
/// demand, and whose `never` is not called.
const CALLS: &str = r#"(module
    (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
    (func $plus_one (param i32) (result i32) (i32.add (call $square (local.get 0)) (i32.const 1)))
    (table 1 funcref) (elem (i32.const 0) $plus_one)
    (type $unary (func (param i32) (result i32)))
    (func (export "run") (param i32) (result i32)
        (call_indirect (type $unary) (local.get 0) (i32.const 0)))
    (func (export "never") (result i32) (i32.const 9)))"#;

/// A module whose function `bad` has an invalid body (it returns an i64 as an i32).
fn invalid_body_module() -> Vec<u8> {
    // Built by hand: `wat` refuses to assemble an invalid module.
    let mut bytes = vec![0, b'a', b's', b'm', 1, 0, 0, 0];
    bytes.extend([1, 5, 1, 0x60, 0, 1, 0x7f]); // type section: () -> i32
    bytes.extend([3, 2, 1, 0]); // function section: one function of type 0
    bytes.extend([7, 7, 1, 3, b'b', b'a', b'd', 0, 0]); // export "bad"
    bytes.extend([10, 6, 1, 4, 0, 0x42, 0, 0x0b]); // body: i64.const 0, end
    bytes
}

#[test]
fn every_mode_runs_the_same_program() {
    for mode in [
        CompilationMode::Eager,
        CompilationMode::LazyTranslation,
        CompilationMode::Lazy,
    ] {
        let engine = engine(mode);
        let module = Module::new(&engine, wat::parse_str(CALLS).expect("valid text")).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let run: TypedFunc<i32, i32> = instance.get_typed_func(&store, "run").unwrap();
        assert_eq!(run.call(&mut store, 7).unwrap(), 50, "{mode:?}");
        assert_eq!(run.call(&mut store, 3).unwrap(), 10, "{mode:?}");
    }
}

#[test]
fn an_invalid_body_is_reported_by_module_new_unless_fully_lazy() {
    let bytes = invalid_body_module();
    for mode in [CompilationMode::Eager, CompilationMode::LazyTranslation] {
        let error = Module::new(&engine(mode), &bytes).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{mode:?}: {error}");
    }
    // Fully lazy: the module loads and instantiates; the first call reports the body.
    let engine = engine(CompilationMode::Lazy);
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let bad: TypedFunc<(), i32> = instance.get_typed_func(&store, "bad").unwrap();
    let error = bad.call(&mut store, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
}

#[test]
fn threads_calling_a_function_first_at_once_all_get_its_answer() {
    let engine = engine(CompilationMode::LazyTranslation);
    let module = Module::new(&engine, wat::parse_str(CALLS).expect("valid text")).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let engine = engine.clone();
            let module = module.clone();
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let instance = Linker::new(&engine)
                    .instantiate(&mut store, &module)
                    .unwrap();
                let run: TypedFunc<i32, i32> = instance.get_typed_func(&store, "run").unwrap();
                run.call(&mut store, t).unwrap()
            })
        })
        .collect();
    for (t, thread) in threads.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap(), (t * t + 1) as i32);
    }
}
