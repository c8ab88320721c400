//! The samples of the project, as library functions so that tests can check what they print.
//!
//! - [`shared_heap::run`]: two instances of two apps, on two threads, share one managed heap.
//!   The first gets buffers from the heap (half through the host API, half through the app's
//!   own `shared_heap_malloc`), writes a message into each and sends its app address over a
//!   channel; the second has its app print each message and free it from wasm.
//! - [`shared_heap_chain::run`]: a chain of a managed 64 KiB heap and a pre-allocated 4 KiB
//!   buffer; one instance produces blocks in the managed member and notes at fixed addresses
//!   in the pre-allocated one, the other consumes them by app address.
//! - [`ring_buffer::run`]: a single-producer single-consumer ring buffer in a pre-allocated
//!   heap between two apps on two threads, synchronised only by atomics and
//!   `memory.atomic.wait32` / `memory.atomic.notify` (no host channel).
//!
//! Run them with `cargo run --release --example shared_heap` and
//! `cargo run --release --example shared_heap_chain` and
//! `cargo run --release --example ring_buffer [values]`. The wasm apps are C sources in
//! `apps/samples/`, compiled by `cargo xtask build-apps`; their `.wasm` files are committed.

pub mod log;
pub mod ring_buffer;
pub mod shared_heap;
pub mod shared_heap_chain;

mod apps;

/// What a sample returns when something fails: any error, with its message.
pub type SampleError = Box<dyn std::error::Error + Send + Sync>;

/// The README's Rust example runs as a doc test of this crate, so it cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
