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
