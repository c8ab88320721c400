//! The example chain of SHARED_HEAP.md section 3: a managed 64 KiB head and a pre-allocated
//! 4 KiB tail, in memory32 and memory64.

mod common;

use chain::{AddressSpace, Chain, ChainAccess, HitCache, MemberKind, MemoryAccess};
use common::{managed, pre_allocated};

fn example() -> Chain {
    Chain::from_heaps(vec![managed(64 * 1024), pre_allocated(4096)]).expect("example chain")
}

#[test]
fn memory32_layout_matches_the_spec_example() {
    let layout = example().layout(AddressSpace::Memory32).unwrap();
    assert_eq!(layout.start, 0xFFFE_F000);
    assert_eq!(layout.members.len(), 2);
    let (head, tail) = (layout.members[0], layout.members[1]);
    assert_eq!((head.start, head.end), (0xFFFE_F000, 0xFFFF_EFFF));
    assert_eq!((head.kind, head.size), (MemberKind::Managed, 64 * 1024));
    assert_eq!((tail.start, tail.end), (0xFFFF_F000, 0xFFFF_FFFF));
    assert_eq!((tail.kind, tail.size), (MemberKind::PreAllocated, 4096));
}

#[test]
fn memory64_layout_is_the_same_against_2_pow_64() {
    let layout = example().layout(AddressSpace::Memory64).unwrap();
    assert_eq!(layout.start, 0xFFFF_FFFF_FFFE_F000);
    let (head, tail) = (layout.members[0], layout.members[1]);
    assert_eq!(
        (head.start, head.end),
        (0xFFFF_FFFF_FFFE_F000, 0xFFFF_FFFF_FFFF_EFFF)
    );
    assert_eq!(
        (tail.start, tail.end),
        (0xFFFF_FFFF_FFFF_F000, 0xFFFF_FFFF_FFFF_FFFF)
    );
}

#[test]
fn layout_prints_every_member() {
    let text = example()
        .layout(AddressSpace::Memory32)
        .unwrap()
        .to_string();
    assert!(text.contains("chain start 0xfffef000 (memory32)"), "{text}");
    assert!(text.contains("managed"), "{text}");
    assert!(text.contains("0xfffff000..=0xffffffff"), "{text}");
}

/// Translation of the example's boundaries, in memory32 (`top` = 2^32) or memory64.
fn check_boundaries(space: AddressSpace, high: u64) {
    let chain = example();
    let head = chain.translate(space, high | 0xFFFE_F000, 1).unwrap();
    let tail = chain.translate(space, high | 0xFFFF_F000, 1).unwrap();
    let cases: [(u64, u64, Option<*mut u8>); 14] = [
        (0xFFFE_F000, 1, Some(head.as_ptr())),
        (0xFFFE_F000, 0x1_0000, Some(head.as_ptr())),
        (0xFFFE_F000, 0x1_0001, None), // straddles head and tail
        (0xFFFF_EFFF, 1, Some(head.as_ptr().wrapping_add(0xFFFF))),
        (0xFFFF_EFFE, 4, None), // straddles
        (0xFFFF_F000, 0, Some(tail.as_ptr())),
        (0xFFFF_FFFF, 1, Some(tail.as_ptr().wrapping_add(0xFFF))),
        (0xFFFF_FFFC, 4, Some(tail.as_ptr().wrapping_add(0xFFC))),
        (0xFFFF_FFFC, 8, None), // reaches past the top
        (0xFFFE_EFFF, 1, None), // one below the start
        (0xFFFE_EFFF, 2, None), // from the gap into the head
        (0xFFFE_EFFF, 0, None),
        (0xFFFE_F000, 0, Some(head.as_ptr())),
        (0xFFFF_EFF0, 16, Some(head.as_ptr().wrapping_add(0xFFF0))),
    ];
    let mut cache = HitCache::new();
    let mut access = ChainAccess::new(&chain, space, &mut cache).unwrap();
    for (low, len, expected) in cases {
        let addr = high | low;
        let got = chain.translate(space, addr, len).map(|p| p.as_ptr());
        assert_eq!(got, expected, "translate({addr:#x}, {len})");
        let via_access = access.resolve(addr, len).map(|p| p.as_ptr());
        assert_eq!(via_access, expected, "resolve({addr:#x}, {len})");
    }
}

#[test]
fn memory32_translation_at_every_boundary_of_the_example() {
    check_boundaries(AddressSpace::Memory32, 0);
    let chain = example();
    let space = AddressSpace::Memory32;
    let tail = chain.translate(space, 0xFFFF_F000, 1).unwrap().as_ptr();
    // Zero length at 2^32, one past the tail's last byte, is valid; anything further is not.
    assert_eq!(
        chain.translate(space, 1 << 32, 0).map(|p| p.as_ptr()),
        Some(tail.wrapping_add(4096))
    );
    assert_eq!(chain.translate(space, 1 << 32, 1), None);
    assert_eq!(chain.translate(space, 0xFFFF_FFFF, u64::MAX), None);
    assert_eq!(chain.translate(space, u64::MAX, 1), None);
}

#[test]
fn memory64_translation_at_every_boundary_of_the_example() {
    check_boundaries(AddressSpace::Memory64, 0xFFFF_FFFF_0000_0000);
    let chain = example();
    let space = AddressSpace::Memory64;
    let tail = chain
        .translate(space, u64::MAX - 0xFFF, 1)
        .unwrap()
        .as_ptr();
    assert_eq!(
        chain.translate(space, u64::MAX, 1).map(|p| p.as_ptr()),
        Some(tail.wrapping_add(0xFFF)),
        "the range ending at 2^64 is valid"
    );
    assert_eq!(chain.translate(space, u64::MAX, 2), None, "wraps past 2^64");
    assert_eq!(
        chain.translate(space, 0xFFFF_FFFF, 1),
        None,
        "memory32's tail is a gap here"
    );
}

#[test]
fn linear_limit_is_the_chain_start() {
    let chain = example();
    let mut cache = HitCache::new();
    let access = ChainAccess::new(&chain, AddressSpace::Memory32, &mut cache).unwrap();
    assert_eq!(access.linear_limit(), 0xFFFE_F000);
    let mut cache = HitCache::new();
    let access = ChainAccess::new(&chain, AddressSpace::Memory64, &mut cache).unwrap();
    assert_eq!(access.linear_limit(), 0xFFFF_FFFF_FFFE_F000);
}
