//! Calls from wasm into host functions, and `memory.grow` (shared with the host API).

use super::active_frame::ActiveFrame;
use crate::error::Error;
use crate::simd::from_halves;
use crate::store::{ExecStore, StoreInner};
use crate::types::ValType;
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
    let mut at = 0;
    vals.extend(ty.params().iter().map(|&t| {
        let v = match t {
            ValType::V128 => Val::V128(from_halves(args.get(at), args.get(at + 1))),
            _ => Val::from_slot(args.get(at), t, id),
        };
        at += t.slots() as u32;
        v
    }));
    vals.extend(ty.results().iter().map(|&t| Val::default_for(t)));
    let (params, results) = vals.split_at_mut(np);
    let outcome = store.call_host(instance, index, params, results);
    super::unchecked::set_stack_end(stack_end);
    let written = outcome.and_then(|()| {
        let mut at = 0;
        for (v, &t) in results.iter().zip(ty.results()) {
            if v.ty() != t {
                return Err(Error::usage(format!(
                    "host function returned a {:?} where its type says {t:?}",
                    v.ty()
                )));
            }
            let (lo, hi) = v.to_slot_pair(id)?;
            args.set(at, lo);
            if t == ValType::V128 {
                args.set(at + 1, hi);
            }
            at += t.slots() as u32;
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
