//! WebAssembly 3.0 features beyond what the spec scripts check: tail calls run in constant
//! frame and host stack (a million mutual tail calls under a tiny call-depth limit), reach
//! host functions and other instances; multiple memories are separate, bounded by their own
//! sizes, and reachable by name from the API; a null typed function reference traps.

use interp::{Engine, Func, Instance, Linker, Module, Store, StoreLimits, TrapCode};

fn module(engine: &Engine, text: &str) -> Module {
    let bytes = wat::parse_str(text).expect("valid text");
    Module::new(engine, &bytes).expect("valid module")
}

const MUTUAL: &str = r#"
(module
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (param i32) (result i32)
    (local i64 i64 i64 i64 i64)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect (param i32) (result i32)
        (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
  (table funcref (elem $even)))
"#;

/// `even` of `text` in a store with room for the entry frame and barely more: any growth of
/// either stack traps.
fn even_on_tiny_stacks(text: &str) -> (Store<()>, interp::TypedFunc<i32, i32>) {
    let engine = Engine::default();
    let module = module(&engine, text);
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        max_call_depth: 2,
        max_stack_bytes: 8 * 64,
        ..StoreLimits::default()
    });
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let even = instance
        .get_typed_func::<i32, i32>(&store, "even")
        .expect("even");
    (store, even)
}

#[test]
fn a_million_mutual_tail_calls_keep_the_stacks_constant() {
    let (mut store, even) = even_on_tiny_stacks(MUTUAL);
    assert_eq!(even.call(&mut store, 1_000_000).expect("runs"), 1);
    assert_eq!(even.call(&mut store, 1_000_001).expect("runs"), 0);
}

#[test]
fn plain_calls_under_the_same_limits_exhaust_the_stack() {
    // The control for the test above: the same recursion with `call` runs out of frames.
    let text = MUTUAL
        .replace("return_call_indirect", "call_indirect")
        .replace("return_call", "call");
    let (mut store, even) = even_on_tiny_stacks(&text);
    let err = even.call(&mut store, 1_000).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::CallStackExhausted));
}

#[test]
fn host_functions_are_tail_call_targets() {
    let engine = Engine::default();
    let module = module(
        &engine,
        r#"
        (module
          (type $pair (func (param i32 i32) (result i32 i32)))
          (import "host" "swap_sub" (func $swap_sub (type $pair)))
          (table funcref (elem $swap_sub))
          (elem declare func $swap_sub)
          (func (export "direct") (param i32 i32) (result i32 i32)
            (local i32 i32 i32)
            (local.set 2 (i32.const 100))
            (return_call $swap_sub (local.get 0) (i32.add (local.get 1) (local.get 2))))
          (func (export "indirect") (param i32 i32) (result i32 i32)
            (return_call_indirect (type $pair) (local.get 0) (local.get 1) (i32.const 0)))
          (func (export "by_ref") (param i32 i32) (result i32 i32)
            (return_call_ref $pair (local.get 0) (local.get 1) (ref.func $swap_sub)))
          (func (export "nested") (param i32) (result i32)
            (local i32)
            (call $swap_sub (local.get 0) (i32.const 1))
            (local.set 1)
            (i32.add (local.get 1))))
        "#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "swap_sub", |a: i32, b: i32| (b, a - b))
        .expect("host function");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let pair = |name: &str| {
        instance
            .get_typed_func::<(i32, i32), (i32, i32)>(&store, name)
            .expect("export")
    };
    let (direct, indirect, by_ref) = (pair("direct"), pair("indirect"), pair("by_ref"));
    assert_eq!(direct.call(&mut store, (50, 7)).expect("runs"), (107, -57));
    assert_eq!(indirect.call(&mut store, (50, 7)).expect("runs"), (7, 43));
    assert_eq!(by_ref.call(&mut store, (9, 3)).expect("runs"), (3, 6));
    let nested = instance
        .get_typed_func::<i32, i32>(&store, "nested")
        .expect("nested");
    assert_eq!(nested.call(&mut store, 10).expect("runs"), 10);
}

#[test]
fn a_tail_call_into_another_instance_returns_to_the_right_memory() {
    let engine = Engine::default();
    let callee = module(
        &engine,
        r#"(module (memory 1) (data (i32.const 0) "\07")
             (func (export "get") (result i32) (i32.load8_u (i32.const 0))))"#,
    );
    let caller = module(
        &engine,
        r#"(module (import "a" "get" (func $get (result i32)))
             (memory 1) (data (i32.const 0) "\09")
             (func $via_tail (result i32) (return_call $get))
             (func (export "outer") (result i32)
               (i32.add (call $via_tail) (i32.load8_u (i32.const 0)))))"#,
    );
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = linker.instantiate(&mut store, &callee).expect("callee");
    linker.instance(&mut store, "a", a).expect("register");
    let b = linker.instantiate(&mut store, &caller).expect("caller");
    let outer = b.get_typed_func::<(), i32>(&store, "outer").expect("outer");
    assert_eq!(outer.call(&mut store, ()).expect("runs"), 16);
}

const TWO_MEMORIES: &str = r#"
(module
  (memory $m0 (export "zero") 1)
  (memory $m1 (export "one") 1 3)
  (data (memory $m1) (i32.const 8) "one!")
  (data $passive "init")
  (func (export "load1") (param i32) (result i32) (i32.load $m1 (local.get 0)))
  (func (export "load0") (param i32) (result i32) (i32.load $m0 (local.get 0)))
  (func (export "store1") (param i32 i64) (i64.store16 $m1 offset=2 (local.get 0) (local.get 1)))
  (func (export "grow1") (param i32) (result i32) (memory.grow $m1 (local.get 0)))
  (func (export "size1") (result i32) (memory.size $m1))
  (func (export "copy1to0") (param i32 i32 i32) (memory.copy $m0 $m1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill1") (param i32 i32 i32) (memory.fill $m1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init1") (param i32) (memory.init $m1 $passive (local.get 0) (i32.const 0) (i32.const 4))))
"#;

#[test]
fn memories_are_separate_and_bounded_by_their_own_sizes() {
    let engine = Engine::default();
    let module = module(&engine, TWO_MEMORIES);
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiate");
    let unary = |name: &str| {
        instance
            .get_typed_func::<i32, i32>(&store, name)
            .expect("export")
    };
    let (load0, load1, grow1) = (unary("load0"), unary("load1"), unary("grow1"));
    let size1 = instance
        .get_typed_func::<(), i32>(&store, "size1")
        .expect("size1");
    let store1 = instance
        .get_typed_func::<(i32, i64), ()>(&store, "store1")
        .expect("store1");
    let triple = |name: &str| {
        instance
            .get_typed_func::<(i32, i32, i32), ()>(&store, name)
            .expect("export")
    };
    let (copy1to0, fill1) = (triple("copy1to0"), triple("fill1"));
    let init1 = instance
        .get_typed_func::<i32, ()>(&store, "init1")
        .expect("init1");

    // The data segment went to memory 1 only.
    assert_eq!(
        load1.call(&mut store, 8).expect("load"),
        i32::from_le_bytes(*b"one!")
    );
    assert_eq!(load0.call(&mut store, 8).expect("load"), 0);
    // The last in-bounds word of memory 1 loads; one byte further traps.
    assert_eq!(load1.call(&mut store, 65532).expect("load"), 0);
    let oob = load1.call(&mut store, 65533).unwrap_err();
    assert_eq!(oob.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    store1.call(&mut store, (65530, 0x1234)).expect("store");
    let oob = store1.call(&mut store, (65533, 1)).unwrap_err();
    assert_eq!(oob.trap_code(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(load1.call(&mut store, 65532).expect("load"), 0x1234);

    // Growth of memory 1 to its maximum and no further; memory 0 keeps its size.
    assert_eq!(grow1.call(&mut store, 2).expect("grow"), 1);
    assert_eq!(grow1.call(&mut store, 1).expect("grow"), -1);
    assert_eq!(size1.call(&mut store, ()).expect("size"), 3);
    assert_eq!(load1.call(&mut store, 3 * 65536 - 4).expect("load"), 0);
    let oob = load0.call(&mut store, 65533).unwrap_err();
    assert_eq!(oob.trap_code(), Some(TrapCode::MemoryOutOfBounds));

    // Bulk operations across memories.
    fill1.call(&mut store, (100, 0x5a, 4)).expect("fill");
    copy1to0.call(&mut store, (20, 98, 8)).expect("copy");
    init1.call(&mut store, 200).expect("init");
    let oob = fill1.call(&mut store, (3 * 65536 - 2, 0, 3)).unwrap_err();
    assert_eq!(oob.trap_code(), Some(TrapCode::MemoryOutOfBounds));

    // The API sees each memory by its export name.
    let zero = instance.get_memory(&store, "zero").expect("memory 0");
    let one = instance.get_memory(&store, "one").expect("memory 1");
    assert_eq!(zero.size(&store), 1);
    assert_eq!(one.size(&store), 3);
    let mut bytes = [0u8; 8];
    zero.read(&store, 20, &mut bytes).expect("read");
    assert_eq!(bytes, [0, 0, 0x5a, 0x5a, 0x5a, 0x5a, 0, 0]);
    let mut word = [0u8; 4];
    one.read(&store, 200, &mut word).expect("read");
    assert_eq!(&word, b"init");
    one.write(&mut store, 300, b"host").expect("write");
    assert_eq!(
        load1.call(&mut store, 300).expect("load"),
        i32::from_le_bytes(*b"host")
    );
}

#[test]
fn a_null_function_reference_traps() {
    let engine = Engine::default();
    let module = module(
        &engine,
        r#"(module (type $t (func (result i32)))
             (func (export "call_null") (result i32) (call_ref $t (ref.null $t)))
             (func (export "non_null") (result i32)
               (ref.is_null (ref.as_non_null (ref.null $t)))))"#,
    );
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiate");
    let call_null = instance
        .get_typed_func::<(), i32>(&store, "call_null")
        .expect("export");
    let err = call_null.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::NullFunctionReference));
    let non_null: Func = instance.get_func(&store, "non_null").expect("export");
    let mut out = [interp::Val::I32(0)];
    let err = non_null.call(&mut store, &[], &mut out).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::NullReference));
}
