//! WAMR (WebAssembly Micro Runtime) through the `wamrx` bindings, running its FAST
//! interpreter.
//!
//! Which mode runs: `wamrx-sys`'s build script configures WAMR's CMake build with
//! `WAMR_BUILD_INTERP=1`, `WAMR_BUILD_FAST_INTERP=1` and AOT, JIT and Fast-JIT all set to 0,
//! whatever cargo features are chosen, so the interpreter linked in is the fast one (WAMR
//! builds either the classic or the fast interpreter, never both). Verified by reading
//! `wamrx-sys-0.3.0/build.rs` and by listing the built archive: `ar t libiwasm.a` holds
//! `wasm_interp_fast.c.o` and no `wasm_interp_classic.c.o`. WAMR's fast interpreter
//! pre-compiles every function body into its own register-like code in `wasm_runtime_load`,
//! so its whole compile cost lands in the "compile" column of the start-up table. Software
//! bounds checks are used (`wamrx`'s default: its `hw-bound-check` feature is off).

use std::time::Instant;

use anyhow::Result;

use super::{Instance, LoadTimes, Runtime};

/// WAMR's fast interpreter with `wamrx`'s default instance configuration.
pub struct Wamr;

struct WamrInstance {
    instance: wamrx::Instance,
}

impl Runtime for Wamr {
    fn name(&self) -> &'static str {
        "wamr"
    }

    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)> {
        let engine = wamrx::Engine::new()?;
        let start = Instant::now();
        let module = wamrx::Module::new(&engine, wasm)?;
        let compiled = Instant::now();
        let instance = wamrx::Linker::new(&engine).instantiate(module)?;
        // Look `run` up once now so that a module without it fails here, like on the others.
        instance.get_func("run")?;
        let times = LoadTimes {
            compile: compiled - start,
            instantiate: compiled.elapsed(),
        };
        Ok((Box::new(WamrInstance { instance }), times))
    }
}

impl Instance for WamrInstance {
    fn run(&mut self, argument: u32) -> Result<u64> {
        let mut results = [wamrx::Val::I64(0)];
        // The wasm signature is (i32) -> i64; C's unsigned values travel as their bits.
        self.instance
            .get_func("run")?
            .call(&[wamrx::Val::I32(argument as i32)], &mut results)?;
        match results {
            [wamrx::Val::I64(answer)] => Ok(answer as u64),
            [other] => anyhow::bail!("wamr's `run` returned {other:?} where an i64 was expected"),
        }
    }
}
