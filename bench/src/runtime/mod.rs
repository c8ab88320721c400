//! The runtimes under comparison, behind one small interface.

mod interp_runtime;
#[cfg(feature = "c-peers")]
mod wamr_runtime;
#[cfg(feature = "c-peers")]
mod wasm3_runtime;
#[cfg(feature = "wasmi")]
mod wasmi_runtime;

use std::time::Duration;

use anyhow::Result;

/// A wasm runtime that can instantiate a benchmark program.
pub trait Runtime {
    /// The name printed in the table.
    fn name(&self) -> &'static str;

    /// Compiles and instantiates a module that exports `run(i32) -> i64` and imports nothing,
    /// and looks `run` up. Also returns how long compiling and instantiating took.
    fn instantiate_timed(&self, wasm: &[u8]) -> Result<(Box<dyn Instance>, LoadTimes)>;

    /// Compiles and instantiates a module, as [`Runtime::instantiate_timed`] without the timing.
    fn instantiate(&self, wasm: &[u8]) -> Result<Box<dyn Instance>> {
        Ok(self.instantiate_timed(wasm)?.0)
    }
}

/// How long the steps of [`Runtime::instantiate_timed`] took. Creating the engine (and, for
/// WAMR, initialising its process-wide runtime) is in neither: it is paid once per process.
#[derive(Clone, Copy, Debug)]
pub struct LoadTimes {
    /// `Module::new` or the runtime's equivalent: decoding, validating and whatever
    /// translation the runtime does before instantiation.
    pub compile: Duration,
    /// Instantiating the compiled module and looking up its export `run`.
    pub instantiate: Duration,
}

/// An instantiated benchmark program.
pub trait Instance {
    /// Calls the exported `run` once.
    fn run(&mut self, argument: u32) -> Result<u64>;
}

/// Every runtime compiled in, `interp` first (the ratios are against it).
pub fn runtimes() -> Vec<Box<dyn Runtime>> {
    vec![
        Box::new(interp_runtime::Interp::DEFAULT),
        #[cfg(feature = "wasmi")]
        Box::new(wasmi_runtime::Wasmi { eager: false }),
        #[cfg(feature = "c-peers")]
        Box::new(wasm3_runtime::Wasm3),
        #[cfg(feature = "c-peers")]
        Box::new(wamr_runtime::Wamr),
    ]
}

/// The runtimes of the SIMD programs: `interp` and wasmi (built with its `simd` feature).
/// wasm3 has no SIMD; WAMR's fast interpreter is built here without it.
pub fn simd_runtimes() -> Vec<Box<dyn Runtime>> {
    vec![
        Box::new(interp_runtime::Interp::DEFAULT),
        #[cfg(feature = "wasmi")]
        Box::new(wasmi_runtime::Wasmi { eager: false }),
    ]
}

/// The runtimes of the start-up figures: [`runtimes`] and, where a runtime offers more than one
/// compilation mode, its other modes (interp and wasmi translating every function eagerly,
/// interp validating on one thread).
pub fn startup_runtimes() -> Vec<Box<dyn Runtime>> {
    let mut all = runtimes();
    let interp_modes = [
        (interp::CompilationMode::LazyTranslation, false),
        (interp::CompilationMode::Eager, true),
        (interp::CompilationMode::Eager, false),
    ];
    for (at, (mode, parallel)) in interp_modes.into_iter().enumerate() {
        let runtime = interp_runtime::Interp { mode, parallel };
        all.insert(1 + at, Box::new(runtime));
    }
    #[cfg(feature = "wasmi")]
    all.insert(5, Box::new(wasmi_runtime::Wasmi { eager: true }));
    all
}

/// The runtime compiled in under `name` (including the extra start-up modes), if any.
pub fn runtime_named(name: &str) -> Option<Box<dyn Runtime>> {
    startup_runtimes()
        .into_iter()
        .find(|runtime| runtime.name() == name)
}
