//! Execution: entering wasm from the host, the instruction handlers and how control passes
//! between them (`dispatch`), and the operations they use.
//!
//! Wasm-to-wasm calls never recurse on the host stack: frames are pushed on a `Vec`, and
//! one value stack is reused across calls. The executor sees the store without its data
//! type ([`ExecStore`]), so it is generic over the memory accessor `M` only, chosen once per
//! call into wasm (by `func::call`).

mod active_frame;
mod atomic;
mod dispatch;
mod handlers;
mod host;
mod memory;
mod run;
mod shared_growth;
mod table;
mod unchecked;
// The tests build modules from WebAssembly text.
#[cfg(all(test, feature = "wat"))]
mod op_form_tests;
#[cfg(all(test, feature = "wat"))]
mod tests;

pub(crate) use dispatch::no_chain_handler;

use crate::TrapCode;
use crate::error::Error;
use crate::mem_access::MemoryAccess;
use crate::store::{ExecStore, StoreId};
use crate::types::{FuncType, ValType};

/// How many host -> wasm entries may be nested (each one uses some host stack).
const MAX_NESTING: u32 = 200;

/// How much host stack nested host -> wasm entries may use, measured from the outermost
/// entry: half of the smallest common thread stack (2 MiB), so host code keeps the rest.
const HOST_STACK_BUDGET: usize = 1 << 20;

/// An address in the current host stack frame (to measure stack use, never dereferenced).
#[inline(never)]
fn host_stack_position() -> usize {
    let marker = 0u8;
    core::hint::black_box(&marker) as *const u8 as usize
}

/// How a call from the host hands a wasm callee its arguments and takes its results: straight
/// to and from the callee's slots.
pub(crate) trait SlotArgs {
    /// Writes the arguments (already checked against the callee's type) to `slots`, one per
    /// slot (two per `v128`).
    fn write_params(&mut self, slots: &mut [u64], store: StoreId) -> Result<(), Error>;

    /// Takes the results from `slots`, whose values have the types `types`.
    fn read_results(&mut self, slots: &[u64], types: &[ValType], store: StoreId);
}

/// Calls wasm function `func` (store index, of type `ty`), with memory-0 misses resolved by
/// `m`: on the store's stacks, or on fresh ones when a call further out has them.
#[inline]
pub(crate) fn call_wasm<M: MemoryAccess>(
    store: &mut ExecStore<'_>,
    m: &mut M,
    func: u32,
    ty: &FuncType,
    values: &mut impl SlotArgs,
) -> Result<(), Error> {
    // Host -> wasm re-entry recurses on the host stack (wasm -> wasm calls never do): bound
    // both the depth and the host stack it has used since the outermost entry.
    let here = host_stack_position();
    if store.inner.nesting == 0 {
        store.inner.host_stack_base = here;
    }
    if store.inner.nesting >= MAX_NESTING
        || store.inner.host_stack_base.abs_diff(here) > HOST_STACK_BUDGET
    {
        return Err(Error::trap(TrapCode::CallStackExhausted));
    }
    let id = store.inner.id;
    // Slot counts: a v128 takes two.
    let nparams = crate::translate::slot_count(ty.params()) as usize;
    let nresults = crate::translate::slot_count(ty.results()) as usize;
    let mut stacks = core::mem::take(&mut store.inner.stacks);
    let need = nparams.max(nresults);
    if stacks.values.len() < need {
        stacks.values.resize(need.max(1024), 0);
    }
    let mut r = values.write_params(&mut stacks.values[..nparams], id);
    if r.is_ok() {
        store.inner.nesting += 1;
        r = run::execute(store, m, &mut stacks, func, 0);
        store.inner.nesting -= 1;
    }
    if r.is_ok() {
        values.read_results(&stacks.values[..nresults], ty.results(), id);
    }
    stacks.frames.clear();
    if stacks.values.capacity() >= store.inner.stacks.values.capacity() {
        store.inner.stacks = stacks;
    }
    r
}
