//! Building (both builders' errors), sharing, unchaining and resetting chains; strings.

mod common;

use chain::{
    AddressSpace, Chain, ChainAccess, ChainError, HitCache, MemberKind, MemoryAccess, SharedChain,
};
use common::{managed, pre_allocated};

#[test]
fn the_run_time_builder_refuses_bad_shapes() {
    assert_eq!(Chain::from_heaps(vec![]).unwrap_err(), ChainError::Empty);
    let two_managed = vec![managed(4096), pre_allocated(4096), managed(4096)];
    assert_eq!(
        Chain::from_heaps(two_managed).unwrap_err(),
        ChainError::SecondManagedHeap { position: 2 }
    );
    assert!(
        Chain::builder()
            .build()
            .is_err_and(|e| e == ChainError::Empty)
    );
    // Error messages are sentences that say what to do.
    let message = ChainError::SecondManagedHeap { position: 2 }.to_string();
    assert!(message.contains("at most one managed heap"), "{message}");
}

#[test]
fn members_are_kept_head_first() {
    let chain = Chain::from_heaps(vec![
        pre_allocated(4096),
        managed(8192),
        pre_allocated(12288),
    ])
    .unwrap();
    let kinds: Vec<_> = chain.kinds().collect();
    assert_eq!(
        kinds,
        [
            MemberKind::PreAllocated,
            MemberKind::Managed,
            MemberKind::PreAllocated
        ]
    );
    assert_eq!(chain.total_size(), 24576);
    let sizes: Vec<_> = chain
        .layout(AddressSpace::Memory32)
        .unwrap()
        .members
        .iter()
        .map(|m| m.size)
        .collect();
    assert_eq!(sizes, [4096, 8192, 12288]);
}

#[test]
fn unchain_gives_every_heap_back_with_its_bytes() {
    let heaps = vec![pre_allocated(4096), managed(8192)];
    let bases: Vec<_> = heaps.iter().map(|h| h.base()).collect();
    let chain = Chain::from_heaps(heaps).unwrap();
    let ptr = chain
        .translate(AddressSpace::Memory32, 0xFFFF_D000, 1)
        .unwrap();
    // SAFETY: one byte of the head's region, alive while the chain is.
    unsafe { ptr.as_ptr().write(42) };
    let back = chain.unchain();
    assert_eq!(back.iter().map(|h| h.base()).collect::<Vec<_>>(), bases);
    let head = back
        .into_iter()
        .next()
        .unwrap()
        .into_pre_allocated()
        .unwrap();
    let buffer = head.into_boxed().expect("owned buffer");
    assert_eq!(buffer[0], 42);
}

#[test]
fn unchain_head_returns_the_head_and_the_rest_laid_out_anew() {
    let chain = Chain::from_heaps(vec![
        managed(8192),
        pre_allocated(4096),
        pre_allocated(4096),
    ])
    .unwrap();
    let (head, rest) = chain.unchain_head();
    assert_eq!(head.kind(), MemberKind::Managed);
    let rest = rest.expect("two members remain");
    assert_eq!(rest.len(), 2);
    assert_eq!(rest.start(AddressSpace::Memory32).unwrap(), 0xFFFF_E000);
    let (last, none) = Chain::from_heaps(vec![pre_allocated(4096)])
        .unwrap()
        .unchain_head();
    assert_eq!(last.size(), 4096);
    assert!(none.is_none());
}

#[test]
fn reset_zeroes_every_member_and_frees_every_block() {
    let mut chain = Chain::from_heaps(vec![managed(8192), pre_allocated(4096)]).unwrap();
    let space = AddressSpace::Memory32;
    let (_, block) = chain.malloc(space, 32).unwrap();
    let tail = chain.translate(space, 0xFFFF_F000, 4096).unwrap();
    // SAFETY: 32 bytes of a live block and 4096 bytes of the tail, alive with the chain.
    unsafe {
        block.as_ptr().write_bytes(7, 32);
        tail.as_ptr().write_bytes(9, 4096);
    }
    let _ = chain.free(space, 0);
    chain.reset();
    let stats = chain.stats().unwrap();
    assert_eq!((stats.live_blocks, stats.invalid_frees), (0, 0));
    for (addr, len) in [(0xFFFF_D000u64, 8192u64), (0xFFFF_F000, 4096)] {
        let ptr = chain.translate(space, addr, len).unwrap();
        for i in 0..len as usize {
            // SAFETY: `i < len`, inside the range `translate` vouched for.
            assert_eq!(unsafe { ptr.as_ptr().add(i).read() }, 0);
        }
    }
}

#[test]
fn the_chain_comes_back_only_when_no_handle_is_out() {
    let chain = Chain::from_heaps(vec![pre_allocated(4096)]).unwrap();
    let shared = chain.into_shared();
    let attached = shared.clone();
    assert_eq!(SharedChain::handle_count(&shared), 2);
    assert!(SharedChain::ptr_eq(&shared, &attached));
    let shared = SharedChain::try_unwrap(shared).expect_err("an instance still holds it");
    drop(attached);
    let mut chain = SharedChain::try_unwrap(shared).expect("no handle left");
    chain.reset();
}

#[test]
fn a_shared_chain_is_usable_from_several_threads() {
    let shared = Chain::from_heaps(vec![managed(64 * 1024), pre_allocated(4096)])
        .unwrap()
        .into_shared();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let chain = shared.clone();
            std::thread::spawn(move || {
                let mut cache = HitCache::new();
                for _ in 0..100 {
                    let (app, _) = chain.malloc(AddressSpace::Memory32, 24).unwrap();
                    let mut access =
                        ChainAccess::new(&chain, AddressSpace::Memory32, &mut cache).unwrap();
                    assert!(access.resolve(app, 24).is_some());
                    chain.free(AddressSpace::Memory32, app).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(shared.stats().unwrap().live_blocks, 0);
}

#[test]
fn a_cache_filled_for_one_chain_is_never_trusted_for_another() {
    let first = Chain::from_heaps(vec![pre_allocated(4096)]).unwrap();
    let second = Chain::from_heaps(vec![pre_allocated(4096)]).unwrap();
    let space = AddressSpace::Memory32;
    let mut cache = HitCache::new();
    let hit_first = ChainAccess::new(&first, space, &mut cache)
        .unwrap()
        .resolve(0xFFFF_F000, 1);
    let hit_second = ChainAccess::new(&second, space, &mut cache)
        .unwrap()
        .resolve(0xFFFF_F000, 1);
    assert_eq!(hit_first, first.translate(space, 0xFFFF_F000, 1));
    assert_eq!(hit_second, second.translate(space, 0xFFFF_F000, 1));
    assert_ne!(hit_first, hit_second);
    // The same chain in the other space: the memory32 entry must not answer memory64.
    let mut access = ChainAccess::new(&second, AddressSpace::Memory64, &mut cache).unwrap();
    assert_eq!(access.resolve(0xFFFF_F000, 1), None);
}

#[test]
fn strings_need_a_nul_inside_the_member_that_holds_their_start() {
    let chain = Chain::from_heaps(vec![pre_allocated(4096), pre_allocated(4096)]).unwrap();
    let space = AddressSpace::Memory32;
    let head_last = 0xFFFF_EFFF;
    let write = |addr: u64, bytes: &[u8]| {
        let ptr = chain.translate(space, addr, bytes.len() as u64).unwrap();
        // SAFETY: `translate` vouched for `bytes.len()` bytes at `ptr`.
        unsafe {
            ptr.as_ptr()
                .copy_from_nonoverlapping(bytes.as_ptr(), bytes.len())
        };
    };
    write(0xFFFF_E010, b"hello\0");
    let (ptr, len) = chain.c_str_at(space, 0xFFFF_E010).unwrap();
    assert_eq!(len, 5);
    assert_eq!(Some(ptr), chain.translate(space, 0xFFFF_E010, 5));
    // An empty string is a NUL at the address itself.
    assert_eq!(
        chain.c_str_at(space, 0xFFFF_E015).map(|(_, len)| len),
        Some(0)
    );
    // A string running to the end of the head is not terminated by the tail's zero bytes.
    write(head_last - 3, b"abcd");
    assert_eq!(chain.c_str_at(space, head_last - 3), None);
    // Outside the chain, no string.
    assert_eq!(chain.c_str_at(space, 0xFFFF_DFFF), None);
    assert_eq!(chain.c_str_at(space, 1 << 32), None);
}

#[test]
fn reverse_translation_rejects_foreign_pointers() {
    let chain = Chain::from_heaps(vec![pre_allocated(4096)]).unwrap();
    let local = 0u8;
    assert_eq!(chain.app_address(AddressSpace::Memory32, &local), None);
    let base = chain
        .translate(AddressSpace::Memory32, 0xFFFF_F000, 0)
        .unwrap();
    let one_past = base.as_ptr().wrapping_add(4096);
    assert_eq!(chain.app_address(AddressSpace::Memory32, one_past), None);
}

#[test]
fn chains_and_handles_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Chain>();
    assert_send_sync::<SharedChain>();
    assert_send_sync::<HitCache>();
}
