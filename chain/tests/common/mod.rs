//! Helpers shared by the integration tests: heap constructors and a plain model of a chain's
//! address map.
#![allow(dead_code)]

use chain::{AddressSpace, Heap, MemberKind, PreAllocatedHeap};
use heap_alloc::DefaultManagedHeap;

/// A managed heap of `size` bytes (rounded up to 4096).
pub fn managed(size: usize) -> Heap {
    Heap::managed(DefaultManagedHeap::new(size).expect("managed heap"))
}

/// A pre-allocated heap over a zeroed buffer of `size` bytes (a multiple of 4096).
pub fn pre_allocated(size: usize) -> Heap {
    Heap::PreAllocated(PreAllocatedHeap::from_vec(vec![0; size]).expect("pre-allocated heap"))
}

/// A heap of the given kind and size.
pub fn heap(kind: MemberKind, size: usize) -> Heap {
    match kind {
        MemberKind::Managed => managed(size),
        MemberKind::PreAllocated => pre_allocated(size),
    }
}

/// The address map as a list of half-open intervals, computed in u128 so that nothing can
/// overflow, with each member's native base.
#[derive(Debug, Clone)]
pub struct ModelMap {
    /// `(start, end_exclusive, native base address)` per member, head first.
    pub members: Vec<(u128, u128, usize)>,
    /// 2^32 or 2^64.
    pub top: u128,
}

impl ModelMap {
    /// The model of `heaps` (head first) in `space`, made before they are chained.
    pub fn new(heaps: &[Heap], space: AddressSpace) -> Self {
        let top: u128 = match space {
            AddressSpace::Memory32 => 1 << 32,
            AddressSpace::Memory64 => 1 << 64,
        };
        let total: u128 = heaps.iter().map(|h| h.size() as u128).sum();
        let mut start = top - total;
        let members = heaps
            .iter()
            .map(|h| {
                let end = start + h.size() as u128;
                let member = (start, end, h.base().as_ptr().addr());
                start = end;
                member
            })
            .collect();
        Self { members, top }
    }

    /// The chain start.
    pub fn start(&self) -> u128 {
        self.members[0].0
    }

    /// The native address `[addr, addr + len)` must resolve to, or `None`: the first member
    /// that holds the range, where a zero-length range is held from a member's first byte to
    /// one past its last.
    pub fn resolve(&self, addr: u64, len: u64) -> Option<usize> {
        let (addr, end) = (addr as u128, addr as u128 + len as u128);
        for &(start, stop, base) in &self.members {
            let inside = if len == 0 {
                start <= addr && addr <= stop
            } else {
                start <= addr && end <= stop
            };
            // A zero-length range on a boundary belongs to the later member (whose first
            // byte it is), so skip the earlier one's one-past-last match.
            if inside && !(len == 0 && addr == stop && stop != self.top) {
                return Some(base + (addr - start) as usize);
            }
        }
        None
    }

    /// Every boundary range worth probing: first and last byte of each member, whole
    /// members, zero-length at both ends, straddles, below the start, past the top.
    pub fn boundary_ranges(&self) -> Vec<(u64, u64)> {
        let clamp = |x: u128| x.min(u64::MAX as u128) as u64;
        let mut ranges = Vec::new();
        for &(start, stop, _) in &self.members {
            let size = (stop - start) as u64;
            let (s, last) = (clamp(start), clamp(stop - 1));
            ranges.extend([
                (s, 1),
                (s, size),
                (s, size + 1),
                (s, 0),
                (last, 1),
                (last, 2),
                (last, 0),
                (s.wrapping_sub(1), 1),
                (s.wrapping_sub(1), 2),
                (s.wrapping_sub(1), 0),
                (last.wrapping_sub(7), 8),
                (last.wrapping_sub(7), 9),
            ]);
            if stop <= u64::MAX as u128 {
                ranges.push((stop as u64, 0));
                ranges.push((stop as u64, 1));
            }
        }
        let start = clamp(self.start());
        ranges.extend([
            (start.wrapping_sub(1), 1),
            (start.wrapping_sub(1), 0),
            (start.wrapping_sub(4096), 4096),
            (start.wrapping_sub(4096), 4097),
            (start, u64::MAX),
            (u64::MAX, 0),
            (u64::MAX, 1),
            (u64::MAX, 2),
            (0, 0),
            (0, 1),
            (0, u64::MAX),
        ]);
        // Ranges ending exactly at the top of the space, and one past it.
        let top_minus = |k: u128| clamp(self.top - k);
        for k in [1u128, 2, 8, 4096] {
            ranges.push((top_minus(k), k as u64));
            ranges.push((top_minus(k), k as u64 + 1));
        }
        if self.top <= u64::MAX as u128 {
            ranges.push((self.top as u64, 0));
            ranges.push((self.top as u64, 1));
        }
        ranges
    }
}
