//! Function imports and `call_indirect` compare function types exactly: with typed function
//! references a parameter or result can be `(ref $t)`, which the API shows as `FuncRef`
//! whatever `$t` is, so types that differ only in the function type a reference names must
//! not link (nor pass `call_indirect`'s check), and structurally equal types declared in
//! different modules must. Without GC, function types have no subtypes but themselves.
#![cfg(feature = "wat")]

use interp::{Engine, ErrorKind, Func, FuncType, Linker, Module, Store, TrapCode, ValType};

/// Exports functions whose types name other function types.
const EXPORTER: &str = r#"
(module
  (type $takes_i32 (func (param i32)))
  (type $takes_i64 (func (param i64)))
  (type $nested (func (param (ref null $takes_i32)) (result i32)))
  (func (export "ref_takes_i32") (param (ref $takes_i32)))
  (func (export "null_ref_takes_i32") (param (ref null $takes_i32)))
  (func (export "returns_ref_takes_i64") (result (ref null $takes_i64)) (ref.null $takes_i64))
  (func (export "funcref") (param funcref))
  (func (export "nested") (param (ref $nested)))
)
"#;

/// A module importing `name` from the exporter with the function type `func_type` (text
/// after `func`), declaring the function types the references may name.
fn importer(name: &str, func_type: &str) -> String {
    format!(
        r#"(module
             (type $takes_i32 (func (param i32)))
             (type $takes_i64 (func (param i64)))
             (type $nested (func (param (ref null $takes_i32)) (result i32)))
             (type $nested_i64 (func (param (ref null $takes_i64)) (result i32)))
             (import "exporter" "{name}" (func {func_type})))"#
    )
}

/// A store with the exporter registered as "exporter", and its linker.
fn world() -> (Engine, Store<()>, Linker<()>) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let module = Module::new(&engine, wat::parse_str(EXPORTER).expect("valid text"))
        .expect("the exporter compiles");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("the exporter instantiates");
    linker
        .instance(&mut store, "exporter", instance)
        .expect("registers");
    (engine, store, linker)
}

fn link(name: &str, func_type: &str) -> Result<(), interp::Error> {
    let (engine, mut store, linker) = world();
    let module = Module::new(
        &engine,
        wat::parse_str(importer(name, func_type)).expect("valid text"),
    )
    .expect("the importer compiles");
    linker.instantiate(&mut store, &module).map(|_| ())
}

#[test]
fn structurally_equal_function_types_link() {
    for (name, func_type) in [
        ("ref_takes_i32", "(param (ref $takes_i32))"),
        ("ref_takes_i32", "(param (ref 0))"),
        ("null_ref_takes_i32", "(param (ref null $takes_i32))"),
        ("returns_ref_takes_i64", "(result (ref null $takes_i64))"),
        ("funcref", "(param funcref)"),
        ("funcref", "(param (ref null func))"),
        // Equal all the way down.
        ("nested", "(param (ref $nested))"),
    ] {
        link(name, func_type).unwrap_or_else(|e| panic!("{name} as {func_type}: {e}"));
    }
}

#[test]
fn function_types_that_differ_only_in_the_referenced_type_do_not_link() {
    // (import, declared type, what the error must say)
    for (name, func_type, says) in [
        (
            "ref_takes_i32",
            "(param (ref $takes_i64))",
            "parameter 0 of the function is (ref (func (param i32))) in the export but \
             (ref (func (param i64))) in the import",
        ),
        (
            "ref_takes_i32",
            "(param (ref null $takes_i32))",
            "parameter 0 of the function is (ref (func (param i32))) in the export but \
             (ref null (func (param i32))) in the import",
        ),
        (
            "null_ref_takes_i32",
            "(param (ref $takes_i32))",
            "(ref null (func (param i32))) in the export but (ref (func (param i32)))",
        ),
        // No contravariance: a function taking any function reference is still not a
        // function taking a reference to one function type.
        (
            "funcref",
            "(param (ref null $takes_i32))",
            "(ref null func) in the export but (ref null (func (param i32)))",
        ),
        (
            "returns_ref_takes_i64",
            "(result (ref null $takes_i32))",
            "result 0 of the function is (ref null (func (param i64))) in the export",
        ),
        // A difference two references deep.
        (
            "nested",
            "(param (ref $nested_i64))",
            "parameter 0 of the function is (ref (func (param (ref null (func ...))) \
             (result i32))) in the export but (ref (func (param (ref null (func ...))) \
             (result i32))) in the import",
        ),
        // Shapes that differ: both types whole.
        (
            "nested",
            "(param (ref $nested) i32)",
            "the export is (func (param (ref (func (param (ref null (func ...))) \
             (result i32))))) but the import declares (func (param (ref (func (param \
             (ref null (func ...))) (result i32)))) (param i32))",
        ),
    ] {
        let err = link(name, func_type).expect_err(&format!("{name} as {func_type} links"));
        assert_eq!(err.kind(), ErrorKind::Link, "{err}");
        let message = err.to_string();
        assert!(
            message.contains(&format!("`exporter`.`{name}`: function types differ")),
            "{message}"
        );
        assert!(message.contains(says), "{name} as {func_type}: {message}");
    }
}

#[test]
fn host_functions_link_as_funcref_and_externref_only() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let host = Func::new(
        &mut store,
        FuncType::new([ValType::FuncRef], [ValType::ExternRef]),
        |_, _, results| {
            results[0] = interp::Val::ExternRef(None);
            Ok(())
        },
    );
    linker.define("host", "f", host).expect("defines");
    let import = |func_type: &str| {
        let text = format!(r#"(module (type $t (func)) (import "host" "f" (func {func_type})))"#);
        Module::new(&engine, wat::parse_str(text).expect("valid text")).expect("compiles")
    };
    linker
        .instantiate(&mut store, &import("(param funcref) (result externref)"))
        .expect("a host function's funcref is (ref null func)");
    let err = linker
        .instantiate(
            &mut store,
            &import("(param (ref null $t)) (result externref)"),
        )
        .expect_err("a host function cannot take (ref null $t)");
    assert!(
        err.to_string()
            .contains("parameter 0 of the function is (ref null func) in the export but (ref null (func)) in the import"),
        "{err}"
    );
}

#[test]
fn call_indirect_compares_the_exact_type() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(
        &engine,
        wat::parse_str(
            r#"(module
                 (type $takes_i32 (func (param i32)))
                 (type $takes_i64 (func (param i64)))
                 (type $gets_i32 (func (param (ref null $takes_i32)) (result i32)))
                 (type $gets_i64 (func (param (ref null $takes_i64)) (result i32)))
                 (table funcref (elem $f))
                 (func $f (type $gets_i32) (i32.const 42))
                 (func (export "as_declared") (result i32)
                   (call_indirect (type $gets_i32) (ref.null $takes_i32) (i32.const 0)))
                 (func (export "as_other") (result i32)
                   (call_indirect (type $gets_i64) (ref.null $takes_i64) (i32.const 0))))"#,
        )
        .expect("valid text"),
    )
    .expect("compiles");
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let call = |store: &mut Store<()>, name: &str| {
        instance
            .get_typed_func::<(), i32>(&*store, name)
            .expect("exported")
            .call(store, ())
    };
    assert_eq!(call(&mut store, "as_declared").expect("runs"), 42);
    let err = call(&mut store, "as_other").expect_err("the types differ");
    assert_eq!(
        err.trap_code(),
        Some(TrapCode::IndirectCallTypeMismatch),
        "{err}"
    );
}
