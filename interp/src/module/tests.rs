//! Decoding and validation: refusals and their kinds.

use crate::{Engine, ErrorKind, Module};

#[test]
fn simd_modules_run_and_are_refused_when_simd_is_switched_off() {
    let wasm = wat::parse_str(
        r#"(module (func (export "f") (result i32) (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4))))"#,
    )
    .expect("valid text");
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).expect("SIMD is on by default");
    let mut store = crate::Store::new(&engine, ());
    let instance = crate::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = instance
        .get_typed_func::<(), i32>(&store, "f")
        .expect("exported");
    assert_eq!(f.call(&mut store, ()).expect("runs"), 3);

    let mut config = crate::Config::new();
    config.wasm_simd(false);
    let err = Module::new(&Engine::new(&config), &wasm).expect_err("SIMD is off");
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.to_string().contains("SIMD is switched off"), "{err}");

    let relaxed = wat::parse_str(
        r#"(module (func (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1))))"#,
    )
    .expect("valid text");
    let mut config = crate::Config::new();
    config.wasm_relaxed_simd(false);
    let engine = Engine::new(&config);
    Module::new(&engine, &wasm).expect("plain SIMD stays on");
    let err = Module::new(&engine, &relaxed).expect_err("relaxed SIMD is off");
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}

#[test]
fn reference_types_switched_off_refuse_what_webassembly_1_refused() {
    let accepted_only_with_reference_types = [
        ("two tables", "(module (table 1 funcref) (table 1 funcref))"),
        (
            "an imported and a defined table",
            r#"(module (import "m" "t" (table 1 funcref)) (table 1 funcref))"#,
        ),
        ("externref", "(module (func (param externref)))"),
        ("ref.null", "(module (func (drop (ref.null func))))"),
        (
            "ref.is_null",
            "(module (func (param funcref) (result i32) (ref.is_null (local.get 0))))",
        ),
        (
            "table.size",
            "(module (table 1 funcref) (func (result i32) (table.size 0)))",
        ),
        (
            "typed select",
            "(module (func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))))",
        ),
        (
            "a typed function reference",
            "(module (type $t (func)) (func (param (ref null $t))))",
        ),
    ];
    let mut config = crate::Config::new();
    config.wasm_reference_types(false);
    let without = Engine::new(&config);
    let with = Engine::default();
    for (what, text) in accepted_only_with_reference_types {
        let wasm = wat::parse_str(text).expect("valid text");
        Module::new(&with, &wasm).unwrap_or_else(|e| panic!("{what}: refused by default: {e}"));
        let err = Module::new(&without, &wasm)
            .expect_err(&format!("{what}: accepted without reference types"));
        assert_eq!(err.kind(), ErrorKind::Decode, "{what}: {err}");
    }
    let err = Module::new(
        &without,
        wat::parse_str("(module (table 1 funcref) (table 1 funcref))").expect("valid text"),
    )
    .expect_err("two tables");
    assert!(err.to_string().contains("multiple tables"), "{err}");

    // What WebAssembly 1.0 with bulk memory and threads had stays accepted: one table,
    // `call_indirect`, an untyped `select`, passive segments, atomics on a shared memory.
    let older = wat::parse_str(
        r#"(module
            (memory 1 1 shared)
            (table 2 funcref)
            (type $v (func (result i32)))
            (func $one (result i32) (i32.const 1))
            (elem (i32.const 0) $one)
            (data "x")
            (func (export "f") (result i32)
                (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))
                (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
                (select (call_indirect (type $v) (i32.const 0)) (i32.const 2) (i32.const 1))))"#,
    )
    .expect("valid text");
    let module = Module::new(&without, &older).expect("WebAssembly 1.0 + threads is accepted");
    let mut store = crate::Store::new(&without, ());
    let instance = crate::Linker::new(&without)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = instance
        .get_typed_func::<(), i32>(&store, "f")
        .expect("exported");
    assert_eq!(f.call(&mut store, ()).expect("runs"), 1);
}

#[test]
fn malformed_bytes_are_decode_errors_with_an_offset() {
    let engine = Engine::default();
    let err = Module::new(&engine, b"\0asm\x01\0\0\0\x01\x05").expect_err("truncated");
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("offset"), "{err}");
    let err = Module::new(&engine, b"not wasm").expect_err("garbage");
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[test]
fn invalid_modules_are_decode_errors() {
    let engine = Engine::default();
    let wasm = wat::parse_str("(module (func (result i32) (i64.const 1)))").expect("text");
    assert_eq!(
        Module::new(&engine, wasm).unwrap_err().kind(),
        ErrorKind::Decode
    );
}

#[test]
fn compiled_code_bytes_count_the_translated_functions() {
    let text = "(module
        (func (export \"one\") (result i32) (i32.const 1))
        (func (export \"two\") (result i32) (i32.const 2) (i32.const 3) (i32.add)))";
    let wasm = wat::parse_str(text).expect("valid text");
    let eager = Engine::new(crate::Config::new().compilation_mode(crate::CompilationMode::Eager));
    let module = Module::new(&eager, &wasm).expect("valid");
    let expected: usize = (0..2)
        .map(|f| module.data.compiled(f).expect("translated").code.len() * 16)
        .sum();
    assert!(expected > 0);
    assert_eq!(module.compiled_code_bytes(), expected);
    let lazy = Module::new(&Engine::default(), &wasm).expect("valid");
    assert_eq!(lazy.compiled_code_bytes(), 0, "nothing called yet");
}
