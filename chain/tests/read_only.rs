//! Read-only members: writes resolved through `resolve_write` are refused for them and only
//! them, whatever the cache holds; reads and `translate` are unchanged.

use chain::{AddressSpace, Chain, ChainAccess, Heap, HitCache, MemoryAccess, PreAllocatedHeap};

/// Three 4 KiB pre-allocated members; member 1 read-only. In memory32 they sit at
/// 0xFFFF_D000, 0xFFFF_E000 and 0xFFFF_F000.
fn chain_with_read_only_middle() -> Chain {
    let heaps = (0..3)
        .map(|_| Heap::from(PreAllocatedHeap::from_vec(vec![0; 4096]).expect("a heap")))
        .collect();
    let mut chain = Chain::from_heaps(heaps).expect("a chain");
    assert!(chain.set_read_only(1, true));
    chain
}

#[test]
fn marks_are_per_member_and_reported_in_the_layout() {
    let mut chain = chain_with_read_only_middle();
    assert_eq!(chain.is_read_only(0), Some(false));
    assert_eq!(chain.is_read_only(1), Some(true));
    assert_eq!(chain.is_read_only(3), None);
    assert!(!chain.set_read_only(3, true), "no member 3");
    let layout = chain.layout(AddressSpace::Memory32).expect("fits");
    let marks: Vec<bool> = layout.members.iter().map(|m| m.read_only).collect();
    assert_eq!(marks, [false, true, false]);
    assert!(
        layout
            .to_string()
            .lines()
            .nth(2)
            .expect("member 1")
            .ends_with("read-only")
    );
    assert!(chain.set_read_only(1, false));
    assert_eq!(chain.is_read_only(1), Some(false));
}

#[test]
fn writes_to_the_read_only_member_are_refused_in_any_cache_state() {
    let chain = chain_with_read_only_middle();
    let mut cache = HitCache::new();
    let mut access = ChainAccess::new(&chain, AddressSpace::Memory32, &mut cache).expect("fits");
    // Model: a write resolves iff a read does and the range is outside member 1.
    let probes = [
        (0xFFFF_D000u64, 4u64),
        (0xFFFF_DFFC, 4),
        (0xFFFF_DFFE, 4), // straddles members 0 and 1
        (0xFFFF_E000, 1),
        (0xFFFF_E800, 8),
        (0xFFFF_EFFF, 1),
        (0xFFFF_F000, 8),
        (0xFFFF_FFFF, 1),
    ];
    // Twice over, so each probe meets a cache filled by every other probe.
    for round in 0..2 {
        for &(addr, len) in probes.iter().chain(probes.iter().rev()) {
            let read = access.resolve(addr, len);
            let in_middle = (0xFFFF_E000..0xFFFF_F000).contains(&addr);
            let expected = if in_middle { None } else { read };
            assert_eq!(
                access.resolve_write(addr, len),
                expected,
                "round {round} {addr:#x}+{len}"
            );
            // A read right after a refused write still resolves.
            assert_eq!(access.resolve(addr, len), read);
            assert_eq!(read, chain.translate(AddressSpace::Memory32, addr, len));
        }
    }
}
