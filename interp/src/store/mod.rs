//! [`Store`]: owns every runtime object (functions, memories, tables, globals, instances,
//! segments, host references) in arenas; handles are (store id, index) pairs.

mod context;
mod exec_view;
mod fuel;
mod memory;
mod table;

pub use context::AsContext;
pub(crate) use exec_view::ExecStore;
pub use fuel::InterruptHandle;

pub(crate) use memory::{MemoryData, alloc_zeroed_bytes};
pub(crate) use table::TableData;

use crate::engine::Engine;
use crate::error::Error;
use crate::func::HostFunc;
use crate::instance::InstanceData;
use crate::instr::CompiledFunc;
use crate::types::FuncType;
use crate::types::GlobalType;
use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies a store, so handles from another store are refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct StoreId(u64);

impl StoreId {
    fn fresh() -> StoreId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        StoreId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Resource limits of a store.
#[derive(Clone, Copy, Debug)]
pub struct StoreLimits {
    /// Maximum bytes of each linear memory; growth beyond fails (`memory.grow` returns -1).
    pub max_memory_bytes: u64,
    /// Maximum elements of each table.
    pub max_table_elements: u64,
    /// Maximum number of wasm frames; exceeding traps "call stack exhausted".
    pub max_call_depth: u32,
    /// Maximum bytes of host memory for the value stack, which holds the slots (locals and
    /// temporaries) of every active wasm frame of a call from the host; a call that would need
    /// more traps "call stack exhausted". Frames differ in size, so this bounds what deep
    /// recursion can take where `max_call_depth` alone cannot.
    pub max_stack_bytes: u64,
}

impl Default for StoreLimits {
    fn default() -> StoreLimits {
        StoreLimits {
            max_memory_bytes: u64::MAX,
            max_table_elements: 10_000_000,
            max_call_depth: 100_000,
            max_stack_bytes: 1 << 30,
        }
    }
}

/// A function in the store.
pub(crate) struct FuncEntity {
    /// Engine-wide signature id.
    pub type_id: u32,
    /// The signature.
    pub ty: FuncType,
    pub kind: FuncKind,
}

/// Whether a function is wasm or host code.
pub(crate) enum FuncKind {
    Wasm {
        instance: u32,
        code: Arc<CompiledFunc>,
    },
    /// A wasm function not translated yet: defined function `defined` of `module`. The first
    /// call translates it (see [`StoreInner::ensure_translated`]) and turns it into `Wasm`, so
    /// the fast call path, which takes only `Wasm`, never waits on a check.
    Untranslated {
        instance: u32,
        module: crate::Module,
        defined: u32,
    },
    Host {
        index: u32,
    },
}

/// A global's type and current value (slot encoding).
pub(crate) struct GlobalData {
    pub ty: GlobalType,
    pub value: u64,
    /// The reference type as declared, for import matching (`None` for numbers).
    pub exact: Option<crate::ref_type::ExactRef>,
    /// The high half of a `v128` global (0 for every other type).
    pub high: u64,
}

/// An element segment's resolved references (empty once dropped).
pub(crate) struct ElemData {
    pub items: Vec<u64>,
}

/// The non-generic part of a store.
pub(crate) struct StoreInner {
    pub id: StoreId,
    pub engine: Engine,
    pub limits: StoreLimits,
    pub funcs: Vec<FuncEntity>,
    pub memories: Vec<MemoryData>,
    pub tables: Vec<TableData>,
    pub globals: Vec<GlobalData>,
    pub instances: Vec<InstanceData>,
    pub elems: Vec<ElemData>,
    /// Data segments; `None` once dropped.
    pub datas: Vec<Option<Arc<[u8]>>>,
    pub externs: Vec<Box<dyn Any + Send + Sync>>,
    /// The stacks of the last call into wasm, kept between calls so calls do not allocate
    /// (empty while a call has them).
    pub stacks: crate::stacks::Stacks,
    /// Argument and result buffer for host calls from wasm, reused so they do not allocate.
    pub host_vals: Vec<crate::values::Val>,
    /// Calls the store's host functions with the typed store (see `ExecStore::call_host`).
    pub host_entry: exec_view::HostEntry,
    /// Wasm frames in use by calls further out (re-entrant host -> wasm calls).
    pub depth_in_use: u32,
    /// How many calls into wasm are active (bounds host-stack recursion).
    pub nesting: u32,
    /// A host stack address at the outermost active call into wasm.
    pub host_stack_base: usize,
    /// Fuel the charge points may use before calling [`StoreInner::refuel`] (charged only
    /// when the engine consumes fuel or is interruptible).
    pub fuel: u64,
    /// Fuel not yet moved into `fuel` (interruptible stores hand it out a slice at a time).
    pub fuel_reserve: u64,
    /// Set by an [`InterruptHandle`]; read only when a slice of fuel runs out, or to wake a
    /// `memory.atomic.wait`.
    pub interrupt: Arc<crate::atomics::parking::WaitCanceller>,
    /// Which instances have a shared-heap chain attached, with their caches.
    #[cfg(feature = "shared-heap")]
    pub shared_heaps: crate::shared_heap::StoreHeaps,
}

impl StoreInner {
    /// Makes function `func` (store index) callable by the fast path: translates an
    /// [`FuncKind::Untranslated`] function (or takes the module's translation, when another
    /// instance or thread did it first) and records it as [`FuncKind::Wasm`]. Host and
    /// translated functions are left as they are.
    #[cold]
    #[inline(never)]
    pub(crate) fn ensure_translated(&mut self, func: u32) -> Result<(), Error> {
        let Some(entity) = self.funcs.get_mut(func as usize) else {
            return Err(Error::usage("no such function in this store"));
        };
        if let FuncKind::Untranslated {
            instance,
            module,
            defined,
        } = &entity.kind
        {
            let code = module.data.compiled(*defined as usize)?;
            entity.kind = FuncKind::Wasm {
                instance: *instance,
                code,
            };
        }
        Ok(())
    }
}

/// All runtime state of wasm instances, plus the embedder's data `T`.
// `repr(C)`: the executor sees a store as an `exec_view::StoreParts` of the same fields,
// which relies on the two having one layout.
#[repr(C)]
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) typed: TypedPart<T>,
}

/// The part of a store that depends on its data type.
pub(crate) struct TypedPart<T> {
    pub host_funcs: Vec<HostFunc<T>>,
    data: T,
}

impl<T> Store<T> {
    /// A store for modules of `engine`, holding `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        let (fuel, fuel_reserve) =
            StoreInner::initial_fuel(engine.interruptible(), engine.consumes_fuel());
        Store {
            inner: StoreInner {
                id: StoreId::fresh(),
                engine: engine.clone(),
                limits: StoreLimits::default(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                elems: Vec::new(),
                datas: Vec::new(),
                externs: Vec::new(),
                stacks: Default::default(),
                host_vals: Vec::new(),
                host_entry: exec_view::call_host::<T>,
                depth_in_use: 0,
                nesting: 0,
                host_stack_base: 0,
                fuel,
                fuel_reserve,
                interrupt: Arc::default(),
                #[cfg(feature = "shared-heap")]
                shared_heaps: Default::default(),
            },
            typed: TypedPart {
                host_funcs: Vec::new(),
                data,
            },
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.typed.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.typed.data
    }

    /// Consumes the store, returning the embedder's data.
    pub fn into_data(self) -> T {
        self.typed.data
    }

    /// Sets resource limits (applied to later growth and calls).
    pub fn set_limits(&mut self, limits: StoreLimits) {
        self.inner.limits = limits;
    }

    /// The current limits.
    pub fn limits(&self) -> StoreLimits {
        self.inner.limits
    }

    /// Sets the fuel that wasm code may consume from now on (replacing what was left).
    /// Errors if the engine was not configured with [`crate::Config::consume_fuel`].
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), Error> {
        self.check_fuel_enabled()?;
        self.inner.put_fuel(fuel);
        Ok(())
    }

    /// The fuel left. Errors if the engine was not configured with
    /// [`crate::Config::consume_fuel`].
    pub fn get_fuel(&self) -> Result<u64, Error> {
        self.check_fuel_enabled()?;
        Ok(self.inner.fuel_left())
    }

    /// A handle that stops this store's wasm code from another thread (see
    /// [`InterruptHandle`]). Errors if the engine was not configured with
    /// [`crate::Config::interruptible`], whose code has no point to stop at.
    pub fn interrupt_handle(&self) -> Result<InterruptHandle, Error> {
        if self.inner.engine.interruptible() {
            Ok(InterruptHandle::new(self.inner.interrupt.clone()))
        } else {
            Err(Error::usage(
                "interruption is not enabled: build the engine with `Config::interruptible(true)`",
            ))
        }
    }

    fn check_fuel_enabled(&self) -> Result<(), Error> {
        if self.inner.engine.consumes_fuel() {
            Ok(())
        } else {
            Err(Error::usage(
                "fuel is not enabled: build the engine with `Config::consume_fuel(true)`",
            ))
        }
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Store")
            .field("data", &self.typed.data)
            .finish_non_exhaustive()
    }
}
