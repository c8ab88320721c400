//! Runs a fixed number of alloc/free pairs on one thread, for instruction counts under
//! callgrind or cachegrind (wall-clock figures are `cargo xtask bench --alloc-only`'s job).
//!
//! `cargo run --release -p shheap-heap-alloc --features buddy --example pair_cost -- BACKEND
//! PATTERN PAIRS` with BACKEND `linked-list`, `buddy` or `system` (the host's allocator) and
//! PATTERN `random` (16 B..4 KiB, smaller sizes likelier, as the bench draws them) or `fixed`
//! (64 B). Each step frees the block in a random one of 256 slots and allocates a new one
//! there, as the bench does. Running it twice with different PAIRS and subtracting the counts
//! gives the cost of one pair with set-up and tear-down cancelled out. It prints the thread
//! CPU time per pair too.

use std::alloc::{GlobalAlloc, Layout, System};

use heap_alloc::{BuddyHeap, LinkedListHeap};
use heap_core::ManagedBackend;

/// Blocks kept live, as in the bench.
const LIVE_SLOTS: usize = 256;

/// splitmix64, so that every backend sees the same sizes and slots.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The bench's size draw: class `c` (16 << c bytes) half as likely as class `c - 1`.
fn random_size(random: u64) -> usize {
    let class = (random.trailing_ones() as usize).min(8);
    let low = 16usize << class;
    (low + ((random >> 32) as usize & (low - 1))).min(4096)
}

/// Allocation by handle, so one loop drives every allocator.
trait Pairs {
    fn alloc(&self, size: usize) -> usize;
    fn free(&self, handle: usize, size: usize);
}

impl<H: ManagedBackend> Pairs for H {
    fn alloc(&self, size: usize) -> usize {
        match ManagedBackend::alloc(self, size, 16) {
            Ok(offset) => offset,
            Err(error) => panic!("the heap is too small for the pattern: {error}"),
        }
    }

    fn free(&self, handle: usize, _size: usize) {
        if let Err(error) = ManagedBackend::free(self, handle) {
            panic!("a live block was refused: {error}");
        }
    }
}

/// The host's allocator.
struct Host;

impl Pairs for Host {
    fn alloc(&self, size: usize) -> usize {
        let Ok(layout) = Layout::from_size_align(size, 16) else {
            panic!("sizes up to 4 KiB make layouts");
        };
        // SAFETY: the layout's size is at least 16 bytes.
        let pointer = unsafe { System.alloc(layout) };
        assert!(!pointer.is_null(), "the host ran out of memory");
        pointer as usize
    }

    fn free(&self, handle: usize, size: usize) {
        let Ok(layout) = Layout::from_size_align(size, 16) else {
            panic!("sizes up to 4 KiB make layouts");
        };
        // SAFETY: `handle` came from `alloc` with this very layout and is freed once.
        unsafe { System.dealloc(handle as *mut u8, layout) };
    }
}

#[inline(never)]
fn churn(allocator: &dyn Pairs, random_sizes: bool, pairs: usize) {
    let mut random = SplitMix(0xa110c);
    let mut window = [None::<(usize, usize)>; LIVE_SLOTS];
    for _ in 0..pairs {
        let slot = random.next() as usize & (LIVE_SLOTS - 1);
        if let Some((handle, size)) = window[slot].take() {
            allocator.free(handle, size);
        }
        let size = if random_sizes {
            random_size(random.next())
        } else {
            64
        };
        window[slot] = Some((allocator.alloc(size), size));
    }
    for (handle, size) in window.into_iter().flatten() {
        allocator.free(handle, size);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [backend, pattern, pairs] = args.as_slice() else {
        eprintln!("usage: pair_cost linked-list|buddy|system random|fixed PAIRS");
        std::process::exit(2);
    };
    let Ok(pairs) = pairs.parse::<usize>() else {
        eprintln!("PAIRS must be a whole number, not `{pairs}`");
        std::process::exit(2);
    };
    let random_sizes = match pattern.as_str() {
        "random" => true,
        "fixed" => false,
        other => {
            eprintln!("`{other}` is no pattern (use random or fixed)");
            std::process::exit(2);
        }
    };
    let heap_bytes = 64 << 20;
    let allocator: Box<dyn Pairs> = match backend.as_str() {
        "system" => Box::new(Host),
        "linked-list" => match LinkedListHeap::new(heap_bytes) {
            Ok(heap) => Box::new(heap),
            Err(error) => panic!("the heap maps: {error}"),
        },
        "buddy" => match BuddyHeap::new(heap_bytes) {
            Ok(heap) => Box::new(heap),
            Err(error) => panic!("the heap maps: {error}"),
        },
        other => {
            eprintln!("`{other}` is no backend (use linked-list, buddy or system)");
            std::process::exit(2);
        }
    };
    let start = thread_cpu_nanos();
    churn(allocator.as_ref(), random_sizes, pairs);
    let spent = thread_cpu_nanos() - start;
    println!(
        "{backend} {pattern}: {pairs} pairs, {:.1} ns of thread CPU time per pair",
        spent as f64 / pairs as f64
    );
}

/// The CPU time this thread has used, in nanoseconds: on a loaded machine it leaves out the
/// time the thread waited for a processor, which wall-clock time does not.
fn thread_cpu_nanos() -> u128 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid `timespec` for the call to fill in.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread CPU clock is readable");
    now.tv_sec as u128 * 1_000_000_000 + now.tv_nsec as u128
}
