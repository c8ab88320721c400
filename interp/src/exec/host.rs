//! Calls from wasm into host functions, and `memory.grow` (shared with the host API).

use super::active_frame::ActiveFrame;
use crate::error::Error;
use crate::store::{ExecStore, StoreInner};
use crate::values::Val;

/// Calls function `func` (store index), host function `index`, with the arguments at
/// `args`, writing results there. `stack_end` is the end of the value stack `args` lies in:
/// a nested call into wasm from the host function records another stack's end for the
/// checked builds, so it is restored before the results are written.
pub(super) fn call_from_wasm(
    store: &mut ExecStore<'_>,
    instance: u32,
    func: u32,
    index: u32,
    mut args: ActiveFrame,
    stack_end: *const u64,
) -> Result<(), Error> {
    let ty = store.inner.funcs[func as usize].ty.clone();
    let id = store.inner.id;
    let np = ty.params().len();
    // One reused buffer holds params then results (a nested call finds it taken and uses a
    // fresh one).
    let mut vals = core::mem::take(&mut store.inner.host_vals);
    vals.clear();
    vals.extend(
        ty.params()
            .iter()
            .enumerate()
            .map(|(i, &t)| Val::from_slot(args.get(i as u32), t, id)),
    );
    vals.extend(ty.results().iter().map(|&t| Val::default_for(t)));
    let (params, results) = vals.split_at_mut(np);
    let outcome = store.call_host(instance, index, params, results);
    super::unchecked::set_stack_end(stack_end);
    let written = outcome.and_then(|()| {
        for (i, (v, &t)) in results.iter().zip(ty.results()).enumerate() {
            if v.ty() != t {
                return Err(Error::usage(format!(
                    "host function returned a {:?} where its type says {t:?}",
                    v.ty()
                )));
            }
            args.set(i as u32, v.to_slot(id)?);
        }
        Ok(())
    });
    store.inner.host_vals = vals;
    written
}

/// `memory.grow` on memory 0 of `instance`: the old size in pages, or -1 in the memory's
/// index type. `linear_limit` is where an attached chain begins.
pub(super) fn memory_grow(s: &mut StoreInner, instance: u32, delta: u64, linear_limit: u64) -> u64 {
    let Some(&mi) = s.instances[instance as usize].memories.first() else {
        return u64::MAX;
    };
    let max_bytes = s.limits.max_memory_bytes;
    let md = &mut s.memories[mi as usize];
    match md.grow(delta, max_bytes, linear_limit) {
        Some(old) => old,
        None if md.memory64() => u64::MAX,
        None => u64::from(u32::MAX),
    }
}
