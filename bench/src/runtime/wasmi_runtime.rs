//! wasmi 2, with its default configuration.

use std::time::Instant;

use anyhow::Result;

use super::{Instance, LoadTimes, Runtime};

/// wasmi 2 with its default configuration (which translates function bodies lazily, on
/// their first call), or with eager translation of every body in `Module::new`.
pub struct Wasmi {
    /// Translate every function in `Module::new` (`CompilationMode::Eager`) instead.
    pub eager: bool,
}

struct WasmiInstance {
    store: wasmi::Store<()>,
    run: wasmi::TypedFunc<i32, i64>,
}

impl Runtime for Wasmi {
    fn name(&self) -> &'static str {
        if self.eager { "wasmi-eager" } else { "wasmi" }
    }

    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)> {
        let mut config = wasmi::Config::default();
        if self.eager {
            config.compilation_mode(wasmi::CompilationMode::Eager);
        }
        let engine = wasmi::Engine::new(&config);
        let start = Instant::now();
        let module = wasmi::Module::new(&engine, wasm)?;
        let compiled = Instant::now();
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::new(&engine).instantiate_and_start(&mut store, &module)?;
        let run = instance.get_typed_func::<i32, i64>(&store, "run")?;
        let times = LoadTimes {
            compile: compiled - start,
            instantiate: compiled.elapsed(),
        };
        Ok((Box::new(WasmiInstance { store, run }), times))
    }
}

impl Instance for WasmiInstance {
    fn run(&mut self, argument: u32) -> Result<u64> {
        Ok(self.run.call(&mut self.store, argument as i32)? as u64)
    }
}
