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

#[test]
fn lazily_translated_functions_keep_only_the_code_section() {
    // A 64 KiB data segment after the code: kept once (as the segment), not again with the
    // bodies that wait for their first call.
    let data = "\\2a".repeat(64 << 10);
    let wasm = wat::parse_str(format!(
        r#"(module (memory 2)
             (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
             (func (export "f") (param i32) (result i32)
               (i32.add (call $double (local.get 0)) (i32.load8_u (i32.const 100))))
             (data (i32.const 0) "{data}"))"#
    ))
    .expect("valid text");
    let engine = Engine::default();
    let module = Module::new(&engine, &wasm).expect("valid module");
    let code = module
        .data
        .code
        .as_ref()
        .expect("bodies wait for their first call");
    assert!(
        code.len() < 100,
        "{} bytes kept for two small bodies",
        code.len()
    );
    let mut store = crate::Store::new(&engine, ());
    let instance = crate::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = instance
        .get_typed_func::<i32, i32>(&store, "f")
        .expect("exported");
    assert_eq!(f.call(&mut store, 20).expect("runs"), 40 + 42);
}

/// A module of `count` functions `() -> i64` big enough for `Module::new` to check its bodies
/// on several threads, each body a sum of constants; the bodies at the positions of `broken`
/// are replaced by invalid ones (each with its own error). Function `i` returns
/// `sum(0..=i % 40)` plus `40 * i`.
fn many_functions(count: usize, broken: &[(usize, &str)]) -> Vec<u8> {
    let mut text = String::from("(module\n");
    for i in 0..count {
        if let Some((_, body)) = broken.iter().find(|(at, _)| *at == i) {
            text.push_str(&format!("(func {body})\n"));
            continue;
        }
        text.push_str(&format!(
            "(func (export \"f{i}\") (result i64) (i64.const {})",
            40 * i
        ));
        for k in 0..=i % 40 {
            text.push_str(&format!(" (i64.add (i64.const {k}))"));
        }
        text.push_str(")\n");
    }
    text.push(')');
    wat::parse_str(&text).expect("valid text")
}

fn engine_with(mode: crate::CompilationMode, parallel: bool) -> Engine {
    Engine::new(
        crate::Config::new()
            .compilation_mode(mode)
            .parallel_compilation(parallel),
    )
}

#[test]
fn bodies_checked_on_several_threads_report_the_first_failing_body() {
    let broken = [
        (700, "(result i32) (i64.const 7)"),
        (2500, "(drop)"),
        (2900, "(result i32) (f32.const 1)"),
    ];
    let wasm = many_functions(3000, &broken);
    assert!(
        wasm.len() > 64 * 1024,
        "big enough for threads: {}",
        wasm.len()
    );
    for mode in [
        crate::CompilationMode::Eager,
        crate::CompilationMode::LazyTranslation,
    ] {
        let serial = Module::new(&engine_with(mode, false), &wasm).expect_err("body 700");
        let parallel = Module::new(&engine_with(mode, true), &wasm).expect_err("body 700");
        assert_eq!(parallel.to_string(), serial.to_string(), "{mode:?}");
        assert!(serial.to_string().contains("type mismatch"), "{serial}");
        // Only function 700 returns an i32: its error names that type.
        assert!(serial.to_string().contains("i32"), "{serial}");
        // With the first broken body mended, the next one is reported, in either mode.
        let wasm = many_functions(3000, &broken[1..]);
        let serial = Module::new(&engine_with(mode, false), &wasm).expect_err("body 2500");
        let parallel = Module::new(&engine_with(mode, true), &wasm).expect_err("body 2500");
        assert_eq!(parallel.to_string(), serial.to_string(), "{mode:?}");
        assert!(serial.to_string().contains("nothing on stack"), "{serial}");
    }
}

#[test]
fn a_failing_body_is_reported_before_a_malformed_later_section() {
    let mut wasm = many_functions(3000, &[(2000, "(result i32) (i64.const 7)")]);
    // A data count section after the code section is out of order: malformed, but only
    // noticed after every body was read.
    wasm.extend_from_slice(&[12, 1, 0]);
    for parallel in [false, true] {
        let err = Module::new(
            &engine_with(crate::CompilationMode::LazyTranslation, parallel),
            &wasm,
        )
        .expect_err("invalid");
        assert!(err.to_string().contains("type mismatch"), "{err}");
    }
    let valid = many_functions(3000, &[]);
    let mut malformed = valid.clone();
    malformed.extend_from_slice(&[12, 1, 0]);
    let err = Module::new(&Engine::default(), &malformed).expect_err("section out of order");
    assert!(!err.to_string().contains("type mismatch"), "{err}");
}

#[test]
fn modules_compiled_on_several_threads_run_like_those_compiled_on_one() {
    let wasm = many_functions(3000, &[]);
    for mode in [
        crate::CompilationMode::Eager,
        crate::CompilationMode::LazyTranslation,
    ] {
        let engine = engine_with(mode, true);
        let module = Module::new(&engine, &wasm).expect("valid");
        let mut store = crate::Store::new(&engine, ());
        let instance = crate::Linker::new(&engine)
            .instantiate(&mut store, &module)
            .expect("instantiates");
        for i in [0usize, 1, 39, 40, 1234, 2999] {
            let f = instance
                .get_typed_func::<(), i64>(&store, &format!("f{i}"))
                .expect("exported");
            let k = (i % 40) as i64;
            let expected = 40 * i as i64 + k * (k + 1) / 2;
            assert_eq!(
                f.call(&mut store, ()).expect("runs"),
                expected,
                "f{i} {mode:?}"
            );
        }
    }
}
