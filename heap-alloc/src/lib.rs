//! Shared-heap backends: the regions of host memory a wasm app addresses directly.
//!
//! Every backend implements [`heap_core::HeapBackend`]; the managed ones also implement
//! [`heap_core::ManagedBackend`] (`alloc`/`free`/`stats`, blocks named by offset).
//!
//! - [`PreAllocatedHeap`]: a region the user owns (a `Box<[u8]>`, a `Vec<u8>`, a
//!   `&'static mut [u8]`, or, `unsafe`, a raw pointer and length). No allocator runs over it.
//! - [`LinkedListHeap`] (feature `linked-list`, on by default): first fit over
//!   `linked_list_allocator`.
//! - [`BuddyHeap`] (feature `buddy`): a binary buddy system from `buddy_system_allocator`.
//! - [`DefaultManagedHeap`]: the linked-list heap when that feature is on, else the buddy heap.
//!   Both features can be enabled together; with neither, only [`PreAllocatedHeap`] exists.
//!
//! # Why no allocator metadata lives in the region
//!
//! Wasm code may write every byte of a heap at any time (SHARED_HEAP.md section 1). An
//! allocator that kept its free lists or block headers in the region could then be steered by
//! an app into handing out memory outside the heap. Both allocator crates used here do keep
//! nodes in the memory they manage, so neither is ever pointed at the visible region:
//!
//! - the linked-list backend runs its allocator over a private *shadow* mapping of the same
//!   size and translates shadow addresses to offsets;
//! - the buddy backend uses that crate's `FrameAllocator`, whose free lists are host-side sets;
//! - for both, the record of live blocks is one byte per 16-byte granule in another private
//!   mapping (committed lazily, so bounded by the heap's size / 16 and in practice a few bytes
//!   per live block), the only authority on what `free` releases: an offset that does not start
//!   a live block changes nothing and is counted in [`heap_core::HeapStats::invalid_frees`].
//!
//! # Speed and threads
//!
//! Small blocks (up to 4 KiB, alignment up to 16) are rounded up to one of 28 size classes and
//! served from per-thread caches of free blocks in front of either backend: each live thread
//! has a cache of its own in every heap, entered without any atomic read-modify-write, so the
//! common `alloc` and `free` take no lock; `free` claims the block in the live record with one
//! atomic compare-and-swap, so of two racing frees of one block exactly one succeeds. Caches
//! are refilled from, and return their surplus to, the backend in batches under its lock. A
//! block may be freed on any thread. `stats` drains every cache back into the backend first,
//! so its figures are exact; an allocation the backend cannot place drains them too before it
//! fails. Larger or more strictly aligned blocks go to the backend directly.
//!
//! Managed regions (and the shadow) are anonymous mappings committed lazily, so a large heap
//! costs resident memory only where it is used, and `reset` hands pages back to the kernel
//! instead of writing zeros over them. Managed heaps are `Send + Sync`.
//!
//! # Example
//!
//! ```
//! use heap_alloc::PreAllocatedHeap;
//! use heap_core::{HeapBackend, HeapError};
//!
//! // A pre-allocated heap over an owned buffer: the host writes, the app would read.
//! let mut shared = PreAllocatedHeap::from_vec(vec![0; 8192])?;
//! // SAFETY: offset 100 is inside the 8192-byte region and nothing else uses it now.
//! unsafe { shared.base().as_ptr().add(100).write(42) };
//! shared.reset(); // zeroes the whole region
//! assert_eq!(shared.into_boxed().map(|b| b[100]), Some(0));
//!
//! // Sizes are checked: a pre-allocated region must be a multiple of 4096 bytes.
//! assert_eq!(PreAllocatedHeap::from_vec(vec![0; 5000]).err(), Some(HeapError::NotGranular { size: 5000 }));
//!
//! # #[cfg(any(feature = "linked-list", feature = "buddy"))]
//! # {
//! use heap_alloc::DefaultManagedHeap;
//! use heap_core::ManagedBackend;
//!
//! // A managed heap: sizes round up to 4096; blocks are offsets into the region.
//! let heap = DefaultManagedHeap::new(10_000)?;
//! assert_eq!(heap.size(), 12_288);
//! let block = heap.alloc(100, 16)?;
//! assert_eq!(block % 16, 0);
//! // Wasm may scribble over the whole region: the allocator's state is elsewhere.
//! // SAFETY: the whole region is valid for writes; nothing else uses it now.
//! unsafe { heap.base().as_ptr().write_bytes(0xA5, heap.size()) };
//! assert_eq!(heap.stats().live_blocks, 1);
//! heap.free(block)?;
//! assert!(heap.free(block).is_err()); // a second free changes nothing
//! assert_eq!(heap.stats().invalid_frees, 1);
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod biased_lock;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod block_cache;
#[cfg(feature = "buddy")]
mod buddy;
#[cfg(feature = "linked-list")]
mod linked_list;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod live_record;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod managed;
mod pre_allocated;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod region;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod size_class;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod spin_lock;
#[cfg(any(feature = "linked-list", feature = "buddy"))]
mod thread_slot;

#[cfg(feature = "buddy")]
pub use buddy::BuddyHeap;
#[cfg(feature = "linked-list")]
pub use linked_list::LinkedListHeap;
pub use pre_allocated::PreAllocatedHeap;

/// The managed backend a chain uses unless told otherwise: [`LinkedListHeap`] when the
/// `linked-list` feature is on, else [`BuddyHeap`].
#[cfg(feature = "linked-list")]
pub type DefaultManagedHeap = LinkedListHeap;

/// The managed backend a chain uses unless told otherwise: [`LinkedListHeap`] when the
/// `linked-list` feature is on, else [`BuddyHeap`].
#[cfg(all(feature = "buddy", not(feature = "linked-list")))]
pub type DefaultManagedHeap = BuddyHeap;
