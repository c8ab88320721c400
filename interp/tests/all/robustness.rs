//! Robustness of the engine against hostile input and deep recursion.
//!
//! - Random bytes and mutated valid modules go to `Module::new`: each must give `Ok` or an
//!   error with a message, never a panic (a panic fails the test by itself). Mutants that
//!   validate are instantiated and their nullary exports run under small limits.
//! - Recursion millions of frames deep runs on a thread with a 2 MiB stack, proving the
//!   executor keeps wasm frames off the host stack.
//! - Malformed modules are reported with their byte offset.

use interp::{
    Engine, Error, ErrorKind, Extern, Func, Instance, Module, Store, StoreLimits, TrapCode, Val,
};

/// A small deterministic xorshift64 generator, so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A value in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.byte()).collect()
    }
}

/// The 8-byte preamble of every wasm 1.0/2.0 binary.
const PREAMBLE: [u8; 8] = *b"\0asm\x01\0\0\0";

/// Asserts that an error carries a non-empty, printable message.
fn assert_has_message(error: &Error, input: &[u8]) {
    assert!(
        !error.to_string().trim().is_empty(),
        "error {error:?} has an empty message for input {input:02x?}"
    );
}

// ---------------------------------------------------------------------------------------
// Random bytes
// ---------------------------------------------------------------------------------------

/// Appends `value` as unsigned LEB128.
fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A random input: pure noise, noise after a valid preamble, or a preamble followed by
/// random sections with plausible ids and lengths (which gets past the section framing and
/// into the section decoders).
fn random_input(rng: &mut XorShift) -> Vec<u8> {
    let len = rng.below(300);
    match rng.below(3) {
        0 => rng.bytes(len),
        1 => {
            let mut bytes = PREAMBLE.to_vec();
            bytes.extend(rng.bytes(len));
            bytes
        }
        _ => {
            let mut bytes = PREAMBLE.to_vec();
            for _ in 0..1 + rng.below(4) {
                bytes.push(rng.below(14) as u8);
                let payload_len = rng.below(40);
                let payload = rng.bytes(payload_len);
                // Usually the true length, sometimes a wrong one.
                let declared = if rng.below(4) == 0 {
                    rng.below(64) as u32
                } else {
                    payload.len() as u32
                };
                push_leb(&mut bytes, declared);
                bytes.extend(payload);
            }
            bytes
        }
    }
}

#[test]
fn random_bytes_are_rejected_or_accepted_without_panic() {
    let engine = Engine::default();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut accepted = 0;
    for _ in 0..10_000 {
        let input = random_input(&mut rng);
        match Module::new(&engine, &input) {
            Ok(_) => accepted += 1,
            Err(error) => assert_has_message(&error, &input),
        }
    }
    // The empty module (just the preamble, or a preamble with empty custom sections) is
    // valid, so a few acceptances are expected; all of them would mean nothing is checked.
    assert!(accepted < 10_000, "every random input was accepted");
}

// ---------------------------------------------------------------------------------------
// Mutated valid modules
// ---------------------------------------------------------------------------------------

/// Control flow (blocks, `br_table`, a bounded loop, `if`), globals and integer traps.
const CONTROL_FLOW_WAT: &str = r#"
(module
  (global $counter (mut i32) (i32.const 0))
  (global $scale f64 (f64.const 0.5))
  (func (export "classify") (result i32)
    (local $x i32)
    (local.set $x (i32.const 7))
    (block $done (result i32)
      (block $b2
        (block $b1
          (block $b0
            (br_table $b0 $b1 $b2 (i32.rem_u (local.get $x) (i32.const 3))))
          (br $done (i32.const 10)))
        (br $done (i32.const 20)))
      (i32.const 30)))
  (func (export "count") (result i64)
    (local $i i64) (local $acc i64)
    (loop $again
      (local.set $acc (i64.add (local.get $acc) (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $again (i64.lt_u (local.get $i) (i64.const 10))))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (local.get $acc))
  (func (export "choose") (result f64)
    (if (result f64) (i32.eqz (global.get $counter))
      (then (f64.mul (global.get $scale) (f64.const 3)))
      (else (f64.div (f64.const 1) (f64.const 0)))))
  (func (export "divide") (result i32)
    (i32.div_s (i32.const 1) (global.get $counter)))
  (func (export "select") (result i32)
    (select (i32.const 4) (i32.const 5) (global.get $counter))))
"#;

/// Linear memory: active and passive data, loads and stores, growth, bulk operations.
const MEMORY_WAT: &str = r#"
(module
  (memory (export "mem") 1 2)
  (data (i32.const 16) "hello, wasm")
  (data $passive "passive bytes")
  (func (export "load_sum") (result i32)
    (i32.add (i32.load8_u (i32.const 16)) (i32.load16_s offset=2 (i32.const 16))))
  (func (export "store_load") (result i64)
    (i64.store (i32.const 100) (i64.const 0x1122334455667788))
    (i64.load32_u (i32.const 104)))
  (func (export "grow") (result i32)
    (memory.grow (i32.const 1)))
  (func (export "bulk") (result i32)
    (memory.init $passive (i32.const 200) (i32.const 0) (i32.const 13))
    (memory.copy (i32.const 300) (i32.const 200) (i32.const 13))
    (memory.fill (i32.const 400) (i32.const 0xab) (i32.const 64))
    (data.drop $passive)
    (i32.load (i32.const 300)))
  (func (export "out_of_bounds") (result i32)
    (i32.load (i32.const 65534)))
  (func (export "size") (result i32)
    (memory.size)))
"#;

/// Tables: active and passive element segments, `call_indirect`, table instructions, and a
/// recursion that only the call-depth limit stops.
const TABLE_WAT: &str = r#"
(module
  (type $ret_i32 (func (result i32)))
  (table $t (export "table") 4 8 funcref)
  (elem (table $t) (i32.const 0) func $one $two $three)
  (elem $passive func $two)
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $three (result i32) (i32.const 3))
  (func (export "dispatch") (result i32)
    (call_indirect (type $ret_i32) (i32.const 1)))
  (func (export "null_entry") (result i32)
    (call_indirect (type $ret_i32) (i32.const 3)))
  (func (export "table_ops") (result i32)
    (table.init $t $passive (i32.const 3) (i32.const 0) (i32.const 1))
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (table.size $t))
  (func (export "is_null") (result i32)
    (ref.is_null (table.get $t (i32.const 0))))
  (func $recurse (export "recurse") (result i32)
    (call $recurse)))
"#;

/// A start function, float conversions, multi-value results and `unreachable`.
const NUMERIC_WAT: &str = r#"
(module
  (global $g (mut f32) (f32.const 0))
  (func $init (global.set $g (f32.const 2.5)))
  (start $init)
  (func (export "nearest") (result i64)
    (i64.trunc_f32_s (f32.nearest (global.get $g))))
  (func (export "convert") (result f32)
    (f32.convert_i64_u (i64.const -1)))
  (func (export "overflow") (result i32)
    (i32.trunc_f64_s (f64.const 1e10)))
  (func (export "pair") (result i32 i64)
    (i32.const 1) (i64.const 2))
  (func (export "trap")
    (unreachable)))
"#;

/// The seed modules, in binary form.
fn seed_modules() -> Vec<Vec<u8>> {
    [CONTROL_FLOW_WAT, MEMORY_WAT, TABLE_WAT, NUMERIC_WAT]
        .iter()
        .map(|text| wat::parse_str(text).expect("seed WAT is valid"))
        .collect()
}

/// Applies one to three random edits: truncate, overwrite a byte, flip a bit, insert a byte
/// or delete a byte.
fn mutate(seed: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(3) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes.truncate(at),
            1 => bytes[at] = rng.byte(),
            2 => bytes[at] ^= 1 << rng.below(8),
            3 => bytes.insert(at, rng.byte()),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

/// The raw bytes of a module's code section, if it parses that far.
fn code_section(bytes: &[u8]) -> Option<&[u8]> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CodeSectionStart {
            unchecked_range, ..
        } = payload.ok()?
        {
            let start = usize::try_from(unchecked_range.start).ok()?;
            let end = usize::try_from(unchecked_range.end).ok()?;
            return bytes.get(start..end);
        }
    }
    Some(&[])
}

/// Whether running a validated mutant's functions is sure to finish quickly. The engine has
/// no fuel, and a mutation can turn `block` into `loop` (an infinite loop, which is legal
/// wasm) or add call sites (exponential recursion under any depth limit). So a mutant runs
/// only if every function has at most one call site and it either has no loop at all or
/// kept the seed's code section byte for byte (whose loops count to a constant).
fn terminates_quickly(mutant: &[u8], seed: &[u8]) -> bool {
    let Some(mutant_code) = code_section(mutant) else {
        return false;
    };
    let code_unchanged = code_section(seed) == Some(mutant_code);
    for payload in wasmparser::Parser::new(0).parse_all(mutant) {
        let Ok(payload) = payload else {
            return false;
        };
        let wasmparser::Payload::CodeSectionEntry(body) = payload else {
            continue;
        };
        let Ok(operators) = body.get_operators_reader() else {
            return false;
        };
        let mut call_sites = 0;
        for operator in operators {
            match operator {
                Err(_) => return false,
                Ok(wasmparser::Operator::Loop { .. }) if !code_unchanged => return false,
                Ok(
                    wasmparser::Operator::Call { .. }
                    | wasmparser::Operator::CallIndirect { .. }
                    | wasmparser::Operator::ReturnCall { .. }
                    | wasmparser::Operator::ReturnCallIndirect { .. },
                ) => call_sites += 1,
                Ok(_) => {}
            }
        }
        if call_sites > 1 {
            return false;
        }
    }
    true
}

/// Limits small enough that any mutant runs fast and allocates little.
fn small_limits() -> StoreLimits {
    StoreLimits {
        max_memory_bytes: 16 << 20,
        max_table_elements: 10_000,
        max_call_depth: 64,
        max_stack_bytes: 1 << 20,
    }
}

/// What happened to a validated module's exports, for the test's sanity counts.
#[derive(Default)]
struct RunCounts {
    instantiated: usize,
    calls_ok: usize,
    calls_trapped: usize,
}

/// Instantiates a validated import-free module and calls each nullary exported function,
/// accepting results or traps.
fn run_exports(module: &Module, engine: &Engine, input: &[u8], counts: &mut RunCounts) {
    let mut store = Store::new(engine, ());
    store.set_limits(small_limits());
    let instance = match Instance::new(&mut store, module, &[]) {
        Ok(instance) => instance,
        Err(error) => return assert_has_message(&error, input),
    };
    counts.instantiated += 1;
    let funcs: Vec<Func> = instance
        .exports(&store)
        .filter_map(|(_, export)| match export {
            Extern::Func(func) => Some(func),
            _ => None,
        })
        .collect();
    for func in funcs {
        let ty = func.ty(&store);
        if !ty.params().is_empty() {
            continue;
        }
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|&ty| Val::default_for(ty))
            .collect();
        match func.call(&mut store, &[], &mut results) {
            Ok(()) => counts.calls_ok += 1,
            Err(error) => {
                assert!(
                    error.is_trap(),
                    "a nullary call failed without trapping: {error}"
                );
                assert_has_message(&error, input);
                counts.calls_trapped += 1;
            }
        }
    }
}

#[test]
fn seed_modules_run_as_written() {
    let engine = Engine::default();
    let seeds = seed_modules();
    for seed in &seeds {
        assert!(
            terminates_quickly(seed, seed),
            "seeds must pass the termination filter"
        );
    }
    let mut store = Store::new(&engine, ());
    store.set_limits(small_limits());
    let modules: Vec<Module> = seeds
        .iter()
        .map(|bytes| Module::new(&engine, bytes).expect("seed modules validate"))
        .collect();
    let instances: Vec<Instance> = modules
        .iter()
        .map(|module| Instance::new(&mut store, module, &[]).expect("seeds instantiate"))
        .collect();
    let call_i32 = |store: &mut Store<()>, instance: Instance, name: &str| {
        instance
            .get_typed_func::<(), i32>(&*store, name)
            .and_then(|f| f.call(store, ()))
    };
    let [control, memory, table, numeric] = instances[..] else {
        panic!("four seeds");
    };
    assert_eq!(call_i32(&mut store, control, "classify").ok(), Some(20));
    let count = control
        .get_typed_func::<(), i64>(&store, "count")
        .expect("count is () -> i64");
    assert_eq!(count.call(&mut store, ()).ok(), Some(45));
    assert_eq!(call_i32(&mut store, control, "divide").ok(), Some(1));
    assert_eq!(
        call_i32(&mut store, memory, "load_sum").ok(),
        Some(i32::from(b'h') + 0x6c6c)
    );
    let bulk = call_i32(&mut store, memory, "bulk").ok();
    assert_eq!(bulk, Some(i32::from_le_bytes(*b"pass")));
    let oob = call_i32(&mut store, memory, "out_of_bounds")
        .err()
        .and_then(|e| e.trap_code());
    assert_eq!(oob, Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(call_i32(&mut store, memory, "grow").ok(), Some(1));
    assert_eq!(call_i32(&mut store, memory, "grow").ok(), Some(-1));
    assert_eq!(call_i32(&mut store, memory, "out_of_bounds").ok(), Some(0));
    assert_eq!(call_i32(&mut store, table, "dispatch").ok(), Some(2));
    let null = call_i32(&mut store, table, "null_entry")
        .err()
        .and_then(|e| e.trap_code());
    assert_eq!(null, Some(TrapCode::UninitializedElement));
    assert_eq!(call_i32(&mut store, table, "table_ops").ok(), Some(6));
    assert_eq!(call_i32(&mut store, table, "null_entry").ok(), Some(2));
    let deep = call_i32(&mut store, table, "recurse")
        .err()
        .and_then(|e| e.trap_code());
    assert_eq!(deep, Some(TrapCode::CallStackExhausted));
    let nearest = numeric
        .get_typed_func::<(), i64>(&store, "nearest")
        .expect("() -> i64");
    assert_eq!(nearest.call(&mut store, ()).ok(), Some(2));
    let overflow = call_i32(&mut store, numeric, "overflow")
        .err()
        .and_then(|e| e.trap_code());
    assert_eq!(overflow, Some(TrapCode::IntegerOverflow));
}

#[test]
fn mutated_modules_fail_cleanly_or_run() {
    let engine = Engine::default();
    let seeds = seed_modules();
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let mut counts = RunCounts::default();
    let mut valid = 0;
    for _ in 0..10_000 {
        let seed = &seeds[rng.below(seeds.len())];
        let mutant = mutate(seed, &mut rng);
        let module = match Module::new(&engine, &mutant) {
            Ok(module) => module,
            Err(error) => {
                assert_has_message(&error, &mutant);
                continue;
            }
        };
        valid += 1;
        if module.imports().next().is_none() && terminates_quickly(&mutant, seed) {
            run_exports(&module, &engine, &mutant, &mut counts);
        }
    }
    eprintln!(
        "mutants: {valid} valid, {} instantiated, {} calls returned, {} trapped",
        counts.instantiated, counts.calls_ok, counts.calls_trapped
    );
    // Guard against a harness that silently tests nothing: single-byte edits in data,
    // names and constants keep many mutants valid and runnable.
    assert!(valid > 300, "only {valid} mutants validated");
    assert!(
        counts.instantiated > 200,
        "only {} mutants instantiated",
        counts.instantiated
    );
    assert!(
        counts.calls_ok > 500,
        "only {} calls succeeded",
        counts.calls_ok
    );
    assert!(
        counts.calls_trapped > 100,
        "only {} calls trapped",
        counts.calls_trapped
    );
}

// ---------------------------------------------------------------------------------------
// Deep recursion
// ---------------------------------------------------------------------------------------

/// `forever` recurses without end, counting its depth in a global; `sum(n)` recurses `n`
/// deep and returns `n + (n - 1) + ... + 0`.
const RECURSION_WAT: &str = r#"
(module
  (global $depth (export "depth") (mut i64) (i64.const 0))
  (func $forever (export "forever")
    (global.set $depth (i64.add (global.get $depth) (i64.const 1)))
    (call $forever))
  (func $sum (export "sum") (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (i64.const 0))
      (else (i64.add (local.get $n) (call $sum (i64.sub (local.get $n) (i64.const 1))))))))
"#;

/// Runs `body` on a thread with the default 2 MiB stack, failing the test if it panics.
fn on_small_stack_thread(body: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .name("two-mebibyte-stack".into())
        .stack_size(2 << 20)
        .spawn(body)
        .expect("the OS can start a thread");
    assert!(handle.join().is_ok(), "the deep-recursion thread panicked");
}

#[test]
fn deep_recursion_traps_and_completes_without_host_stack_overflow() {
    on_small_stack_thread(|| {
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(RECURSION_WAT).expect("valid WAT"))
            .expect("the recursion module validates");
        let mut store = Store::new(&engine, ());
        store.set_limits(StoreLimits {
            max_call_depth: 3_000_000,
            ..StoreLimits::default()
        });
        let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");

        let forever = instance
            .get_typed_func::<(), ()>(&store, "forever")
            .expect("() -> ()");
        let error = forever
            .call(&mut store, ())
            .expect_err("unbounded recursion must trap");
        assert_eq!(
            error.trap_code(),
            Some(TrapCode::CallStackExhausted),
            "{error}"
        );
        assert_eq!(error.to_string(), "call stack exhausted");
        let depth = instance
            .get_global(&store, "depth")
            .expect("depth is exported");
        let Val::I64(depth) = depth.get(&store) else {
            panic!("depth is an i64 global");
        };
        assert!(
            (2_000_000..=3_000_000).contains(&depth),
            "recursion trapped at depth {depth}, not near the 3,000,000 limit"
        );

        let sum = instance
            .get_typed_func::<i64, i64>(&store, "sum")
            .expect("i64 -> i64");
        let total = sum
            .call(&mut store, 1_000_000)
            .expect("a million frames fit the limit");
        assert_eq!(total, 1_000_000 * 1_000_001 / 2);
    });
}

// ---------------------------------------------------------------------------------------
// Error offsets
// ---------------------------------------------------------------------------------------

/// Asserts that `bytes` is rejected as a decode error whose message names the offset that
/// wasmparser itself reports for the same bytes.
fn assert_rejected_with_offset(bytes: &[u8]) {
    let expected = wasmparser::Validator::new()
        .validate_all(bytes)
        .err()
        .expect("the test input is malformed")
        .offset();
    let error = Module::new(&Engine::default(), bytes).expect_err("malformed input is refused");
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    let message = error.to_string();
    assert!(message.contains("offset"), "no offset in {message:?}");
    assert!(
        message.contains(&format!("{expected:#x}")) || message.contains(&expected.to_string()),
        "{message:?} does not name offset {expected}"
    );
}

/// Where a valid module's code section lies.
fn code_section_range(bytes: &[u8]) -> core::ops::Range<usize> {
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let Ok(wasmparser::Payload::CodeSectionStart {
            unchecked_range, ..
        }) = payload
        {
            let start = usize::try_from(unchecked_range.start).expect("small module");
            let end = usize::try_from(unchecked_range.end).expect("small module");
            return start..end;
        }
    }
    panic!("the module has a code section");
}

#[test]
fn malformed_modules_report_the_byte_offset() {
    // Bad magic number.
    assert_rejected_with_offset(b"\0asx\x01\0\0\0");
    // Unsupported version.
    assert_rejected_with_offset(b"\0asm\x02\0\0\0");
    // A type section that declares 5 bytes but holds 2.
    assert_rejected_with_offset(b"\0asm\x01\0\0\0\x01\x05\x01\x60");
    // A valid module cut in the middle of its code section.
    let seed = wat::parse_str(CONTROL_FLOW_WAT).expect("valid WAT");
    let code = code_section_range(&seed);
    assert_rejected_with_offset(&seed[..code.start + code.len() / 2]);
    // The last function body's `end` turned into `nop`: the body runs off its end.
    let mut bad_end = seed.clone();
    assert_eq!(
        bad_end[code.end - 1],
        0x0b,
        "a code section ends with a function's `end`"
    );
    bad_end[code.end - 1] = 0x01;
    assert_rejected_with_offset(&bad_end);
}
