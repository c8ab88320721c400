//! The oracle of the `diff_wasmi` target: a `wasm-smith` module runs on `interp` and on `wasmi`
//! and everything observable must agree: instantiation (ok or trap), each exported function's
//! results or trap kind (called with default arguments, in export order), and at the end the
//! bytes of every exported memory and the value of every exported global. Exports are visited in
//! name order on both engines (wasmi does not keep the module's order).
//!
//! Modules are generated within what `interp` supports (WebAssembly 2.0 with SIMD, memory64,
//! tail calls, multiple memories and extended constants: no threads, GC, exceptions, wide
//! arithmetic; no relaxed SIMD either, whose engines may each pick another allowed result,
//! so it cannot be compared bit for bit) and made to terminate with a fuel global (`ensure_termination`). NaNs are
//! canonicalized by the generator, so memory holds no engine-chosen NaN payloads; results
//! still treat any NaN as equal to any NaN. Call-stack exhaustion depends on how each engine
//! counts frames, so once either engine reports it the rest of the module is not compared.

use arbitrary::{Result as ArbitraryResult, Unstructured};

/// Fuel for `ensure_termination`: also bounds recursion depth below both engines' limits.
const FUEL: u32 = 500;
/// The call depth both engines get; above [`FUEL`] so recursion runs out of fuel first.
const CALL_DEPTH: u32 = 1024;
/// The linear-memory cap both engines get.
const MAX_MEMORY_BYTES: u64 = 4 * 1024 * 1024;
/// The table-size cap both engines get.
const MAX_TABLE_ELEMENTS: u64 = 10_000;

/// A value as compared: floats by bits except that all NaNs are one value, references by
/// nullness only (handles of two engines cannot be compared otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32` that is not NaN, by bits.
    F32(u32),
    /// An `f64` that is not NaN, by bits.
    F64(u64),
    /// Any NaN of either width.
    NaN,
    /// A `v128`, by bits (the generator canonicalizes NaN lanes too).
    V128(u128),
    /// A reference; `true` when null.
    Ref {
        /// Null?
        null: bool,
    },
}

impl Value {
    fn f32_bits(bits: u32) -> Value {
        if f32::from_bits(bits).is_nan() {
            Value::NaN
        } else {
            Value::F32(bits)
        }
    }

    fn f64_bits(bits: u64) -> Value {
        if f64::from_bits(bits).is_nan() {
            Value::NaN
        } else {
            Value::F64(bits)
        }
    }
}

/// A trap kind both engines name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` (also the fuel check's trap).
    Unreachable,
    /// Out of bounds memory access.
    MemoryOutOfBounds,
    /// Out of bounds table access.
    TableOutOfBounds,
    /// Indirect call to a null (uninitialized) element.
    NullElement,
    /// Integer division by zero.
    DivideByZero,
    /// Integer overflow.
    IntegerOverflow,
    /// Invalid conversion to integer.
    BadConversion,
    /// Indirect call type mismatch.
    BadSignature,
    /// Call stack exhausted: compared no further (see the module docs).
    StackExhausted,
    /// Anything else; the text says what.
    Other,
}

/// What one call (or instantiation) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Returned these values.
    Returned(Vec<Value>),
    /// Trapped.
    Trapped(TrapKind),
}

/// Everything observable about one module on one engine.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Observation {
    /// Instantiation, then each exported function, by export name.
    pub calls: Vec<(String, Outcome)>,
    /// Exported memories' bytes, by export name.
    pub memories: Vec<(String, Vec<u8>)>,
    /// Exported globals' values, by export name.
    pub globals: Vec<(String, Value)>,
    /// Either engine ran out of call stack: the rest was not compared.
    pub stopped: bool,
}

/// The generator configuration: only what `interp` implements, small memories and tables.
pub fn smith_config() -> wasm_smith::Config {
    wasm_smith::Config {
        simd_enabled: true,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        tail_call_enabled: true,
        gc_enabled: false,
        exceptions_enabled: false,
        extended_const_enabled: true,
        wide_arithmetic_enabled: false,
        custom_page_sizes_enabled: false,
        memory64_enabled: true,
        reference_types_enabled: true,
        bulk_memory_enabled: true,
        multi_value_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        max_memories: 3,
        max_tables: 2,
        max_imports: 0,
        max_memory32_bytes: 2 * 65536,
        max_memory64_bytes: 2 * 65536,
        max_table_elements: 1000,
        canonicalize_nans: true,
        export_everything: true,
        ..wasm_smith::Config::default()
    }
}

/// What became of one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Both engines ran it and agreed.
    Agreed,
    /// Nothing to compare: the generator gave up, or an engine refused the module or could
    /// not instantiate it within the limits.
    NotRun,
    /// wasmi failed internally (a panic in its own source, such as one of its debug
    /// assertions): not a divergence, and not compared.
    PeerFailed,
}

/// Generates a module from `data` and compares the engines; panics on any disagreement.
pub fn run(data: &[u8]) -> ArbitraryResult<Verdict> {
    let mut input = Unstructured::new(data);
    let mut module = wasm_smith::Module::new(smith_config(), &mut input)?;
    if module.ensure_termination(FUEL).is_err() {
        return Ok(Verdict::NotRun);
    }
    let bytes = module.to_bytes();
    Ok(compare(&bytes))
}

/// Runs `bytes` on both engines and panics, with both observations, if they disagree. A
/// panic inside wasmi is its own failure ([`crate::peer_panic`]); any other still panics.
pub fn compare(bytes: &[u8]) -> Verdict {
    let ours = on_interp(bytes);
    let Some(theirs) = crate::peer_panic::run_peer(|| on_wasmi(bytes)) else {
        return Verdict::PeerFailed;
    };
    let (Some(ours), Some(theirs)) = (ours, theirs) else {
        return Verdict::NotRun;
    };
    let stopped = ours.stopped || theirs.stopped;
    let calls = ours.calls.len().min(theirs.calls.len());
    assert_eq!(
        ours.calls[..calls],
        theirs.calls[..calls],
        "interp (left) and wasmi (right) disagree on a call"
    );
    if !stopped {
        assert_eq!(ours, theirs, "interp (left) and wasmi (right) disagree");
    }
    Verdict::Agreed
}

/// The stop rule: after a stack exhaustion nothing more is compared.
fn record(observation: &mut Observation, name: &str, outcome: Outcome) -> bool {
    let stop = outcome == Outcome::Trapped(TrapKind::StackExhausted);
    observation.calls.push((name.to_owned(), outcome));
    observation.stopped = stop;
    stop
}

/// `None` when the module is refused (then it must be refused for an understood reason).
fn on_interp(bytes: &[u8]) -> Option<Observation> {
    use interp::{Engine, ExternType, Instance, Module, Store, StoreLimits, Val};

    let engine = Engine::default();
    let module = match Module::new(&engine, bytes) {
        Ok(module) => module,
        Err(error) => panic!("interp refused a module wasm-smith generated: {error}"),
    };
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        max_memory_bytes: MAX_MEMORY_BYTES,
        max_table_elements: MAX_TABLE_ELEMENTS,
        max_call_depth: CALL_DEPTH,
        ..StoreLimits::default()
    });
    let mut observation = Observation::default();
    let instance = match Instance::new(&mut store, &module, &[]) {
        Ok(instance) => instance,
        Err(error) if error.is_trap() => {
            record(
                &mut observation,
                "<instantiate>",
                Outcome::Trapped(interp_trap(&error)),
            );
            return Some(observation);
        }
        // A limit (memory or table too large for the cap) is not a wasm-level result.
        Err(_) => return None,
    };
    record(
        &mut observation,
        "<instantiate>",
        Outcome::Returned(Vec::new()),
    );

    let value = |val: &Val| match *val {
        Val::I32(v) => Value::I32(v),
        Val::I64(v) => Value::I64(v),
        Val::F32(bits) => Value::f32_bits(bits),
        Val::F64(bits) => Value::f64_bits(bits),
        Val::FuncRef(r) => Value::Ref { null: r.is_none() },
        Val::ExternRef(r) => Value::Ref { null: r.is_none() },
        Val::V128(v) => Value::V128(v),
    };
    let mut exports: Vec<(String, ExternType)> = module
        .exports()
        .map(|e| (e.name().to_owned(), e.ty()))
        .collect();
    exports.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, ty) in &exports {
        let ExternType::Func(func_ty) = ty else {
            continue;
        };
        let Some(func) = instance.get_func(&store, name) else {
            continue;
        };
        let params: Vec<Val> = func_ty
            .params()
            .iter()
            .map(|&t| Val::default_for(t))
            .collect();
        let mut results: Vec<Val> = func_ty
            .results()
            .iter()
            .map(|&t| Val::default_for(t))
            .collect();
        let outcome = match func.call(&mut store, &params, &mut results) {
            Ok(()) => Outcome::Returned(results.iter().map(value).collect()),
            Err(error) => Outcome::Trapped(interp_trap(&error)),
        };
        if record(&mut observation, name, outcome) {
            return Some(observation);
        }
    }
    for (name, ty) in &exports {
        match ty {
            ExternType::Memory(_) => {
                if let Some(memory) = instance.get_memory(&store, name) {
                    let mut buf = vec![0; memory.data_size(&store)];
                    let read = memory.read(&store, 0, &mut buf);
                    assert!(
                        read.is_ok(),
                        "interp could not read its own memory: {read:?}"
                    );
                    observation.memories.push((name.clone(), buf));
                }
            }
            ExternType::Global(_) => {
                if let Some(global) = instance.get_global(&store, name) {
                    observation
                        .globals
                        .push((name.clone(), value(&global.get(&store))));
                }
            }
            _ => {}
        }
    }
    Some(observation)
}

fn interp_trap(error: &interp::Error) -> TrapKind {
    use interp::TrapCode;
    match error.trap_code() {
        Some(TrapCode::Unreachable) => TrapKind::Unreachable,
        Some(TrapCode::MemoryOutOfBounds) => TrapKind::MemoryOutOfBounds,
        Some(TrapCode::TableOutOfBounds | TrapCode::UndefinedElement) => TrapKind::TableOutOfBounds,
        Some(TrapCode::UninitializedElement) => TrapKind::NullElement,
        Some(TrapCode::IndirectCallTypeMismatch) => TrapKind::BadSignature,
        Some(TrapCode::IntegerOverflow) => TrapKind::IntegerOverflow,
        Some(TrapCode::IntegerDivideByZero) => TrapKind::DivideByZero,
        Some(TrapCode::InvalidConversionToInteger) => TrapKind::BadConversion,
        Some(TrapCode::CallStackExhausted) => TrapKind::StackExhausted,
        _ => TrapKind::Other,
    }
}

/// `None` when wasmi refuses the module or cannot instantiate it for a resource reason.
fn on_wasmi(bytes: &[u8]) -> Option<Observation> {
    use wasmi::{Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Val};

    let mut config = Config::default();
    config.wasm_memory64(true);
    config.wasm_tail_call(true);
    config.wasm_multi_memory(true);
    config.wasm_extended_const(true);
    config.wasm_simd(true);
    config.set_max_recursion_depth(CALL_DEPTH as usize);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, bytes).ok()?;
    let limits = StoreLimitsBuilder::new()
        .memory_size(MAX_MEMORY_BYTES as usize)
        .table_elements(MAX_TABLE_ELEMENTS as usize)
        .build();
    let mut store: Store<StoreLimits> = Store::new(&engine, limits);
    store.limiter(|limits| limits);
    let linker = Linker::<StoreLimits>::new(&engine);
    let mut observation = Observation::default();
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(error) => match error.as_trap_code() {
            Some(code) => {
                record(
                    &mut observation,
                    "<instantiate>",
                    Outcome::Trapped(wasmi_trap(code)),
                );
                return Some(observation);
            }
            None => return None,
        },
    };
    record(
        &mut observation,
        "<instantiate>",
        Outcome::Returned(Vec::new()),
    );

    let value = |val: &Val| match val {
        Val::I32(v) => Value::I32(*v),
        Val::I64(v) => Value::I64(*v),
        Val::F32(v) => Value::f32_bits(v.to_bits()),
        Val::F64(v) => Value::f64_bits(v.to_bits()),
        Val::FuncRef(r) => Value::Ref { null: r.is_null() },
        Val::ExternRef(r) => Value::Ref { null: r.is_null() },
        Val::V128(v) => Value::V128(v.as_u128()),
    };
    let mut names: Vec<String> = module.exports().map(|e| e.name().to_owned()).collect();
    names.sort();
    for name in &names {
        let Some(func) = instance.get_func(&store, name) else {
            continue;
        };
        let ty = func.ty(&store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        let outcome = match func.call(&mut store, &params, &mut results) {
            Ok(()) => Outcome::Returned(results.iter().map(value).collect()),
            Err(error) => {
                Outcome::Trapped(error.as_trap_code().map_or(TrapKind::Other, wasmi_trap))
            }
        };
        if record(&mut observation, name, outcome) {
            return Some(observation);
        }
    }
    for name in &names {
        if let Some(memory) = instance.get_memory(&store, name) {
            observation
                .memories
                .push((name.clone(), memory.data(&store).to_vec()));
        } else if let Some(global) = instance.get_global(&store, name) {
            observation
                .globals
                .push((name.clone(), value(&global.get(&store))));
        }
    }
    Some(observation)
}

fn wasmi_trap(code: wasmi::TrapCode) -> TrapKind {
    use wasmi::TrapCode;
    match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::NullElement,
        TrapCode::IntegerDivisionByZero => TrapKind::DivideByZero,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::BadConversionToInteger => TrapKind::BadConversion,
        TrapCode::StackOverflow => TrapKind::StackExhausted,
        TrapCode::BadSignature => TrapKind::BadSignature,
        _ => TrapKind::Other,
    }
}
