//! The store as the executor sees it: the non-generic [`StoreInner`] plus an entry point that
//! calls host functions, with the store's data type `T` behind a trait object. So the
//! executor (every instruction handler) is compiled once per memory accessor, not once per
//! `T`; only the few lines that hand a host function its `Caller` are generic.

use super::{Store, StoreInner, TypedPart};
use crate::error::Error;
use crate::func::Caller;
use crate::values::Val;

/// A store's fields, with the typed part `H` possibly unsized. `Store<T>` has the same
/// fields in the same order and is `repr(C)` too, so it has the layout of
/// `StoreParts<TypedPart<T>>`.
#[repr(C)]
pub(crate) struct StoreParts<H: ?Sized> {
    pub inner: StoreInner,
    pub typed: H,
}

/// A store whose data type is erased: what the executor works on.
pub(crate) type ExecStore<'t> = StoreParts<dyn HostCalls + 't>;

/// Calls host function `index` (of the store's host functions) for instance `instance`
/// with `params`, writing `results`.
///
/// # Safety
/// `store` must be the store whose [`StoreInner::host_entry`] this is.
pub(crate) type HostEntry =
    unsafe fn(&mut ExecStore<'_>, u32, u32, &[Val], &mut [Val]) -> Result<(), Error>;

/// A store's typed part, unsized: the executor reaches it only through
/// [`StoreInner::host_entry`], which knows its type.
pub(crate) trait HostCalls {}

impl<T> HostCalls for TypedPart<T> {}

/// [`HostEntry`] for stores of data type `T` (what `Store::<T>::new` records).
///
/// # Safety
/// `store` must be the view of a `Store<T>` (see [`HostEntry`]).
pub(super) unsafe fn call_host<T>(
    store: &mut ExecStore<'_>,
    instance: u32,
    index: u32,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    // SAFETY: `store` covers a whole `StoreParts<TypedPart<T>>` (the caller's promise),
    // which has the layout of `Store<T>` (`repr(C)`, same fields); the cast keeps the
    // reference's provenance over all of it, and `store` is not used while the result is.
    let store = unsafe { &mut *(store as *mut ExecStore<'_>).cast::<Store<T>>() };
    let func = store.typed.host_funcs[index as usize].func.clone();
    func(Caller::new(store, Some(instance)), params, results)
}

impl ExecStore<'_> {
    /// Calls host function `index` (of the store's host functions) for instance `instance`.
    #[inline(always)]
    pub fn call_host(
        &mut self,
        instance: u32,
        index: u32,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        // SAFETY: `host_entry` is this store's own: only `Store::<T>::new` sets it, to the
        // entry for its `T`.
        unsafe { (self.inner.host_entry)(self, instance, index, params, results) }
    }
}

impl<T> Store<T> {
    /// This store as the executor sees it.
    pub(crate) fn exec_view(&mut self) -> &mut ExecStore<'_> {
        let parts = (self as *mut Store<T>).cast::<StoreParts<TypedPart<T>>>();
        // SAFETY: `Store<T>` and `StoreParts<TypedPart<T>>` are both `repr(C)` structs of
        // the same field types in the same order, so they have one layout; the reference
        // borrows `self` exclusively for as long as it lives.
        let parts: &mut StoreParts<TypedPart<T>> = unsafe { &mut *parts };
        parts
    }
}
