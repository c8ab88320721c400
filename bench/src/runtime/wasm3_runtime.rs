//! wasm3 0.9.0 through the `wasm3x` bindings, with their default configuration.
//!
//! wasm3 compiles each function lazily, on its first lookup or call, and `wasm3x` parses the
//! module once in `Module::new` (to validate its structure) and again when instantiating. So
//! for wasm3 the "compile" figure of the start-up table is only that first parse; the real
//! compile work shows up in "instantiate" (`run` is compiled when looked up) and "first call".

use std::time::Instant;

use anyhow::Result;

use super::{Instance, LoadTimes, Runtime};

/// wasm3 with `wasm3x`'s defaults: lazy compilation and a 1 MiB value stack.
pub struct Wasm3;

struct Wasm3Instance {
    store: wasm3x::Store<()>,
    run: wasm3x::TypedFunc<i32, i64>,
}

impl Runtime for Wasm3 {
    fn name(&self) -> &'static str {
        "wasm3"
    }

    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)> {
        let engine = wasm3x::Engine::default();
        let start = Instant::now();
        let module = wasm3x::Module::new(&engine, wasm)?;
        let compiled = Instant::now();
        let mut store = wasm3x::Store::new(&engine, ());
        let instance = wasm3x::Linker::new(&engine).instantiate_and_start(&mut store, &module)?;
        let run = instance.get_typed_func::<i32, i64>(&store, "run")?;
        let times = LoadTimes {
            compile: compiled - start,
            instantiate: compiled.elapsed(),
        };
        Ok((Box::new(Wasm3Instance { store, run }), times))
    }
}

impl Instance for Wasm3Instance {
    fn run(&mut self, argument: u32) -> Result<u64> {
        // The wasm signature is (i32) -> i64; C's unsigned values travel as their bits.
        Ok(self.run.call(&mut self.store, argument as i32)? as u64)
    }
}
