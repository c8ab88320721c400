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
    // One 24-byte cell (handler address and instruction) per instruction.
    let expected: usize = (0..2)
        .map(|f| module.data.compiled(f).expect("translated").code.len() * 24)
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

/// Pieces of function bodies: the operators `validate_body` decodes itself (with immediates
/// valid, out of range or cut short) and some it leaves to wasmparser.
const BODY_PIECES: &[&[u8]] = &[
    &[0x20, 0],
    &[0x20, 2],
    &[0x20, 9],
    &[0x20, 0x80],
    &[0x21, 0],
    &[0x21, 2],
    &[0x22, 1],
    &[0x23, 0],
    &[0x24, 0],
    &[0x24, 1],
    &[0x41, 5],
    &[0x41, 0xff, 0x7f],
    &[0x41, 0x80],
    &[0x42, 3],
    &[0x42, 0x80, 0x80],
    &[0x42, 0x7f],
    &[0x48],
    &[0x4a],
    &[0x4d],
    &[0x4f],
    &[0x50],
    &[0x51],
    &[0x52],
    &[0x6c],
    &[0x73],
    &[0x75],
    &[0x76],
    &[0x7d],
    &[0x7e],
    &[0x83],
    &[0x84],
    &[0x85],
    &[0x86],
    &[0x88],
    &[0x89],
    &[0xa7],
    &[0xad],
    &[0x1b],
    &[0x45],
    &[0x46],
    &[0x47],
    &[0x49],
    &[0x4b],
    &[0x6a],
    &[0x6b],
    &[0x71],
    &[0x72],
    &[0x74],
    &[0x7c],
    &[0x1a],
    &[0x0b],
    &[0x0c, 0],
    &[0x0c, 3],
    &[0x0d, 0],
    &[0x0d, 1],
    &[0x10, 0],
    &[0x10, 4],
    &[0x02, 0x40],
    &[0x03, 0x7f],
    &[0x04, 0x40],
    &[0x05],
    &[0x0f],
    &[0x28, 2, 0],
    &[0x28, 3, 0],
    &[0x28, 2, 0xff, 0xff, 0xff, 0xff, 0x0f],
    &[0x28, 0x10, 0],
    &[0x28, 0x40, 0, 0],
    &[0x28, 0x80],
    &[0x29, 3, 0x80, 0x01],
    &[0x2d, 0, 4],
    &[0x2d, 1, 4],
    &[0x36, 2, 8],
    &[0x37, 3, 0],
    &[0x3a, 0, 0],
    &[0x02, 0x7f],
    &[0x04, 0x7f],
    &[0x02],
];

/// A module with one function `(param i32 i32) (result i32)`, one i64 local, and a mutable
/// and an immutable i32 global, whose body is `code` after the locals.
fn module_with_body(code: &[u8]) -> Vec<u8> {
    // Every size here is below 128, so one byte of LEB128.
    fn size(len: usize) -> u8 {
        assert!(len < 128, "a test body of {len} bytes is too long");
        len as u8
    }
    fn section(out: &mut Vec<u8>, id: u8, content: &[u8]) {
        out.extend_from_slice(&[id, size(content.len())]);
        out.extend_from_slice(content);
    }
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    section(&mut wasm, 1, &[1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
    section(&mut wasm, 3, &[1, 0]);
    section(&mut wasm, 5, &[1, 0, 1]);
    section(
        &mut wasm,
        6,
        &[2, 0x7f, 1, 0x41, 0, 0x0b, 0x7f, 0, 0x41, 0, 0x0b],
    );
    let mut content = vec![1, size(code.len() + 3), 1, 1, 0x7e];
    content.extend_from_slice(code);
    section(&mut wasm, 10, &content);
    wasm
}

/// What validating the only body of `wasm` with `check` gives: `None` if the module is
/// refused before its body, else the body's error message and offset, if any.
fn check_only_body(
    wasm: &[u8],
    check: impl Fn(
        &mut wasmparser::FuncValidator<wasmparser::ValidatorResources>,
        &wasmparser::FunctionBody<'_>,
    ) -> Result<(), wasmparser::BinaryReaderError>,
) -> Option<Result<(), (String, u64)>> {
    let features = Engine::default().wasm_features();
    let mut validator = wasmparser::Validator::new_with_features(features);
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.ok()?;
        if let wasmparser::ValidPayload::Func(func, body) = validator.payload(&payload).ok()? {
            let mut func = func.into_validator(Default::default());
            return Some(
                check(&mut func, &body).map_err(|e| (e.message().to_string(), e.offset())),
            );
        }
    }
    None
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// `validate_body` accepts exactly the bodies wasmparser's own loop accepts, with the same
    /// error at the same offset.
    #[test]
    fn validate_body_agrees_with_wasmparser(
        // At most 16 pieces of at most 7 bytes: every size fits one LEB128 byte.
        pieces in proptest::collection::vec(0..BODY_PIECES.len(), 0..16),
        end in proptest::bool::ANY,
    ) {
        let mut code: Vec<u8> = pieces.iter().flat_map(|&i| BODY_PIECES[i].iter().copied()).collect();
        if end {
            code.push(0x0b);
        }
        let wasm = module_with_body(&code);
        let features = Engine::default().wasm_features();
        let ours = check_only_body(&wasm, |v, body| {
            super::validate_body::validate_body(v, body, features)
        });
        let theirs = check_only_body(&wasm, |v, body| v.validate(body));
        proptest::prop_assert_eq!(ours, theirs);
    }
}

#[test]
fn validate_body_accepts_a_valid_body_and_reports_a_bad_local() {
    let features = Engine::default().wasm_features();
    let ours = |code: &[u8]| {
        check_only_body(&module_with_body(code), |v, body| {
            super::validate_body::validate_body(v, body, features)
        })
    };
    // local.get 0, local.get 1, i32.add, end.
    assert_eq!(ours(&[0x20, 0, 0x20, 1, 0x6a, 0x0b]), Some(Ok(())));
    let Some(Err((message, _))) = ours(&[0x20, 9, 0x0b]) else {
        panic!("local 9 does not exist");
    };
    assert!(message.contains("unknown local"), "{message}");
}
