//! How a call from the host hands its arguments to the callee and takes its results back:
//! from and into `Val` slices (`Func::call`), or from and into typed Rust values
//! (`TypedFunc::call`), which go straight to the value stack with no `Val` array, and so no
//! allocation, in between.

use super::call::check_args;
use super::{Caller, HostFn, WasmParams, WasmResults};
use crate::error::Error;
use crate::exec::SlotArgs;
use crate::store::StoreId;
use crate::types::{FuncType, ValType};
use crate::values::Val;

/// A call's arguments and the place for its results; a wasm callee takes them through
/// [`SlotArgs`] (after [`CallValues::check`]).
pub(crate) trait CallValues: SlotArgs {
    /// Checks the arguments and the room for results against the callee's signature.
    fn check(&self, ty: &FuncType) -> Result<(), Error>;

    /// Calls the host function `f`, whose signature is `ty`, with the arguments.
    fn call_host<T>(
        &mut self,
        f: &HostFn<T>,
        caller: Caller<'_, T>,
        ty: &FuncType,
    ) -> Result<(), Error>;
}

/// Arguments and results as `Val` slices.
pub(crate) struct ValSlices<'a> {
    pub params: &'a [Val],
    pub results: &'a mut [Val],
}

impl SlotArgs for ValSlices<'_> {
    fn write_params(&mut self, slots: &mut [u64], store: StoreId) -> Result<(), Error> {
        let mut at = 0;
        for v in self.params {
            at += v.write_slots(slots.get_mut(at..).unwrap_or_default(), store)?;
        }
        Ok(())
    }

    fn read_results(&mut self, slots: &[u64], types: &[ValType], store: StoreId) {
        let mut at = 0;
        for (r, &t) in self.results.iter_mut().zip(types) {
            *r = Val::read_slots(slots.get(at..).unwrap_or_default(), t, store);
            at += t.slots();
        }
    }
}

impl CallValues for ValSlices<'_> {
    fn check(&self, ty: &FuncType) -> Result<(), Error> {
        check_args(ty.params(), self.params, "parameters")?;
        if self.results.len() != ty.results().len() {
            return Err(Error::usage(format!(
                "expected room for {} results, got {}",
                ty.results().len(),
                self.results.len()
            )));
        }
        Ok(())
    }

    fn call_host<T>(
        &mut self,
        f: &HostFn<T>,
        caller: Caller<'_, T>,
        ty: &FuncType,
    ) -> Result<(), Error> {
        for (r, &t) in self.results.iter_mut().zip(ty.results()) {
            *r = Val::default_for(t);
        }
        f(caller, self.params, self.results)?;
        check_args(ty.results(), self.results, "results from the host function")
    }
}

/// How many values a typed call passes to a host function in arrays on the host stack;
/// more (only a hand-written `WasmParams` can have more) go in vectors.
const HOST_ARRAY_VALUES: usize = 8;

/// Typed arguments, and the typed results once the call has returned.
pub(crate) struct TypedValues<P, R> {
    params: Option<P>,
    results: Option<R>,
}

impl<P: WasmParams, R: WasmResults> TypedValues<P, R> {
    pub fn new(params: P) -> Self {
        Self {
            params: Some(params),
            results: None,
        }
    }

    /// The results, when the call returned values of the typed signature's types.
    pub fn into_results(self) -> Option<R> {
        self.results
    }
}

impl<P: WasmParams, R: WasmResults> SlotArgs for TypedValues<P, R> {
    fn write_params(&mut self, slots: &mut [u64], store: StoreId) -> Result<(), Error> {
        let Some(params) = self.params.take() else {
            return Err(Error::usage("a typed call's arguments were used twice"));
        };
        let mut at = 0;
        let mut foreign = None;
        params.each_val(
            |v| match v.write_slots(slots.get_mut(at..).unwrap_or_default(), store) {
                Ok(written) => at += written,
                Err(error) => {
                    foreign.get_or_insert(error);
                }
            },
        );
        foreign.map_or(Ok(()), Err)
    }

    fn read_results(&mut self, slots: &[u64], types: &[ValType], store: StoreId) {
        let mut at = 0;
        let vals = types.iter().map(|&t| {
            let v = Val::read_slots(slots.get(at..).unwrap_or_default(), t, store);
            at += t.slots();
            v
        });
        self.results = R::from_val_iter(vals);
    }
}

impl<P: WasmParams, R: WasmResults> CallValues for TypedValues<P, R> {
    fn check(&self, ty: &FuncType) -> Result<(), Error> {
        // `Func::typed` compared the types when it made the `TypedFunc`; a function's type
        // never changes, so only the counts are checked again (they bound the slots used).
        if P::count() != ty.params().len() || R::count() != ty.results().len() {
            return Err(Error::usage(
                "the typed signature differs from the function's signature",
            ));
        }
        Ok(())
    }

    fn call_host<T>(
        &mut self,
        f: &HostFn<T>,
        caller: Caller<'_, T>,
        ty: &FuncType,
    ) -> Result<(), Error> {
        let Some(params) = self.params.take() else {
            return Err(Error::usage("a typed call's arguments were used twice"));
        };
        let (nparams, nresults) = (ty.params().len(), ty.results().len());
        if nparams.max(nresults) > HOST_ARRAY_VALUES {
            let params = params.into_vals();
            let mut results = vec![Val::I32(0); nresults];
            ValSlices {
                params: &params,
                results: &mut results,
            }
            .call_host(f, caller, ty)?;
            self.results = R::from_vals(&results);
            return Ok(());
        }
        let mut param_vals = [Val::I32(0); HOST_ARRAY_VALUES];
        let mut written = 0;
        params.each_val(|v| {
            if let Some(slot) = param_vals.get_mut(written) {
                *slot = v;
                written += 1;
            }
        });
        let mut result_vals = [Val::I32(0); HOST_ARRAY_VALUES];
        // `written` and `nresults` are at most `HOST_ARRAY_VALUES` (checked above).
        let results = &mut result_vals[..nresults];
        ValSlices {
            params: &param_vals[..written],
            results,
        }
        .call_host(f, caller, ty)?;
        self.results = R::from_val_iter(result_vals[..nresults].iter().copied());
        Ok(())
    }
}
