//! Model-based property tests of the managed backends: random sequences of alloc, free (of
//! live and bogus offsets), reset and scribbles over the visible region, checked after every
//! step against a plain map of live blocks.
#![cfg(any(feature = "linked-list", feature = "buddy"))]

mod common;

use std::collections::BTreeMap;

use common::{MakeHeap, fill, overlaps, scramble};
use heap_core::{AllocError, FreeError, GRANULARITY, ManagedBackend};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Alloc {
        size: usize,
        align_log2: u32,
    },
    /// Frees the live block with this index (modulo the number of live blocks).
    FreeLive(usize),
    /// Frees an offset that may or may not start a live block: the model decides.
    FreeAny(usize),
    /// Frees a live block's offset plus a small non-zero delta (inside or past the block).
    FreeInside {
        index: usize,
        delta: usize,
    },
    Reset,
    Scribble {
        start: usize,
        len: usize,
        seed: Option<u64>,
    },
    BadAlign(usize),
    ProbeLargest,
}

fn op(size: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..=512usize, 0..=6u32).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
        1 => (0..=size, 0..=14u32).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
        1 => (0..=size * 2, 14..=20u32).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
        4 => any::<usize>().prop_map(Op::FreeLive),
        1 => prop_oneof![0..size + 64, any::<usize>()].prop_map(Op::FreeAny),
        1 => (any::<usize>(), 1..64usize).prop_map(|(index, delta)| Op::FreeInside { index, delta }),
        1 => Just(Op::Reset),
        2 => (0..size, 0..=size, proptest::option::of(any::<u64>()))
            .prop_map(move |(start, len, seed)| Op::Scribble { start, len: len.min(size - start), seed }),
        1 => prop_oneof![Just(0usize), Just(3), Just(12), Just(usize::MAX)].prop_map(Op::BadAlign),
        1 => Just(Op::ProbeLargest),
    ]
}

/// The reference: live blocks (offset -> size asked for) and invalid frees since reset.
#[derive(Default)]
struct Model {
    live: BTreeMap<usize, usize>,
    invalid_frees: u64,
}

fn check_stats<H: ManagedBackend>(heap: &H, model: &Model) -> Result<(), TestCaseError> {
    let stats = heap.stats();
    prop_assert_eq!(stats.total_bytes, heap.size());
    prop_assert_eq!(stats.live_blocks, model.live.len());
    prop_assert!(stats.bytes_in_use >= model.live.values().sum::<usize>());
    prop_assert!(stats.bytes_in_use <= stats.total_bytes);
    prop_assert_eq!(stats.free_bytes, stats.total_bytes - stats.bytes_in_use);
    prop_assert_eq!(stats.invalid_frees, model.invalid_frees);
    prop_assert!(stats.largest_free_block <= stats.free_bytes);
    if model.live.is_empty() {
        prop_assert_eq!(stats.bytes_in_use, 0);
    }
    Ok(())
}

fn try_free<H: ManagedBackend>(
    heap: &H,
    model: &mut Model,
    offset: usize,
) -> Result<(), TestCaseError> {
    let before = heap.stats();
    let result = heap.free(offset);
    if model.live.remove(&offset).is_some() {
        prop_assert_eq!(result, Ok(()));
    } else {
        prop_assert_eq!(result, Err(FreeError::NotALiveBlock { offset }));
        model.invalid_frees += 1;
        let after = heap.stats();
        prop_assert_eq!(after.invalid_frees, before.invalid_frees + 1);
        prop_assert_eq!(
            (
                after.bytes_in_use,
                after.live_blocks,
                after.largest_free_block
            ),
            (
                before.bytes_in_use,
                before.live_blocks,
                before.largest_free_block
            )
        );
    }
    Ok(())
}

fn nth_live(model: &Model, index: usize) -> Option<usize> {
    let count = model.live.len();
    (count > 0)
        .then(|| model.live.keys().nth(index % count).copied())
        .flatten()
}

fn step<H: ManagedBackend>(heap: &mut H, model: &mut Model, op: Op) -> Result<(), TestCaseError> {
    match op {
        Op::Alloc { size, align_log2 } => {
            let align = 1usize << align_log2;
            match heap.alloc(size, align) {
                Ok(offset) => {
                    let size = size.max(1);
                    prop_assert!(
                        offset + size <= heap.size(),
                        "block {offset:#x}+{size} outside the heap"
                    );
                    prop_assert_eq!(offset % align, 0);
                    let address = heap.base().as_ptr().addr() + offset;
                    prop_assert_eq!(address % align.min(GRANULARITY), 0);
                    prop_assert!(
                        !overlaps(&model.live, offset, size),
                        "block {offset:#x}+{size} overlaps"
                    );
                    model.live.insert(offset, size);
                }
                Err(error) => prop_assert_eq!(error, AllocError::OutOfSpace { size }),
            }
        }
        Op::FreeLive(index) => {
            if let Some(offset) = nth_live(model, index) {
                try_free(heap, model, offset)?;
            }
        }
        Op::FreeAny(offset) => try_free(heap, model, offset)?,
        Op::FreeInside { index, delta } => {
            if let Some(offset) = nth_live(model, index) {
                try_free(heap, model, offset + delta)?;
            }
        }
        Op::Reset => {
            heap.reset();
            *model = Model::default();
            prop_assert!(
                (0..heap.size())
                    .step_by(509)
                    .all(|i| common::read(heap, i) == 0)
            );
            prop_assert_eq!(heap.stats().largest_free_block, heap.size());
        }
        Op::Scribble { start, len, seed } => match seed {
            Some(seed) => scramble(heap, start, len, seed),
            None => fill(heap, start, len, 0xA5),
        },
        Op::BadAlign(align) => {
            let before = heap.stats();
            prop_assert_eq!(
                heap.alloc(8, align),
                Err(AllocError::BadAlignment { align })
            );
            prop_assert_eq!(heap.stats(), before);
        }
        Op::ProbeLargest => {
            // The reported largest free block must be exact: it can be allocated, one more byte cannot.
            let before = heap.stats();
            let largest = before.largest_free_block;
            if largest > 0 {
                let offset = heap.alloc(largest, 1);
                prop_assert!(
                    offset.is_ok(),
                    "largest free block {largest} could not be allocated"
                );
                if let Ok(offset) = offset {
                    prop_assert_eq!(heap.free(offset), Ok(()));
                }
            }
            prop_assert!(
                heap.alloc(largest + 1, 1).is_err(),
                "more than {largest} bytes fit"
            );
            prop_assert_eq!(heap.stats(), before);
        }
    }
    check_stats(heap, model)
}

fn run_model<H: ManagedBackend>(
    make: MakeHeap<H>,
    size: usize,
    ops: Vec<Op>,
) -> Result<(), TestCaseError> {
    let mut heap = make(size).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(heap.stats().largest_free_block, size);
    let mut model = Model::default();
    for op in ops {
        step(&mut heap, &mut model, op)?;
    }
    let offsets: Vec<usize> = model.live.keys().copied().collect();
    for offset in offsets {
        try_free(&heap, &mut model, offset)?;
    }
    check_stats(&heap, &model)?;
    // Sizes here are powers of two, so both backends merge back to one block of the whole heap.
    prop_assert_eq!(heap.stats().largest_free_block, size);
    Ok(())
}

fn sizes() -> impl Strategy<Value = usize> {
    prop_oneof![Just(4096usize), Just(16384), Just(65536)]
}

fn scenario() -> impl Strategy<Value = (usize, Vec<Op>)> {
    sizes().prop_flat_map(|size| (Just(size), proptest::collection::vec(op(size), 1..120)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[cfg(feature = "linked-list")]
    #[test]
    fn linked_list_heap_matches_the_model((size, ops) in scenario()) {
        run_model(heap_alloc::LinkedListHeap::new, size, ops)?;
    }

    #[cfg(feature = "buddy")]
    #[test]
    fn buddy_heap_matches_the_model((size, ops) in scenario()) {
        run_model(heap_alloc::BuddyHeap::new, size, ops)?;
    }
}
