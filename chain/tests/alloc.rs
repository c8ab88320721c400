//! `malloc`, `free` and `stats` routed to the chain's managed member.

mod common;

use chain::{AddressSpace, Chain, FreeError, MALLOC_ALIGN};
use common::{managed, pre_allocated};

const SPACES: [AddressSpace; 2] = [AddressSpace::Memory32, AddressSpace::Memory64];

/// pre-allocated 8 KiB, managed 16 KiB, pre-allocated 4 KiB.
fn sandwich() -> Chain {
    Chain::from_heaps(vec![
        pre_allocated(8192),
        managed(16 * 1024),
        pre_allocated(4096),
    ])
    .unwrap()
}

#[test]
fn malloc_lands_inside_the_managed_member_and_maps_back() {
    for space in SPACES {
        let chain = sandwich();
        let managed_range = chain.layout(space).unwrap().members[1];
        let mut blocks = Vec::new();
        for size in [1u64, 7, 100, 4000, 0] {
            let (app, native) = chain.malloc(space, size).expect("room");
            let len = size.max(1);
            assert!(app >= managed_range.start && app + len - 1 <= managed_range.end);
            assert_eq!(app % MALLOC_ALIGN as u64, 0, "aligned app address");
            assert_eq!(chain.translate(space, app, len), Some(native));
            assert_eq!(chain.app_address(space, native.as_ptr()), Some(app));
            // SAFETY: the block is `len` bytes of the chain's managed member, alive while the
            // chain is.
            unsafe { native.as_ptr().write_bytes(0xAB, len as usize) };
            blocks.push((app, len));
        }
        // Blocks never overlap.
        blocks.sort();
        for pair in blocks.windows(2) {
            assert!(pair[0].0 + pair[0].1 <= pair[1].0, "{pair:?} overlap");
        }
        let stats = chain.stats().unwrap();
        assert_eq!(stats.live_blocks, blocks.len());
        for (app, _) in &blocks {
            chain.free(space, *app).unwrap();
        }
        assert_eq!(chain.stats().unwrap().live_blocks, 0);
    }
}

#[test]
fn malloc_returns_none_when_full() {
    let chain = Chain::from_heaps(vec![managed(4096)]).unwrap();
    let space = AddressSpace::Memory32;
    assert!(chain.malloc(space, 5000).is_none());
    assert!(chain.malloc(space, u64::MAX).is_none());
    assert!(chain.malloc(space, 100).is_some());
}

#[test]
fn free_of_bad_addresses_errors_and_changes_nothing() {
    for space in SPACES {
        let chain = sandwich();
        let layout = chain.layout(space).unwrap();
        let (block, _) = chain.malloc(space, 64).unwrap();
        let before = chain.stats().unwrap();
        let outside = [
            layout.members[0].start, // pre-allocated head
            layout.members[2].end,   // pre-allocated tail
            layout.start - 1,        // below the chain
            0,                       // linear memory
        ];
        for addr in outside {
            assert_eq!(
                chain.free(space, addr),
                Err(FreeError::NotInManagedHeap { addr })
            );
        }
        for addr in [block + 1, block + 8, layout.members[1].end] {
            assert_eq!(
                chain.free(space, addr),
                Err(FreeError::NotALiveBlock { addr })
            );
        }
        let after = chain.stats().unwrap();
        assert_eq!(after.live_blocks, before.live_blocks);
        assert_eq!(after.bytes_in_use, before.bytes_in_use);
        assert_eq!(after.invalid_frees, before.invalid_frees + 7);
        // The block is still live and frees once.
        assert_eq!(chain.free(space, block), Ok(()));
        assert_eq!(
            chain.free(space, block),
            Err(FreeError::NotALiveBlock { addr: block })
        );
    }
}

#[test]
fn without_a_managed_member_malloc_is_none_and_free_errors() {
    let chain = Chain::from_heaps(vec![pre_allocated(4096), pre_allocated(8192)]).unwrap();
    for space in SPACES {
        assert!(chain.malloc(space, 8).is_none());
        let start = chain.start(space).unwrap();
        assert_eq!(
            chain.free(space, start),
            Err(FreeError::NoManagedHeap { addr: start })
        );
    }
    assert!(chain.stats().is_none());
}

#[test]
fn the_same_block_has_one_app_address_per_space() {
    let chain = sandwich();
    let (app32, native) = chain.malloc(AddressSpace::Memory32, 16).unwrap();
    let app64 = chain
        .app_address(AddressSpace::Memory64, native.as_ptr())
        .unwrap();
    assert_eq!(app64 - app32, 0xFFFF_FFFF_0000_0000);
    chain.free(AddressSpace::Memory64, app64).unwrap();
}
