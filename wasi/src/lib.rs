//! WASI preview1 (`wasi_snapshot_preview1`, every function of its witx) for shheap's
//! interpreter.
//!
//! - Every pointer a module passes is an app address: it may lie in linear memory or in any
//!   member of an attached shared-heap chain, as for the module's own loads and stores. A
//!   range that is not wholly inside one of them gets `EFAULT`, never a trap. Bytes are
//!   copied through interp's host API, never borrowed.
//! - Files are reached only through preopened directories, with `cap-std`: no path, `..`,
//!   absolute path or symlink leads outside them.
//!
//! ```
//! use interp::{Engine, Linker, Module, Store};
//! use shheap_wasi::{OutputBuffer, WasiCtxBuilder, add_to_linker};
//!
//! let wat = r#"(module
//!   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
//!   (memory (export "memory") 1)
//!   (data (i32.const 16) "hi\n")
//!   (func (export "_start")
//!     (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
//!     (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;
//! let engine = Engine::default();
//! let module = Module::from_wat(&engine, wat)?;
//! let stdout = OutputBuffer::new();
//! let ctx = WasiCtxBuilder::new().arg("hi.wasm").stdout_buffer(stdout.clone()).build()?;
//! let mut store = Store::new(&engine, ctx);
//! let mut linker = Linker::new(&engine);
//! add_to_linker(&mut linker)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_func(&store, "_start").expect("a command exports _start");
//! start.call(&mut store, &[], &mut [])?;
//! assert_eq!(stdout.contents(), b"hi\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod abi;
mod builder;
mod clock;
mod ctx;
mod errno;
mod host;
mod linking;
mod memory;
mod random;
mod stdio;
mod table;

pub use builder::{BuildError, WasiCtxBuilder};
pub use clock::{Clock, ClockId, HostClock, ManualClock};
pub use ctx::{WasiCtx, WasiView};
pub use errno::{Errno, WasiResult};
pub use host::proc::Exit;
pub use linking::{MODULE, add_to_linker};
pub use random::{HostRandom, RandomSource, SeededRandom};
pub use stdio::OutputBuffer;
