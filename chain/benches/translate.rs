//! Translation of app addresses through a chain: a hit in the last-hit cache, a miss (search
//! of the members), and the uncached `Chain::translate`, for chains of 1, 4 and 64 members.
//!
//! Run with `cargo bench -p shheap-chain`.

use std::hint::black_box;

use chain::{AddressSpace, Chain, ChainAccess, Heap, HitCache, MemoryAccess, PreAllocatedHeap};

fn main() {
    divan::main();
}

const SPACE: AddressSpace = AddressSpace::Memory32;
const MEMBERS: [usize; 3] = [1, 4, 64];

/// A chain of `members` pre-allocated 4 KiB heaps.
fn chain_of(members: usize) -> Chain {
    let heaps = (0..members)
        .map(|_| Heap::PreAllocated(PreAllocatedHeap::from_vec(vec![0; 4096]).unwrap()))
        .collect();
    Chain::from_heaps(heaps).unwrap()
}

/// An address 16 bytes into the member at `position` (head = 0).
fn address_in(chain: &Chain, position: usize) -> u64 {
    chain.layout(SPACE).unwrap().members[position].start + 16
}

/// Repeated 4-byte accesses to one member: every one is answered by the cache.
#[divan::bench(args = MEMBERS)]
fn hit_in_cache(bencher: divan::Bencher, members: usize) {
    let chain = chain_of(members);
    let addr = address_in(&chain, members / 2);
    let mut cache = HitCache::new();
    let mut access = ChainAccess::new(&chain, SPACE, &mut cache).unwrap();
    bencher.bench_local(|| access.resolve(black_box(addr), black_box(4)));
}

/// Accesses with an empty cache: each one searches the members and fills the cache. The
/// members are visited in turn, so the search sees every position.
#[divan::bench(args = MEMBERS)]
fn miss(bencher: divan::Bencher, members: usize) {
    let chain = chain_of(members);
    let addrs: Vec<u64> = (0..members).map(|p| address_in(&chain, p)).collect();
    let mut next = 0;
    let mut cache = HitCache::new();
    bencher.bench_local(|| {
        cache.clear();
        let mut access = ChainAccess::new(&chain, SPACE, &mut cache).unwrap();
        next = (next + 1) % addrs.len();
        access.resolve(black_box(addrs[next]), black_box(4))
    });
}

/// Accesses alternating between two members, so the cache misses every time but is never
/// cleared: the cost an app pays when it ping-pongs between heaps.
#[divan::bench(args = [4, 64])]
fn alternating_members(bencher: divan::Bencher, members: usize) {
    let chain = chain_of(members);
    let pair = [address_in(&chain, 0), address_in(&chain, members - 1)];
    let mut cache = HitCache::new();
    let mut access = ChainAccess::new(&chain, SPACE, &mut cache).unwrap();
    let mut flip = 0;
    bencher.bench_local(|| {
        flip ^= 1;
        access.resolve(black_box(pair[flip]), black_box(4))
    });
}

/// `Chain::translate`: no cache at all.
#[divan::bench(args = MEMBERS)]
fn uncached_translate(bencher: divan::Bencher, members: usize) {
    let chain = chain_of(members);
    let addr = address_in(&chain, members / 2);
    bencher.bench_local(|| chain.translate(SPACE, black_box(addr), black_box(4)));
}
