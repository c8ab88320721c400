//! Execution: entering wasm from the host, the instruction handlers and how control passes
//! between them (`dispatch`), and the operations they use.
//!
//! Wasm-to-wasm calls never recurse on the host stack: frames are pushed on a `Vec`, and
//! one value stack is reused across calls. The memory accessor `M` is chosen here, once per
//! call into wasm.

mod active_frame;
mod atomic;
mod call_values;
mod dispatch;
mod handlers;
mod host;
mod memory;
mod run;
mod table;
mod unchecked;
// The tests build modules from WebAssembly text.
#[cfg(all(test, feature = "wat"))]
mod op_form_tests;
#[cfg(all(test, feature = "wat"))]
mod tests;

use crate::TrapCode;
use crate::error::Error;
use crate::func::{Caller, Func};
use crate::mem_access::{MemoryAccess, NoHeap};
use crate::store::{FuncKind, Store};
use crate::values::Val;
use call_values::ValSlices;
pub(crate) use call_values::{CallValues, TypedValues};

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

/// A suspended caller frame.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    /// Where the caller resumes (an exposed instruction pointer).
    ret_ip: usize,
    /// The caller's frame offset in the value stack.
    fp_off: usize,
    /// The caller's instance.
    inst: u32,
}

/// Calls `func` with `params`, writing `results`. The memory accessor is picked here, once:
/// the chain-following one if any instance of the store has a shared heap attached,
/// otherwise the no-chain one.
pub(crate) fn call_func<T>(
    store: &mut Store<T>,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    call_func_values(store, func, &mut ValSlices { params, results })
}

/// [`call_func`] with the arguments and results in any [`CallValues`] form.
pub(crate) fn call_func_values<T>(
    store: &mut Store<T>,
    func: Func,
    values: &mut impl CallValues,
) -> Result<(), Error> {
    #[cfg(feature = "shared-heap")]
    if store.inner.shared_heaps.any_attached() {
        return crate::shared_heap::call_with_chains(store, func, values);
    }
    call_func_with(store, &mut NoHeap, func, values)
}

/// Calls `func`, with memory-0 misses resolved by `m`.
pub(crate) fn call_func_with<T, M: MemoryAccess>(
    store: &mut Store<T>,
    m: &mut M,
    func: Func,
    values: &mut impl CallValues,
) -> Result<(), Error> {
    if func.store != store.inner.id {
        return Err(Error::foreign());
    }
    let Some(entity) = store.inner.funcs.get(func.index as usize) else {
        return Err(Error::foreign());
    };
    let ty = entity.ty.clone();
    values.check(&ty)?;
    let id = store.inner.id;
    match entity.kind {
        FuncKind::Host { index } => {
            let f = store.host_funcs[index as usize].func.clone();
            values.call_host(&f, Caller::new(store, None), &ty)
        }
        FuncKind::Wasm { .. } | FuncKind::Untranslated { .. } => {
            // Host -> wasm re-entry recurses on the host stack (wasm -> wasm calls never do):
            // bound both the depth and the host stack it has used since the outermost entry.
            let here = host_stack_position();
            if store.inner.nesting == 0 {
                store.inner.host_stack_base = here;
            }
            if store.inner.nesting >= MAX_NESTING
                || store.inner.host_stack_base.abs_diff(here) > HOST_STACK_BUDGET
            {
                return Err(Error::trap(TrapCode::CallStackExhausted));
            }
            // Slot counts: a v128 takes two.
            let nparams = crate::translate::slot_count(ty.params()) as usize;
            let nresults = crate::translate::slot_count(ty.results()) as usize;
            let mut stack = core::mem::take(&mut store.inner.stack);
            let mut frames = core::mem::take(&mut store.inner.frames);
            let need = nparams.max(nresults);
            if stack.len() < need {
                stack.resize(need.max(1024), 0);
            }
            let mut r = values.write_params(&mut stack[..nparams], id);
            if r.is_ok() {
                store.inner.nesting += 1;
                r = run::execute(store, m, &mut stack, &mut frames, func.index, 0);
                store.inner.nesting -= 1;
            }
            if r.is_ok() {
                values.read_results(&stack[..nresults], ty.results(), id);
            }
            frames.clear();
            if stack.capacity() >= store.inner.stack.capacity() {
                store.inner.stack = stack;
                store.inner.frames = frames;
            }
            r
        }
    }
}

/// Checks that `vals` match `types`.
fn check_args(types: &[crate::ValType], vals: &[Val], what: &str) -> Result<(), Error> {
    if types.len() != vals.len() {
        return Err(Error::usage(format!(
            "expected {} {what}, got {}",
            types.len(),
            vals.len()
        )));
    }
    for (i, (v, &t)) in vals.iter().zip(types).enumerate() {
        if v.ty() != t {
            return Err(Error::usage(format!(
                "{what} #{i}: expected {t:?}, got {:?}",
                v.ty()
            )));
        }
    }
    Ok(())
}
