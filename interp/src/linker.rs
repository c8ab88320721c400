//! [`Linker`]: resolves imports by (module, name).

use crate::engine::Engine;
use crate::error::{Error, ErrorKind};
use crate::extern_::Extern;
use crate::func::{Caller, Func, IntoFunc};
use crate::instance::{Instance, instantiate};
use crate::memory::Memory;
use crate::module::Module;
use crate::shared_memory::SharedMemory;
use crate::store::{Store, StoreId};
use crate::types::{ExternType, FuncType};
use crate::values::Val;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type DynFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static>;

/// A host function defined in a linker, created in each store on first use.
struct HostDef<T> {
    ty: FuncType,
    func: DynFn<T>,
    /// The `Func` made for each store so far.
    made: Mutex<HashMap<StoreId, Func>>,
}

enum Definition<T> {
    Extern(Extern),
    Host(Arc<HostDef<T>>),
    /// Host functions of different types under one name: the import's type picks one.
    Overloads(Vec<Arc<HostDef<T>>>),
    /// A shared memory, with the `Memory` made for each store so far.
    SharedMemory(SharedMemory, Mutex<HashMap<StoreId, Memory>>),
}

/// Named definitions used to satisfy module imports.
pub struct Linker<T> {
    engine: Engine,
    shadowing: bool,
    defs: HashMap<(String, String), Definition<T>>,
}

impl<T> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            shadowing: false,
            defs: HashMap::new(),
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one (default: false, an error).
    pub fn allow_shadowing(&mut self, yes: bool) -> &mut Self {
        self.shadowing = yes;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self, Error> {
        let key = (module.to_string(), name.to_string());
        if !self.shadowing && self.defs.contains_key(&key) {
            return Err(Error::new(
                ErrorKind::Link,
                format!("`{module}`.`{name}` is already defined (enable shadowing to replace it)"),
            ));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines `module`.`name` as `item`.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self, Error> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines `module`.`name` as the shared memory `memory`: every store instantiating through
    /// this linker imports the same bytes (each gets its own [`Memory`] handle to them, made on
    /// first use). Clone the [`SharedMemory`] handle to define it in linkers on other threads.
    pub fn define_shared_memory(
        &mut self,
        module: &str,
        name: &str,
        memory: &SharedMemory,
    ) -> Result<&mut Self, Error> {
        let def = Definition::SharedMemory(memory.clone(), Mutex::default());
        self.insert(module, name, def)
    }

    /// Defines a host function with a dynamic signature.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Result<&mut Self, Error> {
        let def = HostDef {
            ty,
            func: Arc::new(f),
            made: Mutex::default(),
        };
        self.insert(module, name, Definition::Host(Arc::new(def)))
    }

    /// Defines a host function from a typed closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self, Error> {
        let (ty, func) = f.into_host_fn();
        let def = HostDef {
            ty,
            func,
            made: Mutex::default(),
        };
        self.insert(module, name, Definition::Host(Arc::new(def)))
    }

    /// Defines `module`.`name` as several host functions of different types; each import of
    /// that name gets the one whose type it declares.
    #[allow(dead_code)] // Used by optional features.
    pub(crate) fn func_overloads(
        &mut self,
        module: &str,
        name: &str,
        forms: Vec<(FuncType, DynFn<T>)>,
    ) -> Result<&mut Self, Error> {
        let defs = forms
            .into_iter()
            .map(|(ty, func)| {
                Arc::new(HostDef {
                    ty,
                    func,
                    made: Mutex::default(),
                })
            })
            .collect();
        self.insert(module, name, Definition::Overloads(defs))
    }

    /// Defines every export of `instance` under `module_name` (the spec's `register`).
    pub fn instance(
        &mut self,
        store: &mut Store<T>,
        module_name: &str,
        instance: Instance,
    ) -> Result<&mut Self, Error> {
        if instance.store != store.inner.id {
            return Err(Error::foreign());
        }
        let exports: Vec<(String, Extern)> = instance
            .exports(store)
            .map(|(n, e)| (n.to_string(), e))
            .collect();
        for (name, ext) in exports {
            self.define(module_name, &name, ext)?;
        }
        Ok(self)
    }

    /// The definition of `module`.`name` (host functions once used in `store`).
    pub fn get(&self, store: &Store<T>, module: &str, name: &str) -> Option<Extern> {
        match self.defs.get(&(module.to_string(), name.to_string()))? {
            Definition::Extern(e) => Some(*e),
            Definition::Host(h) => {
                let made = h.made.lock().unwrap_or_else(|e| e.into_inner());
                made.get(&store.inner.id).map(|f| Extern::Func(*f))
            }
            Definition::Overloads(defs) => defs.iter().find_map(|h| {
                let made = h.made.lock().unwrap_or_else(|e| e.into_inner());
                made.get(&store.inner.id).map(|f| Extern::Func(*f))
            }),
            Definition::SharedMemory(_, made) => {
                let made = made.lock().unwrap_or_else(|e| e.into_inner());
                made.get(&store.inner.id).map(|m| Extern::Memory(*m))
            }
        }
    }

    fn resolve(
        &self,
        store: &mut Store<T>,
        module: &str,
        name: &str,
        want: &ExternType,
    ) -> Result<Option<Extern>, Error> {
        Ok(Some(
            match self.defs.get(&(module.to_string(), name.to_string())) {
                None => return Ok(None),
                Some(Definition::Extern(e)) => *e,
                Some(Definition::SharedMemory(memory, made)) => {
                    let mut made = made.lock().unwrap_or_else(|e| e.into_inner());
                    let m = match made.get(&store.inner.id) {
                        Some(m) => *m,
                        None => {
                            let m = Memory::from_shared(store, memory)?;
                            made.insert(store.inner.id, m);
                            m
                        }
                    };
                    Extern::Memory(m)
                }
                Some(Definition::Overloads(defs)) => {
                    // The form whose type the import asks for, else the first (whose type then
                    // fails the import check with the usual message).
                    let Some(h) = defs
                        .iter()
                        .find(|h| matches!(want, ExternType::Func(ty) if *ty == h.ty))
                        .or(defs.first())
                    else {
                        return Ok(None);
                    };
                    let mut made = h.made.lock().unwrap_or_else(|e| e.into_inner());
                    let f = *made
                        .entry(store.inner.id)
                        .or_insert_with(|| Func::from_host(store, h.ty.clone(), h.func.clone()));
                    Extern::Func(f)
                }
                Some(Definition::Host(h)) => {
                    let mut made = h.made.lock().unwrap_or_else(|e| e.into_inner());
                    let f = *made
                        .entry(store.inner.id)
                        .or_insert_with(|| Func::from_host(store, h.ty.clone(), h.func.clone()));
                    Extern::Func(f)
                }
            },
        ))
    }

    /// Resolves the module's imports by name, then instantiates it: type-checked as the
    /// spec's import matching ("incompatible import type"; missing: "unknown import"),
    /// segments applied (traps as the spec says), start function run.
    pub fn instantiate(&self, store: &mut Store<T>, module: &Module) -> Result<Instance, Error> {
        let mut imports = Vec::new();
        for import in module.imports() {
            match self.resolve(store, import.module(), import.name(), &import.ty())? {
                Some(e) => imports.push(e),
                None => {
                    return Err(Error::new(
                        ErrorKind::Link,
                        format!(
                            "unknown import: `{}`.`{}` is not defined",
                            import.module(),
                            import.name()
                        ),
                    ));
                }
            }
        }
        instantiate(store, module, &imports)
    }
}
