//! A fast WebAssembly 2.0 (+ memory64) interpreter whose memory operations are generic over
//! a memory-access trait ([`chain::MemoryAccess`]), so shared heaps cost nothing when unused.
//!
//! The API is shaped like wasmtime's and wasmi's: an [`Engine`] compiles [`Module`]s; a
//! [`Store`] owns all runtime objects; [`Linker`] (or [`Instance::new`]) instantiates;
//! [`Func`], [`Global`], [`Memory`], [`Table`] and [`ExternRef`] are small `Copy` handles into
//! the store that made them (using one with another store is an error, never UB). A
//! [`SharedMemory`] is the exception by design: a `shared` linear memory that instances in
//! several stores, on several threads, import at once (threads proposal).
//!
//! Modules are decoded and validated by `wasmparser`, then each function body is translated
//! once into a register-style internal code where every operand-stack position is a fixed
//! frame slot. The executor runs one handler function per instruction, each handing
//! control straight to the next one's handler (tail calls in optimized builds, a driving
//! loop otherwise), with the last result kept in a register for the instruction after it.
//! Wasm frames live on the heap, so deep wasm recursion cannot overflow the host stack.
//!
//! # Life of an instruction
//!
//! Take `(i32.lt_s (local.get 0) (i32.const 10))` feeding a `br_if`:
//!
//! 1. **Wasm operator.** `wasmparser` decodes and validates `i32.lt_s`.
//! 2. **Translation** (`translate`). The operand stack is resolved to frame slots: the
//!    comparison becomes `I32LtS { dst, lhs, rhs }`, reading local 0's slot and the slot the
//!    constant was written to.
//! 3. **Fusion** (`translate::fuse`, then the whole-function passes). The constant folds into
//!    the immediate form `I32LtSImm`, and the `br_if` after it into the compare-and-branch
//!    `BrI32LtSImm` (or its inverse, `BrI32GeSImm`, when the branch jumps on false). Once the
//!    function is done, jump threading (`translate::jump_threading`) inverts a branch that
//!    only skips a `br`, a loop counter's `i32.add` fuses with the branch testing it
//!    (`translate::step_branch`), and an instruction whose operand was computed just before
//!    it switches to its accumulator form (`translate::acc`). Every one of these alternative
//!    encodings is recorded once, in the operation's row of the operation table
//!    (`op_table`), from which the `Instr` variants and the passes' rewrites are generated.
//! 4. **Handler** (`exec::handlers`). Each variant has a handler function, generated from the
//!    same row: it reads its operands through one generic accessor (slot, accumulator or
//!    immediate), calls the operation's function in `numeric::ops`, and jumps to the next
//!    instruction's handler.
//! 5. **Memory access.** A load or store checks linear memory first, inline. Only a miss
//!    goes further: to the shared heap the instance hit last, then through the
//!    memory-access trait to the instance's shared-heap chain (`chain`), and only then traps.
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
//! # #[cfg(not(feature = "wat"))] fn main() {} // `from_wat` needs the `wat` feature.
//! # #[cfg(feature = "wat")] fn main() -> Result<(), interp::Error> {
//! let engine = Engine::new(Config::new().consume_fuel(true));
//! let module = Module::from_wat(&engine, r#"(module (func (export "spin") (loop br 0)))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[])?;
//! let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;
//! store.set_fuel(10_000)?;
//! let err = spin.call(&mut store, ()).unwrap_err();
//! assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
//! store.set_fuel(10_000)?; // refuel: the store is still usable
//! # Ok(())
//! # }
//! ```
//!
//! ```
//! use interp::{Engine, Linker, Module, Store};
//!
//! # #[cfg(not(feature = "wat"))] fn main() {} // `from_wat` needs the `wat` feature.
//! # #[cfg(feature = "wat")] fn main() -> Result<(), interp::Error> {
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
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod access_kind;
mod atomics;
mod code_cell;
#[cfg(test)]
mod dispatch_mode_tests;
mod engine;
mod error;
mod exec;
mod extern_;
mod fast_callee;
mod func;
mod global;
mod instance;
mod instr;
mod linker;
mod mem_access;
mod memory;
mod module;
mod numeric;
#[cfg(feature = "op-counts")]
pub mod op_counts;
mod op_table;
mod proposals;
mod ref_type;
#[cfg(feature = "shared-heap")]
mod shared_heap;
mod shared_memory;
mod simd;
mod slot_bits;
mod stacks;
mod store;
mod table;
mod translate;
mod trap;
mod types;
mod values;

pub use engine::{CompilationMode, Config, Engine};
pub use error::{Error, ErrorKind};
pub use extern_::Extern;
pub use func::{Caller, Func, HostArg, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use global::Global;
pub use instance::Instance;
pub use linker::Linker;
pub use memory::Memory;
pub use module::{ExportType, ImportType, Module};
pub use shared_memory::SharedMemory;
pub use store::{AsContext, InterruptHandle, Store, StoreLimits};
pub use table::Table;
pub use trap::TrapCode;
pub use types::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};
pub use values::{ExternRef, Val};

/// The shared-heap chain crate, so users need no separate dependency to build chains.
#[cfg(feature = "shared-heap")]
pub use chain;
#[cfg(feature = "shared-heap")]
pub use shared_heap::{AppRange, AppRange64, AppStr, AppStr64, AtomicRmwOp, SharedHeapError};
