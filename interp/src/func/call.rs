//! Calls from the host (`Func::call`, `TypedFunc::call`, start functions): picking the
//! memory accessor, and calling a host callee directly or a wasm one through the executor.

use super::Caller;
use super::call_values::{CallValues, ValSlices};
use crate::Func;
use crate::error::Error;
use crate::mem_access::{MemoryAccess, NoHeap};
use crate::store::{FuncKind, Store};
use crate::values::Val;

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
    match entity.kind {
        FuncKind::Host { index } => {
            let f = store.typed.host_funcs[index as usize].func.clone();
            values.call_host(&f, Caller::new(store, None), &ty)
        }
        FuncKind::Wasm { .. } | FuncKind::Untranslated { .. } => {
            crate::exec::call_wasm(store.exec_view(), m, func.index, &ty, values)
        }
    }
}

/// Checks that `vals` match `types`.
pub(super) fn check_args(types: &[crate::ValType], vals: &[Val], what: &str) -> Result<(), Error> {
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
