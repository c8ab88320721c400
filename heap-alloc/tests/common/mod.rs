//! Helpers shared by the managed-backend tests: the per-backend test generator and raw
//! access to heap bytes (never through `&[u8]`, as the project requires).
#![allow(dead_code, unused_macros)]

use std::collections::BTreeMap;

use heap_core::{HeapBackend, HeapError};

/// How a test makes a heap of some backend.
pub type MakeHeap<H> = fn(usize) -> Result<H, HeapError>;

/// Generates `mod $check { fn linked_list(); fn buddy(); }`, one `#[test]` per enabled
/// backend, each calling the generic `$check(BackendType::new)`.
macro_rules! per_backend {
    ($check:ident) => {
        mod $check {
            #[cfg(feature = "linked-list")]
            #[test]
            fn linked_list() {
                super::$check(heap_alloc::LinkedListHeap::new);
            }

            #[cfg(feature = "buddy")]
            #[test]
            fn buddy() {
                super::$check(heap_alloc::BuddyHeap::new);
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use per_backend;

/// Writes `byte` over `[start, start + len)` of the heap's region.
pub fn fill<H: HeapBackend>(heap: &H, start: usize, len: usize, byte: u8) {
    assert!(start.checked_add(len).is_some_and(|end| end <= heap.size()));
    // SAFETY: the range was just checked to lie inside the region; raw writes form no reference.
    unsafe { heap.base().as_ptr().add(start).write_bytes(byte, len) };
}

/// Writes pseudo-random bytes from `seed` over `[start, start + len)` of the heap's region.
pub fn scramble<H: HeapBackend>(heap: &H, start: usize, len: usize, seed: u64) {
    assert!(start.checked_add(len).is_some_and(|end| end <= heap.size()));
    let mut state = seed | 1;
    for i in 0..len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // SAFETY: `start + i < start + len <= size`, checked above.
        unsafe { heap.base().as_ptr().add(start + i).write(state as u8) };
    }
}

/// Reads the byte at `offset` of the heap's region.
pub fn read<H: HeapBackend>(heap: &H, offset: usize) -> u8 {
    assert!(offset < heap.size());
    // SAFETY: `offset` is inside the region.
    unsafe { heap.base().as_ptr().add(offset).read() }
}

/// Whether `[offset, offset + size)` overlaps a block of `live` (offset -> size).
pub fn overlaps(live: &BTreeMap<usize, usize>, offset: usize, size: usize) -> bool {
    let end = offset + size;
    let before = live.range(..=offset).next_back();
    let after = live.range(offset..end).next();
    before.is_some_and(|(&o, &s)| o + s > offset) || after.is_some()
}

/// Resident bytes of this process, from the second field of `/proc/self/statm` (Linux only).
pub fn resident_bytes() -> usize {
    let statm =
        std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm is readable on Linux");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .expect("statm's second field is the resident page count");
    // SAFETY: `sysconf` only reads a configuration value.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * usize::try_from(page).expect("the page size is positive")
}
