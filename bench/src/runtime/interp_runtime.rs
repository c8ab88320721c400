//! This project's engine.

use std::time::Instant;

use anyhow::Result;

use super::{Instance, LoadTimes, Runtime};

/// `interp` with its default configuration.
pub struct Interp;

struct InterpInstance {
    store: interp::Store<()>,
    run: interp::TypedFunc<i32, i64>,
}

impl Runtime for Interp {
    fn name(&self) -> &'static str {
        "interp"
    }

    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)> {
        let engine = interp::Engine::default();
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
