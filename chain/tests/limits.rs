//! Chains too large for memory32, or for any address space, using a backend that reports a
//! huge region it never lets anyone touch.

use core::ptr::NonNull;

use chain::{AddressSpace, Chain, ChainError, FreeError, Heap, MAX_MEMORY32_CHAIN};
use heap_core::{
    AllocError, FreeError as BackendFreeError, HeapBackend, HeapStats, Managed, ManagedBackend,
};

/// Claims `size` bytes at a dangling address; the tests only lay it out, never access it.
struct Phantom {
    size: usize,
}

impl HeapBackend for Phantom {
    type Kind = Managed;
    fn base(&self) -> NonNull<u8> {
        NonNull::dangling()
    }
    fn size(&self) -> usize {
        self.size
    }
    fn reset(&mut self) {}
}

impl ManagedBackend for Phantom {
    fn alloc(&self, size: usize, _align: usize) -> Result<usize, AllocError> {
        Err(AllocError::OutOfSpace { size })
    }
    fn free(&self, offset: usize) -> Result<(), BackendFreeError> {
        Err(BackendFreeError::NotALiveBlock { offset })
    }
    fn stats(&self) -> HeapStats {
        HeapStats::default()
    }
}

fn phantom(size: u64) -> Heap {
    Heap::managed(Phantom {
        size: usize::try_from(size).unwrap(),
    })
}

#[test]
fn memory32_refuses_a_chain_that_leaves_no_wasm_page() {
    let fits = Chain::from_heaps(vec![phantom(MAX_MEMORY32_CHAIN)]).unwrap();
    assert_eq!(fits.start(AddressSpace::Memory32), Ok(0x1_0000));

    let total = MAX_MEMORY32_CHAIN + 4096;
    let too_big = Chain::from_heaps(vec![phantom(total)]).unwrap();
    let error = ChainError::TooLargeForMemory32 { total };
    assert_eq!(too_big.start(AddressSpace::Memory32), Err(error));
    assert_eq!(too_big.layout(AddressSpace::Memory32), Err(error));
    assert!(
        too_big
            .translate(AddressSpace::Memory32, 0xFFFF_FFFF, 1)
            .is_none()
    );
    assert!(too_big.malloc(AddressSpace::Memory32, 1).is_none());
    assert_eq!(
        too_big.free(AddressSpace::Memory32, 0xFFFF_0000),
        Err(FreeError::Layout(error))
    );
    assert!(error.to_string().contains("memory64"), "{error}");
    // memory64 takes it.
    assert_eq!(
        too_big.start(AddressSpace::Memory64),
        Ok(0u64.wrapping_sub(total))
    );
}

#[test]
fn a_total_beyond_2_pow_64_is_refused() {
    let half = 1u64 << 63;
    let heaps = vec![
        phantom(half),
        Heap::PreAllocated(chain::PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap()),
    ];
    assert!(Chain::from_heaps(heaps).is_ok());
    let almost_all = u64::MAX - 4095;
    let heaps = vec![
        phantom(almost_all),
        Heap::PreAllocated(chain::PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap()),
    ];
    assert_eq!(
        Chain::from_heaps(heaps).unwrap_err(),
        ChainError::TotalTooLarge
    );
}
