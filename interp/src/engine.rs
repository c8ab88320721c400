//! [`Engine`] and [`Config`]: shared, immutable configuration plus the registry that gives
//! every distinct function signature one small id, so `call_indirect` compares integers.

use crate::ref_type::ExactFuncType;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// When a module's function bodies are validated and translated to the engine's internal code.
///
/// Translating a function costs several times what validating it costs, and many functions of
/// a big module never run, so by default a body is translated the first time it is called.
/// Translation is thread-safe: a function called first on several threads at once is
/// translated once for the module and every instance of it shares the result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompilationMode {
    /// Validate and translate every function in `Module::new`. The slowest start, but no
    /// call ever pays for translation.
    Eager,
    /// Validate every function in `Module::new`, so an invalid body is still reported there,
    /// and translate each on its first call. The default.
    #[default]
    LazyTranslation,
    /// Validate and translate each function on its first call. The fastest start; an invalid
    /// body is reported only when its function is first called, as an error of that call.
    Lazy,
}

/// Engine configuration.
#[derive(Clone, Debug)]
pub struct Config {
    consume_fuel: bool,
    interruptible: bool,
    compilation_mode: CompilationMode,
    parallel_compilation: bool,
    proposals: crate::proposals::Proposals,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            consume_fuel: false,
            interruptible: false,
            compilation_mode: CompilationMode::default(),
            parallel_compilation: true,
            proposals: crate::proposals::Proposals::default(),
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Config {
        Config::default()
    }

    /// Whether wasm code consumes fuel (off by default). When on, every function entry and
    /// every loop iteration charges roughly the number of wasm instructions it is about to
    /// run from the store's fuel ([`crate::Store::set_fuel`]); running out traps with
    /// [`crate::TrapCode::OutOfFuel`], so a runaway app can always be stopped. When off,
    /// the translated code contains no fuel checks at all.
    pub fn consume_fuel(&mut self, yes: bool) -> &mut Self {
        self.consume_fuel = yes;
        self
    }

    /// Whether wasm code can be stopped from another thread (off by default). When on, code
    /// gets the same charge points as fuel metering and
    /// [`crate::Store::interrupt_handle`] gives a handle whose
    /// [`interrupt`](crate::InterruptHandle::interrupt) makes the store's running code trap
    /// with [`crate::TrapCode::Interrupted`] soon after. When off (and fuel is off), the
    /// translated code contains no charge points and pays nothing.
    pub fn interruptible(&mut self, yes: bool) -> &mut Self {
        self.interruptible = yes;
        self
    }

    /// When function bodies are validated and translated ([`CompilationMode::LazyTranslation`]
    /// by default).
    pub fn compilation_mode(&mut self, mode: CompilationMode) -> &mut Self {
        self.compilation_mode = mode;
        self
    }

    /// Whether `Module::new` may validate (and, with [`CompilationMode::Eager`], translate)
    /// the function bodies of a big module on several threads, one per available core (on by
    /// default). Small modules are always done on the calling thread. Whichever way, the
    /// module and any error are the same: the error reported is the first failing body's in
    /// function order. Switch it off to keep `Module::new` on the calling thread.
    pub fn parallel_compilation(&mut self, yes: bool) -> &mut Self {
        self.parallel_compilation = yes;
        self
    }

    /// Whether modules may use reference types (on by default): several tables, `funcref`
    /// and `externref` values, `ref.null`, `ref.is_null`, `ref.func`, `table.get`/`set`/
    /// `size`/`grow`/`fill` and the typed `select`. When off, such modules are refused at
    /// validation, as WebAssembly 1.0 (with bulk memory and threads) refused them; typed
    /// function references ([`Config::wasm_function_references`]) build on reference types
    /// and are then refused too.
    pub fn wasm_reference_types(&mut self, yes: bool) -> &mut Self {
        self.proposals.reference_types = yes;
        self
    }

    /// Whether modules may use tail calls (`return_call` and friends; on by default).
    pub fn wasm_tail_call(&mut self, yes: bool) -> &mut Self {
        self.proposals.tail_call = yes;
        self
    }

    /// Whether modules may have several memories (on by default). When off, the byte after
    /// `memory.size` and `memory.grow` must be zero, as WebAssembly 2.0 requires.
    pub fn wasm_multi_memory(&mut self, yes: bool) -> &mut Self {
        self.proposals.multi_memory = yes;
        self
    }

    /// Whether modules may use typed function references (`call_ref`, `ref.as_non_null`,
    /// `br_on_null`, `br_on_non_null`, `(ref $t)` types; on by default; needs
    /// [`Config::wasm_reference_types`]).
    pub fn wasm_function_references(&mut self, yes: bool) -> &mut Self {
        self.proposals.function_references = yes;
        self
    }

    /// Whether modules may use 128-bit SIMD (`v128` values and instructions; on by
    /// default). When off, such modules are refused as unsupported.
    pub fn wasm_simd(&mut self, yes: bool) -> &mut Self {
        self.proposals.simd = yes;
        self
    }

    /// Whether modules may use relaxed SIMD (on by default; needs [`Config::wasm_simd`]).
    /// Each relaxed instruction gives the same one of its allowed results on every run and
    /// host.
    pub fn wasm_relaxed_simd(&mut self, yes: bool) -> &mut Self {
        self.proposals.relaxed_simd = yes;
        self
    }
}

/// A compilation environment shared by modules and stores. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    config: Config,
    types: Mutex<TypeRegistry>,
}

#[derive(Default)]
struct TypeRegistry {
    by_type: HashMap<ExactFuncType, u32>,
    types: Vec<ExactFuncType>,
}

impl Engine {
    /// An engine with this configuration.
    pub fn new(config: &Config) -> Engine {
        Engine {
            inner: Arc::new(EngineInner {
                config: config.clone(),
                types: Mutex::default(),
            }),
        }
    }

    /// The id shared by every function type equal to `ty` (exactly: two types that differ
    /// only in the function types their references name have different ids).
    pub(crate) fn intern_type(&self, ty: &ExactFuncType) -> u32 {
        let mut reg = self.inner.types.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = reg.by_type.get(ty) {
            return id;
        }
        let id = reg.types.len() as u32;
        reg.types.push(ty.clone());
        reg.by_type.insert(ty.clone(), id);
        id
    }

    /// The function type with id `id` (from [`Engine::intern_type`]).
    pub(crate) fn exact_type(&self, id: u32) -> ExactFuncType {
        let reg = self.inner.types.lock().unwrap_or_else(|e| e.into_inner());
        reg.types[id as usize].clone()
    }

    /// Whether code compiled by this engine charges fuel.
    pub(crate) fn consumes_fuel(&self) -> bool {
        self.inner.config.consume_fuel
    }

    /// Whether stores of this engine can be interrupted.
    pub(crate) fn interruptible(&self) -> bool {
        self.inner.config.interruptible
    }

    /// Whether translated code needs charge points: for fuel, for interruption, or both.
    pub(crate) fn emits_charge_points(&self) -> bool {
        self.consumes_fuel() || self.interruptible()
    }

    /// The WebAssembly features modules of this engine are validated with.
    pub(crate) fn wasm_features(&self) -> wasmparser::WasmFeatures {
        self.inner.config.proposals.wasm_features()
    }

    /// When modules compiled by this engine validate and translate their functions.
    pub(crate) fn compilation_mode(&self) -> CompilationMode {
        self.inner.config.compilation_mode
    }

    /// On how many threads `Module::new` may check function bodies.
    pub(crate) fn compile_threads(&self) -> usize {
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        if !self.inner.config.parallel_compilation {
            return 1;
        }
        *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// Whether two handles name the same engine.
    pub(crate) fn same(&self, other: &Engine) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::default())
    }
}

impl core::fmt::Debug for Engine {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Engine")
    }
}
