//! Chains of shared heaps that wasm apps see as one range of addresses.
//!
//! A *shared heap* is a region of host memory that wasm code addresses directly (see
//! `SHARED_HEAP.md` in the project). This crate chains heaps, head first, into one range at
//! the top of an app's address space, and answers the question every memory access beyond
//! linear memory asks: which native byte is this app address?
//!
//! - [`Chain`]: the heaps in address order. [`Chain::builder`] allows at most one managed
//!   heap, checked at compile time; [`Chain::from_heaps`] checks the same at run time for
//!   shapes chosen at run time. Chaining consumes heaps; [`Chain::unchain`] and
//!   [`Chain::unchain_head`] give them back as [`Heap`]s; [`Chain::reset`] zeroes them.
//! - [`SharedChain`]: the cloneable handle that instances hold while attached. It offers only
//!   what is safe while wasm code runs, and [`SharedChain::try_unwrap`] returns the mutable
//!   chain once no handle is left, so an attached chain can never be re-chained or reset.
//! - Layout: the tail ends at 2^32 − 1 ([`AddressSpace::Memory32`]) or 2^64 − 1
//!   ([`AddressSpace::Memory64`]), each earlier member directly below the next;
//!   [`Chain::layout`] lists the ranges. In memory32 a chain must leave room for one 64 KiB
//!   page below it.
//! - Translation: `[addr, addr + len)` resolves to a native pointer only if it lies inside one
//!   member ([`Chain::translate`]). An instance resolves through a [`ChainAccess`], the
//!   chain's [`MemoryAccess`], which first tries the instance's own [`HitCache`] (the member
//!   hit last) and otherwise binary-searches the members. [`NoChain`] is the `MemoryAccess`
//!   for instances without a chain, and costs nothing.
//! - Read-only members: [`Chain::set_read_only`] makes a member read-only for wasm code;
//!   engines resolve writes through [`MemoryAccess::resolve_write`], which refuses it, while
//!   reads and the host's own writes go on.
//! - [`Chain::malloc`] and [`Chain::free`] go to the managed member; [`Chain::stats`] reports
//!   it. [`Chain::app_address`] maps a native pointer back; [`Chain::c_str_at`] validates a
//!   NUL-terminated string.
//!
//! Pointers from this crate point at bytes that other threads' wasm code may write at any
//! time: read and write them with raw-pointer operations, never through `&[u8]`.
//!
//! # Example
//!
//! The chain of `SHARED_HEAP.md` section 3: a managed 64 KiB head and a pre-allocated 4 KiB
//! tail.
//!
//! ```
//! use chain::{AddressSpace, Chain, ChainAccess, HitCache, MemoryAccess, PreAllocatedHeap};
//! use heap_alloc::DefaultManagedHeap;
//!
//! let chain = Chain::builder()
//!     .managed(DefaultManagedHeap::new(64 * 1024)?)
//!     .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096])?)
//!     .build()?;
//!
//! let layout = chain.layout(AddressSpace::Memory32)?;
//! print!("{layout}");
//! assert_eq!(layout.start, 0xFFFE_F000);
//! assert_eq!((layout.members[1].start, layout.members[1].end), (0xFFFF_F000, 0xFFFF_FFFF));
//!
//! // Attach: instances share the handle; each keeps its own cache.
//! let shared = chain.into_shared();
//! let mut cache = HitCache::new();
//! let mut access = ChainAccess::new(&shared, AddressSpace::Memory32, &mut cache)?;
//! assert_eq!(access.linear_limit(), 0xFFFE_F000);
//! let tail = access.resolve(0xFFFF_F000, 4).expect("inside the tail");
//! // SAFETY: `resolve` vouched for 4 bytes at `tail`, and the chain is alive.
//! unsafe { tail.as_ptr().cast::<u32>().write_unaligned(0xC0FFEE) };
//! assert!(access.resolve(0xFFFF_EFFE, 4).is_none(), "straddles head and tail");
//!
//! // Allocate from the managed head: the app address maps back to the same native byte.
//! let (app, native) = shared.malloc(AddressSpace::Memory32, 100).expect("room");
//! assert!((0xFFFE_F000..0xFFFF_F000).contains(&app));
//! assert_eq!(shared.translate(AddressSpace::Memory32, app, 100), Some(native));
//! shared.free(AddressSpace::Memory32, app)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod access;
mod accessor;
mod alloc;
mod builder;
mod cache;
mod chain;
mod error;
mod heap;
mod layout;
mod region;
mod shared;
mod space;
mod translate;

pub use access::{MemoryAccess, NoChain};
pub use accessor::ChainAccess;
pub use alloc::MALLOC_ALIGN;
pub use builder::{ChainBuilder, NoManaged, WithManaged};
pub use cache::HitCache;
pub use chain::Chain;
pub use error::{ChainError, FreeError};
pub use heap::{Heap, MemberKind};
/// The pre-allocated heap type chains take (from `heap-alloc`), re-exported for convenience.
pub use heap_alloc::PreAllocatedHeap;
pub use heap_core::{GRANULARITY, HeapBackend, HeapStats, ManagedBackend};
pub use layout::{Layout, MemberLayout};
pub use shared::SharedChain;
pub use space::{AddressSpace, MAX_MEMORY32_CHAIN, WASM_PAGE};
