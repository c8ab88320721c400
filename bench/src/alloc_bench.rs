//! Allocator figures: malloc/free pairs per second for each managed shared-heap backend of
//! `heap-alloc`, on one thread and with 4 threads sharing one heap, next to the host's
//! `std::alloc::System` allocator as the practical limit.
//!
//! The pattern is meant to look like a real app's: sizes from 16 B to 4 KiB, mostly small
//! (each size class half as likely as the one below it), and a window of blocks kept live per
//! thread, so that each allocation lands among live blocks and freed holes, not in an empty
//! heap. Each step frees the block in a random slot of the window (if any) and allocates a
//! new one there; at the end every block is freed. A pair is one alloc with its free.

use std::alloc::{GlobalAlloc, Layout, System};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use heap_alloc::{BuddyHeap, LinkedListHeap};
use heap_core::ManagedBackend;

use crate::split_mix::SplitMix;

/// Blocks each thread keeps live at a time.
const LIVE_SLOTS: usize = 256;
/// The threads of the shared-heap runs.
const THREADS: usize = 4;
/// Alignment asked for every block (what a C `malloc` guarantees on 64-bit targets).
const ALIGN: usize = 16;
/// The size of each managed heap: room for every thread's window at the largest size, with
/// plenty of slack so that fragmentation, not exhaustion, is what the backends face.
const HEAP_BYTES: usize = 64 << 20;

/// Something that hands out blocks by handle: a managed heap (offsets) or the host (addresses).
trait BlockAllocator: Sync {
    /// Allocates `size` bytes aligned to [`ALIGN`]; `None` when out of space.
    fn alloc(&self, size: usize) -> Option<usize>;
    /// Frees a block this allocator returned for `size` bytes and that is still live.
    fn free(&self, handle: usize, size: usize) -> Result<()>;
}

/// A managed shared-heap backend, which names blocks by offset.
struct Managed<H>(H);

impl<H: ManagedBackend + Sync> BlockAllocator for Managed<H> {
    fn alloc(&self, size: usize) -> Option<usize> {
        self.0.alloc(size, ALIGN).ok()
    }

    fn free(&self, handle: usize, _size: usize) -> Result<()> {
        self.0
            .free(handle)
            .map_err(|error| anyhow::anyhow!("the heap refused to free a live block: {error}"))
    }
}

/// The host's allocator, which names blocks by address.
struct Host;

impl BlockAllocator for Host {
    fn alloc(&self, size: usize) -> Option<usize> {
        let layout = Layout::from_size_align(size, ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size (sizes start at 16 bytes).
        let pointer = unsafe { System.alloc(layout) };
        (!pointer.is_null()).then_some(pointer as usize)
    }

    fn free(&self, handle: usize, size: usize) -> Result<()> {
        let layout = Layout::from_size_align(size, ALIGN)
            .context("a block's size no longer makes a layout")?;
        // SAFETY: `handle` is the address `alloc` returned for this very layout, and the
        // caller frees each live block exactly once.
        unsafe { System.dealloc(handle as *mut u8, layout) };
        Ok(())
    }
}

/// A size from 16 B to 4 KiB: class `c` (16 << c bytes, c in 0..=8) is half as likely as
/// class `c - 1`, and the size is spread evenly within the class.
fn block_size(random: u64) -> usize {
    let class = (random.trailing_ones() as usize).min(8);
    let low = 16usize << class;
    let spread = (random >> 32) as usize % low;
    (low + spread).min(4096)
}

/// Runs `pairs` alloc/free pairs on one thread with its own window; returns how many allocs
/// failed for lack of space (counted, not fatal: a full heap is a result too).
fn churn(allocator: &dyn BlockAllocator, pairs: usize, seed: u64) -> Result<usize> {
    let mut random = SplitMix(seed);
    let mut window: Vec<Option<(usize, usize)>> = vec![None; LIVE_SLOTS];
    let mut failed = 0;
    for _ in 0..pairs {
        let draw = random.next();
        let slot = (draw % LIVE_SLOTS as u64) as usize;
        if let Some((handle, size)) = window[slot].take() {
            allocator.free(handle, size)?;
        }
        let size = block_size(random.next());
        match allocator.alloc(size) {
            Some(handle) => window[slot] = Some((handle, size)),
            None => failed += 1,
        }
    }
    for (handle, size) in window.into_iter().flatten() {
        allocator.free(handle, size)?;
    }
    Ok(failed)
}

/// Pairs per second of `threads` threads each running `pairs` pairs on `allocator`.
fn pairs_per_second(allocator: &dyn BlockAllocator, threads: usize, pairs: usize) -> Result<f64> {
    let start = Instant::now();
    // One thread runs right here: spawning it would add a cost no allocator has.
    let failed: usize = if threads == 1 {
        churn(allocator, pairs, 0xa110c)?
    } else {
        run_threads(allocator, threads, pairs)?
    };
    let seconds = start.elapsed().as_secs_f64();
    if failed > 0 {
        bail!("{failed} of the allocations failed for lack of space; the heap is too small");
    }
    Ok((threads * pairs) as f64 / seconds)
}

/// Runs [`churn`] on `threads` threads at once; returns the failed allocs of all of them.
fn run_threads(allocator: &dyn BlockAllocator, threads: usize, pairs: usize) -> Result<usize> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| scope.spawn(move || churn(allocator, pairs, 0xa110c + thread as u64)))
            .collect();
        workers
            .into_iter()
            .map(|worker| match worker.join() {
                Ok(result) => result,
                Err(_) => bail!("an allocator benchmark thread panicked"),
            })
            .sum::<Result<usize>>()
    })
}

/// Measures every allocator single-threaded and with [`THREADS`] threads (median of `rounds`,
/// alternating allocators) and prints the table.
pub fn measure_and_print(quick: bool, rounds: usize) -> Result<()> {
    let pairs = if quick { 2_000 } else { 200_000 };
    let allocators: Vec<(&str, Box<dyn BlockAllocator>)> = vec![
        (
            "LinkedListHeap",
            Box::new(Managed(LinkedListHeap::new(HEAP_BYTES)?)),
        ),
        ("BuddyHeap", Box::new(Managed(BuddyHeap::new(HEAP_BYTES)?))),
        ("std System", Box::new(Host)),
    ];
    // One untimed pass each first, so that no figure pays for the heap's first page faults.
    for (_, allocator) in &allocators {
        pairs_per_second(allocator.as_ref(), THREADS, pairs)?;
    }
    let mut samples = vec![[Vec::new(), Vec::new()]; allocators.len()];
    for _ in 0..rounds {
        for ((name, allocator), samples) in allocators.iter().zip(&mut samples) {
            for (threads, samples) in [1, THREADS].into_iter().zip(samples.iter_mut()) {
                let rate = pairs_per_second(allocator.as_ref(), threads, pairs)
                    .with_context(|| format!("{name} with {threads} threads"))?;
                samples.push(rate);
            }
        }
    }
    println!();
    println!(
        "allocator: malloc/free pairs per second, sizes 16 B..4 KiB, {LIVE_SLOTS} live blocks \
         per thread, {pairs} pairs per thread, median of {rounds}"
    );
    println!(
        "{:<16}{:>16}{:>22}",
        "allocator",
        "1 thread M/s",
        format!("{THREADS} threads M/s")
    );
    for ((name, _), [single, shared]) in allocators.iter().zip(samples) {
        println!(
            "{:<16}{:>16.2}{:>22.2}",
            name,
            crate::report::median(single) / 1e6,
            crate::report::median(shared) / 1e6
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_stay_within_16_bytes_and_4_kib_and_favour_small_ones() {
        let mut random = SplitMix(1);
        let sizes: Vec<usize> = (0..10_000).map(|_| block_size(random.next())).collect();
        assert!(sizes.iter().all(|&size| (16..=4096).contains(&size)));
        let small = sizes.iter().filter(|&&size| size < 32).count();
        // Class 0 (16..32 B) has probability 1/2.
        assert!((4_500..5_500).contains(&small), "{small} small blocks");
        assert!(sizes.contains(&4096));
    }

    #[test]
    fn churn_on_a_shared_heap_leaves_nothing_live() {
        let heap = Managed(BuddyHeap::new(HEAP_BYTES).expect("a 64 MiB heap maps"));
        let rate = pairs_per_second(&heap, THREADS, 1_000).expect("no allocation fails");
        assert!(rate > 0.0);
        assert_eq!(heap.0.stats().live_blocks, 0);
        assert_eq!(heap.0.stats().invalid_frees, 0);
        assert_eq!(heap.0.stats().bytes_in_use, 0);
    }
}
