//! Building a chain with the one-managed-heap rule checked by the type system.

use core::marker::PhantomData;

use heap_core::ManagedBackend;

use crate::{Chain, ChainError, Heap, PreAllocatedHeap};

/// Typestate of a [`ChainBuilder`] that has no managed heap yet.
#[derive(Debug)]
pub enum NoManaged {}

/// Typestate of a [`ChainBuilder`] that already has its one managed heap.
#[derive(Debug)]
pub enum WithManaged {}

/// Builds a chain head first, with at most one managed heap enforced at compile time:
/// [`managed`](ChainBuilder::managed) exists only while the builder is
/// `ChainBuilder<NoManaged>`, and returns a `ChainBuilder<WithManaged>`.
///
/// ```
/// use chain::{AddressSpace, Chain, PreAllocatedHeap};
/// use heap_alloc::DefaultManagedHeap;
///
/// let chain = Chain::builder()
///     .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap())
///     .managed(DefaultManagedHeap::new(8192).unwrap())
///     .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap())
///     .build()
///     .unwrap();
/// assert_eq!(chain.start(AddressSpace::Memory32).unwrap(), 0xFFFF_C000);
/// ```
///
/// A second managed heap does not compile:
///
/// ```compile_fail,E0599
/// use chain::Chain;
/// use heap_alloc::DefaultManagedHeap;
///
/// let chain = Chain::builder()
///     .managed(DefaultManagedHeap::new(4096).unwrap())
///     .managed(DefaultManagedHeap::new(4096).unwrap()) // no method `managed` here
///     .build();
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ChainBuilder<State = NoManaged> {
    heaps: Vec<Heap>,
    state: PhantomData<State>,
}

impl Chain {
    /// Starts a chain, head first; see [`ChainBuilder`].
    pub fn builder() -> ChainBuilder<NoManaged> {
        ChainBuilder {
            heaps: Vec::new(),
            state: PhantomData,
        }
    }
}

impl ChainBuilder<NoManaged> {
    /// Appends the chain's one managed heap, of any backend type.
    pub fn managed(self, heap: impl ManagedBackend + 'static) -> ChainBuilder<WithManaged> {
        self.managed_boxed(Box::new(heap))
    }

    /// Appends the chain's one managed heap, with the backend chosen at run time.
    pub fn managed_boxed(mut self, heap: Box<dyn ManagedBackend>) -> ChainBuilder<WithManaged> {
        self.heaps.push(Heap::Managed(heap));
        ChainBuilder {
            heaps: self.heaps,
            state: PhantomData,
        }
    }
}

impl<State> ChainBuilder<State> {
    /// Appends a pre-allocated heap.
    pub fn pre_allocated(mut self, heap: PreAllocatedHeap) -> Self {
        self.heaps.push(Heap::PreAllocated(heap));
        self
    }

    /// Lays the chain out. Errors with [`ChainError::Empty`] if no heap was added, or
    /// [`ChainError::TotalTooLarge`] if the sizes add up to more than 2^64 − 1 bytes.
    pub fn build(self) -> Result<Chain, ChainError> {
        Chain::from_heaps(self.heaps)
    }
}

impl<State> core::fmt::Debug for ChainBuilder<State> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ChainBuilder")
            .field("heaps", &self.heaps)
            .finish()
    }
}
