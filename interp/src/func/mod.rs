//! Functions: the [`Func`] handle, host functions and [`Caller`].

mod call;
mod call_values;
mod host_arg;
mod into_func;
mod typed;

pub(crate) use call::call_func;
#[cfg(feature = "shared-heap")]
pub(crate) use {call::call_func_with, call_values::CallValues};

pub use host_arg::HostArg;
pub use into_func::IntoFunc;
pub use typed::{TypedFunc, WasmParams, WasmResults, WasmTy};

use crate::error::Error;
use crate::extern_::Extern;
use crate::store::{FuncEntity, FuncKind, Store, StoreId};
use crate::types::FuncType;
use crate::values::Val;
use std::sync::Arc;

/// A host function's code with a dynamic signature.
pub(crate) type HostFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static>;

/// A host function in a store (its type is its `FuncEntity`'s).
pub(crate) struct HostFunc<T> {
    pub func: HostFn<T>,
}

/// A function (wasm or host) in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Func {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Func {
    /// A host function with a dynamic signature.
    pub fn new<T>(
        store: &mut Store<T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Func {
        Self::from_host(store, ty, Arc::new(f))
    }

    pub(crate) fn from_host<T>(store: &mut Store<T>, ty: FuncType, func: HostFn<T>) -> Func {
        let type_id = store
            .inner
            .engine
            .intern_type(&crate::ref_type::ExactFuncType::of_host(&ty));
        let index = store.typed.host_funcs.len() as u32;
        store.typed.host_funcs.push(HostFunc { func });
        let f = store.inner.funcs.len() as u32;
        store.inner.funcs.push(FuncEntity {
            type_id,
            ty,
            kind: FuncKind::Host { index },
        });
        Func {
            store: store.inner.id,
            index: f,
        }
    }

    /// A host function from a closure with typed params and results, e.g.
    /// `|a: i32| a + 1` or `|caller: Caller<'_, T>, a: i32| -> Result<i64, Error> { .. }`.
    pub fn wrap<T, Params, Results>(
        store: &mut Store<T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, func) = f.into_host_fn();
        Self::from_host(store, ty, func)
    }

    /// The function's signature (empty for a foreign handle).
    pub fn ty<T>(&self, store: &Store<T>) -> FuncType {
        match self.entity(store) {
            Ok(e) => e.ty.clone(),
            Err(_) => FuncType::new([], []),
        }
    }

    pub(crate) fn entity<'a, T>(&self, store: &'a Store<T>) -> Result<&'a FuncEntity, Error> {
        if self.store != store.inner.id {
            return Err(Error::foreign());
        }
        store
            .inner
            .funcs
            .get(self.index as usize)
            .ok_or_else(Error::foreign)
    }

    /// Calls the function: checks `params` against its type (an error, not a panic, on
    /// mismatch), runs it, and writes `results`.
    pub fn call<T>(
        &self,
        store: &mut Store<T>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        call::call_func(store, *self, params, results)
    }

    /// A typed view of this function; errors if the signature differs from `P -> R`.
    pub fn typed<T, P: WasmParams, R: WasmResults>(
        &self,
        store: &Store<T>,
    ) -> Result<TypedFunc<P, R>, Error> {
        let ty = self.entity(store)?.ty.clone();
        if !P::matches(ty.params()) || !R::matches(ty.results()) {
            return Err(Error::usage(format!(
                "function type mismatch: the function has params {:?} and results {:?}",
                ty.params(),
                ty.results()
            )));
        }
        Ok(TypedFunc::new(*self))
    }
}

/// The context a host function runs in: the store and the calling instance.
pub struct Caller<'a, T> {
    store: &'a mut Store<T>,
    instance: Option<u32>,
}

impl<'a, T> Caller<'a, T> {
    pub(crate) fn new(store: &'a mut Store<T>, instance: Option<u32>) -> Self {
        Caller { store, instance }
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        self.store.data()
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }

    /// The calling instance (`None` when called directly from the host).
    pub fn instance(&self) -> Option<crate::Instance> {
        Some(crate::Instance {
            store: self.store.inner.id,
            index: self.instance?,
        })
    }

    /// An export of the calling instance (`None` when called directly from the host).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let inst = self.store.inner.instances.get(self.instance? as usize)?;
        inst.export(name)
    }

    /// The store, e.g. for `Memory::read`.
    pub fn store(&self) -> &Store<T> {
        self.store
    }

    /// The store, mutably, e.g. for `Memory::write` or calling other functions.
    pub fn store_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}
