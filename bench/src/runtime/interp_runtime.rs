//! This project's engine.

use std::time::Instant;

use anyhow::Result;

use super::{Instance, LoadTimes, Runtime};

/// `interp` with its default configuration, or in another compilation mode, or with
/// `Module::new` kept on one thread.
pub struct Interp {
    /// When function bodies are translated.
    pub mode: interp::CompilationMode,
    /// Whether `Module::new` may check bodies on several threads.
    pub parallel: bool,
}

impl Interp {
    /// The default configuration: validation in `Module::new` (on several threads for big
    /// modules), translation on first call.
    pub const DEFAULT: Interp = Interp {
        mode: interp::CompilationMode::LazyTranslation,
        parallel: true,
    };
}

struct InterpInstance {
    store: interp::Store<()>,
    run: interp::TypedFunc<i32, i64>,
}

impl Runtime for Interp {
    fn name(&self) -> &'static str {
        match (self.mode, self.parallel) {
            (interp::CompilationMode::Eager, true) => "interp-eager",
            (interp::CompilationMode::Eager, false) => "interp-eager-1t",
            (interp::CompilationMode::LazyTranslation, true) => "interp",
            (interp::CompilationMode::LazyTranslation, false) => "interp-1t",
            (interp::CompilationMode::Lazy, _) => "interp-lazy",
        }
    }

    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)> {
        let engine = interp::Engine::new(
            interp::Config::new()
                .compilation_mode(self.mode)
                .parallel_compilation(self.parallel),
        );
        let start = Instant::now();
        let module = interp::Module::new(&engine, wasm)?;
        let compiled = Instant::now();
        let mut store = interp::Store::new(&engine, ());
        let instance = interp::Linker::new(&engine).instantiate(&mut store, &module)?;
        let run: interp::TypedFunc<i32, i64> = instance.get_typed_func(&store, "run")?;
        let times = LoadTimes {
            compile: compiled - start,
            instantiate: compiled.elapsed(),
        };
        Ok((Box::new(InterpInstance { store, run }), times))
    }
}

impl Instance for InterpInstance {
    fn run(&mut self, argument: u32) -> Result<u64> {
        // The wasm signature is (i32) -> i64; C's unsigned values travel as their bits.
        Ok(self.run.call(&mut self.store, argument as i32)? as u64)
    }
}
