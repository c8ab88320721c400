//! [`Instance`]: an instantiated module, and its exports.

mod instantiate;

pub(crate) use instantiate::instantiate;

use crate::error::Error;
use crate::extern_::Extern;
use crate::fast_callee::FastCallees;
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::module::Module;
use crate::store::{AsContext, Store, StoreId};
use crate::{Global, Memory, Table};
use std::collections::HashMap;

/// An instance's index spaces, mapped to store indices.
pub(crate) struct InstanceData {
    #[allow(dead_code)]
    pub module: Module,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    pub elems: Vec<u32>,
    pub datas: Vec<u32>,
    pub exports: Vec<(Box<str>, Extern)>,
    pub export_index: HashMap<Box<str>, usize>,
    /// The fast call path's entries for `funcs` (filled as calls find them).
    pub callees: FastCallees,
}

impl InstanceData {
    /// The export called `name`.
    pub(crate) fn export(&self, name: &str) -> Option<Extern> {
        self.export_index.get(name).map(|&i| self.exports[i].1)
    }
}

/// An instance of a module in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instance {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Instance {
    /// Instantiates `module` with `imports` given positionally (as `Linker::instantiate`
    /// does after resolving names).
    pub fn new<T>(
        store: &mut Store<T>,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance, Error> {
        instantiate(store, module, imports)
    }

    fn data<'a, T>(&self, store: &'a Store<T>) -> Option<&'a InstanceData> {
        if self.store != store.inner.id {
            return None;
        }
        store.inner.instances.get(self.index as usize)
    }

    /// The export called `name`.
    pub fn get_export<T>(&self, store: &Store<T>, name: &str) -> Option<Extern> {
        self.data(store)?.export(name)
    }

    /// The exported function called `name`.
    pub fn get_func<T>(&self, store: &Store<T>, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function called `name`, typed: `get_typed_func::<Params, Results>(&store,
    /// name)` (the store's data type is inferred from `store`).
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        let store = store.as_context();
        let f = self
            .get_func(store, name)
            .ok_or_else(|| Error::usage(format!("no exported function named `{name}`")))?;
        f.typed(store)
    }

    /// The exported memory called `name`.
    pub fn get_memory<T>(&self, store: &Store<T>, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported memory called `name`, if it is a shared memory: a handle that instances
    /// in other stores, on other threads, can import (see [`crate::SharedMemory`]).
    pub fn get_shared_memory<T>(
        &self,
        store: &Store<T>,
        name: &str,
    ) -> Option<crate::SharedMemory> {
        self.get_memory(store, name)?.shared(store)
    }

    /// The exported global called `name`.
    pub fn get_global<T>(&self, store: &Store<T>, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported table called `name`.
    pub fn get_table<T>(&self, store: &Store<T>, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// All exports, in declaration order.
    pub fn exports<'a, T>(
        &self,
        store: &'a Store<T>,
    ) -> impl Iterator<Item = (&'a str, Extern)> + 'a {
        self.data(store)
            .into_iter()
            .flat_map(|d| d.exports.iter().map(|(n, e)| (&**n, *e)))
    }
}
