//! The bridge to interp's shared-heap API: the `env.shared_heap_*` imports, and attaching
//! the chain built from the command line to the instance.

use anyhow::Context;
use chain::{Layout, SharedChain};
use interp::{Instance, Linker, Store};

use shheap_wasi::WasiCtx;

/// Defines `env.shared_heap_malloc` and `env.shared_heap_free` (i32 or i64 forms, as each
/// import asks). They return 0 / do nothing while no chain with a managed heap is attached,
/// so they are defined whether or not heaps were asked for.
pub fn define_imports(linker: &mut Linker<WasiCtx>) -> anyhow::Result<()> {
    linker
        .define_shared_heap_functions()
        .context("cannot define the shared-heap functions")?;
    Ok(())
}

/// Attaches `chain` to the instance's memory 0 and returns the layout it got there (whose
/// address space is the instance's: memory32 or memory64).
pub fn attach(
    instance: Instance,
    store: &mut Store<WasiCtx>,
    chain: &SharedChain,
) -> anyhow::Result<Layout> {
    instance
        .attach_shared_heap(store, chain)
        .context("cannot attach the shared heap to the module")?;
    instance
        .shared_heap_layout(store)
        .context("the shared heap was attached but has no layout")
}
