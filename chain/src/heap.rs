//! One member of a chain: a managed heap or a pre-allocated one.

use core::fmt;
use core::ptr::NonNull;

use heap_core::{HeapBackend, HeapKind, ManagedBackend};

use crate::PreAllocatedHeap;

/// A heap that a chain holds, of either kind; what unchaining gives back.
///
/// The managed heap is boxed so that the backend (linked list, buddy, or your own
/// [`ManagedBackend`]) can be picked at run time, for example by a command-line flag.
pub enum Heap {
    /// A heap with an allocator: `malloc` and `free` on the chain go to it.
    Managed(Box<dyn ManagedBackend>),
    /// A region the user owns; no allocator runs over it.
    PreAllocated(PreAllocatedHeap),
}

/// Which kind a chain member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberKind {
    /// A managed heap.
    Managed,
    /// A pre-allocated heap.
    PreAllocated,
}

impl Heap {
    /// Wraps a managed backend of any type.
    pub fn managed(backend: impl ManagedBackend + 'static) -> Self {
        Self::Managed(Box::new(backend))
    }

    /// Which kind this heap is.
    pub fn kind(&self) -> MemberKind {
        match self {
            Self::Managed(_) => MemberKind::Managed,
            Self::PreAllocated(_) => MemberKind::PreAllocated,
        }
    }

    /// The first byte of the heap's region.
    pub fn base(&self) -> NonNull<u8> {
        match self {
            Self::Managed(heap) => heap.base(),
            Self::PreAllocated(heap) => heap.base(),
        }
    }

    /// The region's size in bytes: a non-zero multiple of 4096.
    pub fn size(&self) -> usize {
        match self {
            Self::Managed(heap) => heap.size(),
            Self::PreAllocated(heap) => heap.size(),
        }
    }

    /// Zeroes the region and, for a managed heap, frees every block.
    pub fn reset(&mut self) {
        match self {
            Self::Managed(heap) => heap.reset(),
            Self::PreAllocated(heap) => heap.reset(),
        }
    }

    /// The managed backend, if this is a managed heap.
    pub fn into_managed(self) -> Option<Box<dyn ManagedBackend>> {
        match self {
            Self::Managed(heap) => Some(heap),
            Self::PreAllocated(_) => None,
        }
    }

    /// The pre-allocated heap, if this is one (get its buffer back with `into_boxed`).
    pub fn into_pre_allocated(self) -> Option<PreAllocatedHeap> {
        match self {
            Self::Managed(_) => None,
            Self::PreAllocated(heap) => Some(heap),
        }
    }
}

impl From<PreAllocatedHeap> for Heap {
    fn from(heap: PreAllocatedHeap) -> Self {
        Self::PreAllocated(heap)
    }
}

impl From<Box<dyn ManagedBackend>> for Heap {
    fn from(heap: Box<dyn ManagedBackend>) -> Self {
        Self::Managed(heap)
    }
}

impl fmt::Debug for Heap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Heap")
            .field("kind", &self.kind())
            .field("base", &self.base())
            .field("size", &self.size())
            .finish()
    }
}

impl fmt::Display for MemberKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Managed => heap_core::Managed::NAME,
            Self::PreAllocated => heap_core::PreAllocated::NAME,
        })
    }
}
