//! A fast WebAssembly 2.0 (+ memory64) interpreter whose memory operations are generic over
//! a memory-access trait ([`chain::MemoryAccess`]), so shared heaps cost nothing when unused.
//!
//! The API is shaped like wasmtime's and wasmi's: an [`Engine`] compiles [`Module`]s; a
//! [`Store`] owns all runtime objects; [`Linker`] (or [`Instance::new`]) instantiates;
//! [`Func`], [`Global`], [`Memory`], [`Table`] and [`ExternRef`] are small `Copy` handles into
//! the store that made them (using one with another store is an error, never UB).
//!
//! Modules are decoded and validated by `wasmparser`, then each function body is translated
//! once into a register-style internal code where every operand-stack position is a fixed
//! frame slot. The executor runs one handler function per instruction, each handing
//! control straight to the next one's handler (tail calls in optimized builds, a driving
//! loop otherwise), with the last result kept in a register for the instruction after it.
//! Wasm frames live on the heap, so deep wasm recursion cannot overflow the host stack.
//!
//! A runaway app can be stopped with fuel: build the engine with
//! [`Config::consume_fuel`], give the store fuel with [`Store::set_fuel`], and calls trap
//! with [`TrapCode::OutOfFuel`] once it is used up (each function entry and each loop
//! iteration charges about the number of wasm instructions it guards). With fuel off the
//! translated code carries no checks at all.
//!
//! ```
//! use interp::{Config, Engine, Module, Store, TrapCode, Instance};
//!
//! let engine = Engine::new(Config::new().consume_fuel(true));
//! let module = Module::from_wat(&engine, r#"(module (func (export "spin") (loop br 0)))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[])?;
//! let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;
//! store.set_fuel(10_000)?;
//! let err = spin.call(&mut store, ()).unwrap_err();
//! assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
//! store.set_fuel(10_000)?; // refuel: the store is still usable
//! # Ok::<(), interp::Error>(())
//! ```
//!
//! ```
//! use interp::{Engine, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::from_wat(&engine, r#"
//!     (module
//!       (import "host" "double" (func $double (param i32) (result i32)))
//!       (func (export "add_doubled") (param i32 i32) (result i32)
//!         (i32.add (call $double (local.get 0)) (local.get 1))))
//! "#)?;
//! let mut store = Store::new(&engine, ());
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "double", |x: i32| x * 2)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let f = instance.get_typed_func::<(i32, i32), i32>(&store, "add_doubled")?;
//! assert_eq!(f.call(&mut store, (20, 2))?, 42);
//! # Ok::<(), interp::Error>(())
//! ```
#![deny(missing_docs)]

mod engine;
mod error;
mod exec;
mod extern_;
mod func;
mod global;
mod instance;
mod instr;
mod linker;
mod mem_access;
mod memory;
mod module;
mod numeric;
#[cfg(feature = "shared-heap")]
mod shared_heap;
mod store;
mod table;
mod translate;
mod trap;
mod types;
mod values;

pub use engine::{CompilationMode, Config, Engine};
pub use error::{Error, ErrorKind};
pub use extern_::Extern;
pub use func::{Caller, Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use global::Global;
pub use instance::Instance;
pub use linker::Linker;
pub use memory::Memory;
pub use module::{ExportType, ImportType, Module};
pub use store::{AsContext, InterruptHandle, Store, StoreLimits};
pub use table::Table;
pub use trap::TrapCode;
pub use types::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};
pub use values::{ExternRef, Val};

/// The shared-heap chain crate, so users need no separate dependency to build chains.
#[cfg(feature = "shared-heap")]
pub use chain;
#[cfg(feature = "shared-heap")]
pub use shared_heap::SharedHeapError;
