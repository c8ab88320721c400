//! The state of one running `.wast` script (its store, linker, named instances) and how each
//! directive executes against the engine.

use std::collections::HashMap;

use interp::{
    CompilationMode, Config, Engine, Error, ErrorKind, Extern, Instance, Linker, Module,
    SharedMemory, Store, Val,
};
use wast::token::Id;
use wast::{QuoteWat, WastDirective, WastExecute, WastInvoke, Wat};

use super::outcome::Outcome;
use super::spectest::define_spectest;
use super::values::{ExternRefs, arg_to_val, check_results, describe_vals};

/// One script's world: every module it instantiates shares one store and one linker.
pub struct Script {
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The latest instantiated module: the target of `invoke`s that name none.
    current: Option<Instance>,
    /// Instances by their `$name` in the script.
    named: HashMap<String, Instance>,
    /// Modules from `(module definition ...)`, by name.
    definitions: HashMap<String, Module>,
    /// The latest `(module definition ...)`, for `(module instance)` naming none.
    last_definition: Option<Module>,
    externs: ExternRefs,
    /// Modules shared into this script thread by `(thread $t (shared (module $m)) ...)`: only
    /// their shared memories cross stores, by export name.
    shared_modules: HashMap<String, Vec<(String, SharedMemory)>>,
}

/// What an invocation, a global read or an instantiation produced.
enum Executed {
    /// It returned these values (none for an instantiation).
    Values(Vec<Val>),
    /// The engine returned this error (a trap, or a failure to decode, link, instantiate).
    Error(Error),
}

/// Why a module in the script did not come to be.
enum Rejection {
    /// The `wast` crate could not turn its text into a binary (a text-format error).
    Text(wast::Error),
    /// The engine refused the binary.
    Engine(Error),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Text(error) => write!(f, "the text did not parse: {error}"),
            Rejection::Engine(error) => write!(f, "{error}"),
        }
    }
}

/// The compilation mode the run uses: `SPEC_COMPILATION=eager` translates every function in
/// `Module::new`; anything else keeps the default (validate up front, translate on first call).
/// `CompilationMode::Lazy` is not offered: it reports invalid bodies at their first call, so
/// the `assert_invalid` directives could not pass.
fn compilation_mode() -> CompilationMode {
    match std::env::var("SPEC_COMPILATION").as_deref() {
        Ok("eager") => CompilationMode::Eager,
        _ => CompilationMode::LazyTranslation,
    }
}

/// Switches off, for the files of a suite or proposal older than a proposal, the proposals
/// that changed what its files assert: WebAssembly 2.0 and the memory64 and extended-const
/// proposals expect one memory at most (and a zero byte after `memory.grow`), as do the
/// function-references and threads proposals, which predate multi-memory. The threads
/// proposal's files predate reference types too (its `imports.wast` expects a second table
/// to be invalid).
fn configure_proposals(config: &mut Config, label: &str) {
    let older = |prefix: &str| label.starts_with(prefix);
    if older("wasm-v2/") || older("memory64/") || older("extended-const/") {
        config
            .wasm_tail_call(false)
            .wasm_multi_memory(false)
            .wasm_function_references(false);
    }
    if older("function-references/") || older("tail-call/") || older("threads/") {
        config.wasm_multi_memory(false);
    }
    if older("threads/") {
        config.wasm_reference_types(false);
    }
}

impl Script {
    /// A fresh world for the file `label`, with the `spectest` module defined.
    pub fn new(label: &str) -> Result<Script, Error> {
        let mut config = Config::new();
        config.compilation_mode(compilation_mode());
        configure_proposals(&mut config, label);
        Script::on_engine(Engine::new(&config))
    }

    /// The world of a script thread: a store of its own on this script's engine, seeing the
    /// shared memories of `shared_module` (which must export nothing else) under its name,
    /// and this script's module definitions (compiled modules belong to the engine).
    pub fn for_thread(&self, shared_module: Option<Id<'_>>) -> Result<Script, String> {
        let mut child = Script::on_engine(self.engine.clone())
            .map_err(|error| format!("setting up the thread's spectest module failed: {error}"))?;
        child.definitions = self.definitions.clone();
        child.last_definition = self.last_definition.clone();
        if let Some(id) = shared_module {
            let instance = self.instance(Some(id))?;
            let mut memories = Vec::new();
            for (name, export) in instance.exports(&self.store) {
                let shared = match export {
                    Extern::Memory(memory) => memory.shared(&self.store),
                    _ => None,
                };
                let Some(shared) = shared else {
                    return Err(format!(
                        "module ${} is shared with a thread, but its export \"{name}\" is not a \
                         shared memory (only shared memories cross threads)",
                        id.name()
                    ));
                };
                memories.push((name.to_string(), shared));
            }
            child.shared_modules.insert(id.name().to_string(), memories);
        }
        Ok(child)
    }

    fn on_engine(engine: Engine) -> Result<Script, Error> {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        // Scripts may `register` a name twice; the latest registration wins, as in the
        // reference interpreter.
        linker.allow_shadowing(true);
        define_spectest(&mut linker, &mut store)?;
        Ok(Script {
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            externs: ExternRefs::default(),
            shared_modules: HashMap::new(),
        })
    }

    /// Runs one directive (skipping is decided by the caller).
    pub fn run(&mut self, directive: WastDirective<'_>) -> Outcome {
        match directive {
            WastDirective::Module(mut quote) => self.run_module(&mut quote),
            WastDirective::ModuleDefinition(mut quote) => self.run_definition(&mut quote),
            WastDirective::ModuleInstance {
                instance, module, ..
            } => self.run_module_instance(instance, module),
            WastDirective::Register { name, module, .. } => self.run_register(name, module),
            WastDirective::Invoke(invoke) => match self.invoke(&invoke) {
                Ok(Executed::Values(_)) => Outcome::Passed,
                Ok(Executed::Error(error)) => Outcome::Failed(format!("invoke failed: {error}")),
                Err(problem) => Outcome::Failed(problem),
            },
            WastDirective::AssertReturn { exec, results, .. } => match self.execute(exec) {
                Ok(Executed::Values(values)) => {
                    match check_results(&results, &values, &self.store) {
                        Ok(()) => Outcome::Passed,
                        Err(mismatch) => Outcome::Failed(mismatch),
                    }
                }
                Ok(Executed::Error(error)) => Outcome::Failed(format!(
                    "expected results, got an error ({:?}): {error}",
                    error.kind()
                )),
                Err(problem) => Outcome::Failed(problem),
            },
            WastDirective::AssertTrap { exec, message, .. } => {
                let executed = self.execute(exec);
                self.expect_trap(executed, message)
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let executed = self.invoke(&call);
                self.expect_trap(executed, message)
            }
            WastDirective::AssertMalformed {
                mut module,
                message,
                ..
            }
            | WastDirective::AssertInvalid {
                mut module,
                message,
                ..
            } => self.run_rejected(&mut module, message),
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => self.run_unlinkable(&mut module, message),
            other => Outcome::Failed(format!(
                "the harness has no way to run this directive: {other:?}"
            )),
        }
    }

    /// `assert_malformed` and `assert_invalid`: the module must not decode; any decode error
    /// passes.
    fn run_rejected(&mut self, module: &mut QuoteWat<'_>, message: &str) -> Outcome {
        match self.compile(module) {
            Ok(_) => Outcome::Failed(format!(
                "the module was accepted; expected it to be rejected with \"{message}\""
            )),
            Err(rejection) => {
                let wrong_kind = match &rejection {
                    Rejection::Engine(error) if error.kind() != ErrorKind::Decode => {
                        Some(error.kind())
                    }
                    _ => None,
                };
                expected_rejection(&rejection.to_string(), message, wrong_kind)
            }
        }
    }

    fn run_module(&mut self, quote: &mut QuoteWat<'_>) -> Outcome {
        let name = quote.name().map(|id| id.name().to_string());
        // A module that fails to come to be leaves no current module, so that later
        // `invoke`s fail loudly instead of calling into an older module.
        self.current = None;
        let module = match self.compile(quote) {
            Ok(module) => module,
            Err(rejection) => return Outcome::Failed(format!("module rejected: {rejection}")),
        };
        match self.linker.instantiate(&mut self.store, &module) {
            Ok(instance) => {
                self.set_current(instance, name);
                Outcome::Passed
            }
            Err(error) => Outcome::Failed(format!("instantiation failed: {error}")),
        }
    }

    fn run_definition(&mut self, quote: &mut QuoteWat<'_>) -> Outcome {
        let name = quote.name().map(|id| id.name().to_string());
        match self.compile(quote) {
            Ok(module) => {
                if let Some(name) = name {
                    self.definitions.insert(name, module.clone());
                }
                self.last_definition = Some(module);
                Outcome::Passed
            }
            Err(rejection) => Outcome::Failed(format!("module rejected: {rejection}")),
        }
    }

    fn run_module_instance(&mut self, instance: Option<Id<'_>>, module: Option<Id<'_>>) -> Outcome {
        let definition = match module {
            Some(id) => self.definitions.get(id.name()),
            None => self.last_definition.as_ref(),
        };
        let Some(definition) = definition.cloned() else {
            return Outcome::Failed("no such module definition".to_string());
        };
        match self.linker.instantiate(&mut self.store, &definition) {
            Ok(created) => {
                self.set_current(created, instance.map(|id| id.name().to_string()));
                Outcome::Passed
            }
            Err(error) => Outcome::Failed(format!("instantiation failed: {error}")),
        }
    }

    fn run_register(&mut self, name: &str, module: Option<Id<'_>>) -> Outcome {
        if let Some(memories) = module.and_then(|id| self.shared_modules.get(id.name())) {
            for (export, memory) in memories {
                if let Err(error) = self.linker.define_shared_memory(name, export, memory) {
                    return Outcome::Failed(format!("register failed: {error}"));
                }
            }
            return Outcome::Passed;
        }
        let instance = match self.instance(module) {
            Ok(instance) => instance,
            Err(problem) => return Outcome::Failed(problem),
        };
        match self.linker.instance(&mut self.store, name, instance) {
            Ok(_) => Outcome::Passed,
            Err(error) => Outcome::Failed(format!("register failed: {error}")),
        }
    }

    /// `assert_unlinkable` asks for an error at instantiation; any error passes, but one
    /// from decoding is reported as another message since the module itself should be fine.
    fn run_unlinkable(&mut self, module: &mut Wat<'_>, message: &str) -> Outcome {
        let bytes = match module.encode() {
            Ok(bytes) => bytes,
            Err(error) => {
                return expected_rejection(&Rejection::Text(error).to_string(), message, None);
            }
        };
        let compiled = match Module::new(&self.engine, &bytes) {
            Ok(compiled) => compiled,
            Err(error) => {
                return Outcome::PassedWithOtherMessage(format!(
                    "expected a link error \"{message}\", but decoding already failed: {error}"
                ));
            }
        };
        match self.linker.instantiate(&mut self.store, &compiled) {
            Ok(_) => Outcome::Failed(format!(
                "the module linked; expected it to fail with \"{message}\""
            )),
            Err(error) => {
                let wrong_kind = (error.kind() != ErrorKind::Link).then(|| error.kind());
                expected_rejection(&error.to_string(), message, wrong_kind)
            }
        }
    }

    fn set_current(&mut self, instance: Instance, name: Option<String>) {
        self.current = Some(instance);
        if let Some(name) = name {
            self.named.insert(name, instance);
        }
    }

    /// Encodes a script module to binary and decodes it with the engine.
    fn compile(&self, quote: &mut QuoteWat<'_>) -> Result<Module, Rejection> {
        let bytes = quote.encode().map_err(Rejection::Text)?;
        Module::new(&self.engine, &bytes).map_err(Rejection::Engine)
    }

    /// The instance a directive names, or the current one.
    fn instance(&self, id: Option<Id<'_>>) -> Result<Instance, String> {
        match id {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("no instance named ${}", id.name())),
            None => self
                .current
                .ok_or_else(|| "no current module (the last one failed to instantiate)".into()),
        }
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Executed, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module)?;
                match instance.get_export(&self.store, global) {
                    Some(Extern::Global(found)) => {
                        Ok(Executed::Values(vec![found.get(&self.store)]))
                    }
                    Some(other) => Err(format!("export \"{global}\" is not a global: {other:?}")),
                    None => Err(format!("no export named \"{global}\"")),
                }
            }
            WastExecute::Wat(mut wat) => {
                let bytes = wat
                    .encode()
                    .map_err(|error| format!("the module text did not parse: {error}"))?;
                let module = match Module::new(&self.engine, &bytes) {
                    Ok(module) => module,
                    Err(error) => return Ok(Executed::Error(error)),
                };
                Ok(match self.linker.instantiate(&mut self.store, &module) {
                    Ok(_) => Executed::Values(Vec::new()),
                    Err(error) => Executed::Error(error),
                })
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Executed, String> {
        let instance = self.instance(invoke.module)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| format!("no exported function named \"{}\"", invoke.name))?;
        let mut args = Vec::with_capacity(invoke.args.len());
        for arg in &invoke.args {
            args.push(arg_to_val(arg, &mut self.store, &mut self.externs)?);
        }
        let result_count = func.ty(&self.store).results().len();
        let mut results = vec![Val::I32(0); result_count];
        Ok(match func.call(&mut self.store, &args, &mut results) {
            Ok(()) => Executed::Values(results),
            Err(error) => Executed::Error(error),
        })
    }

    fn expect_trap(&self, executed: Result<Executed, String>, message: &str) -> Outcome {
        match executed {
            Err(problem) => Outcome::Failed(problem),
            Ok(Executed::Values(values)) => Outcome::Failed(format!(
                "expected trap \"{message}\", got results [{}]",
                describe_vals(&values, &self.store)
            )),
            Ok(Executed::Error(error)) if !error.is_trap() => Outcome::Failed(format!(
                "expected trap \"{message}\", got a non-trap error ({:?}): {error}",
                error.kind()
            )),
            Ok(Executed::Error(error)) => {
                if trap_matches(&error, message) {
                    Outcome::Passed
                } else {
                    Outcome::Failed(format!("expected trap \"{message}\", got trap \"{error}\""))
                }
            }
        }
    }
}

/// A trap matches when its message contains the script's text, or when the script's text
/// starts with the trap's spec wording (scripts sometimes append detail, e.g.
/// "uninitialized element 2").
fn trap_matches(error: &Error, expected: &str) -> bool {
    let actual = error.to_string();
    if actual.contains(expected) {
        return true;
    }
    error
        .trap_code()
        .is_some_and(|code| expected.starts_with(&code.to_string()))
}

/// An expected rejection came: it passes. A message not mentioning the script's text, or an
/// error of an unexpected kind (`wrong_kind`), is noted for information.
fn expected_rejection(actual: &str, expected: &str, wrong_kind: Option<ErrorKind>) -> Outcome {
    match wrong_kind {
        Some(kind) => Outcome::PassedWithOtherMessage(format!(
            "expected \"{expected}\", got an error of kind {kind:?}: {actual}"
        )),
        None if actual.contains(expected) => Outcome::Passed,
        None => Outcome::PassedWithOtherMessage(format!("expected \"{expected}\", got: {actual}")),
    }
}
