//! Allocator figures for each managed shared-heap backend of `heap-alloc`, next to the host's
//! `std::alloc::System` allocator measured in the same run:
//!
//! - malloc/free pairs per second on 1, 2 and 4 threads sharing one heap, with a random-size
//!   pattern and a fixed-size one;
//! - peak host memory of the allocator's metadata per live block, in a child process that
//!   fills a heap with blocks (nothing else runs there, so its growth in resident memory is the
//!   metadata: the heap's own pages are never touched);
//! - fragmentation: the largest block that can still be allocated after a fixed random trace;
//! - the cost of one `shared_heap_malloc` + `shared_heap_free` pair called from wasm on
//!   `interp`, host-call overhead included.
//!
//! The random-size pattern is meant to look like a real app's: sizes from 16 B to 4 KiB, mostly
//! small (each size class half as likely as the one below it), and a window of blocks kept live
//! per thread, so that each allocation lands among live blocks and freed holes, not in an empty
//! heap. Each step frees the block in a random slot of the window (if any) and allocates a new
//! one there; at the end every block is freed. A pair is one alloc with its free.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use heap_alloc::{BuddyHeap, LinkedListHeap};
use heap_core::{HeapStats, ManagedBackend};
use interp::chain::Chain;
use interp::{Engine, Linker, Module, Store};

use crate::rss::peak_resident_kilobytes;
use crate::split_mix::SplitMix;

/// Blocks each thread keeps live at a time.
const LIVE_SLOTS: usize = 256;
/// The thread counts of the throughput runs.
const THREAD_COUNTS: [usize; 3] = [1, 2, 4];
/// Alignment asked for every block (what a C `malloc` guarantees on 64-bit targets).
const ALIGN: usize = 16;
/// The size of each managed heap: room for every thread's window at the largest size, with
/// plenty of slack so that fragmentation, not exhaustion, is what the backends face.
const HEAP_BYTES: usize = 64 << 20;
/// The block size of the fixed-size pattern.
const FIXED_SIZE: usize = 64;
/// The fragmentation trace: heap size, blocks kept live, and steps.
const TRACE_HEAP_BYTES: usize = 4 << 20;
const TRACE_LIVE_SLOTS: usize = 16_384;
const TRACE_STEPS: usize = 200_000;
/// How the child process's report line starts.
const METADATA_PREFIX: &str = "metadata: ";

/// The managed backends measured, by the names the child process is given.
const BACKENDS: [&str; 2] = ["linked-list", "buddy"];

/// Which sizes a run asks for.
#[derive(Clone, Copy)]
enum Pattern {
    /// 16 B..4 KiB, small sizes likelier (see [`block_size`]).
    RandomSizes,
    /// Always [`FIXED_SIZE`] bytes.
    Fixed,
}

impl Pattern {
    fn size(self, random: &mut SplitMix) -> usize {
        match self {
            Self::RandomSizes => block_size(random.next()),
            Self::Fixed => FIXED_SIZE,
        }
    }
}

/// Something that hands out blocks by handle: a managed heap (offsets) or the host (addresses).
trait BlockAllocator: Sync {
    /// Allocates `size` bytes aligned to [`ALIGN`]; `None` when out of space.
    fn alloc(&self, size: usize) -> Option<usize>;
    /// Frees a block this allocator returned for `size` bytes and that is still live.
    fn free(&self, handle: usize, size: usize) -> Result<()>;
    /// The heap's statistics; `None` for the host, which keeps none.
    fn stats(&self) -> Option<HeapStats>;
}

/// A managed shared-heap backend, which names blocks by offset.
struct Managed<H>(H);

impl<H: ManagedBackend> BlockAllocator for Managed<H> {
    fn alloc(&self, size: usize) -> Option<usize> {
        self.0.alloc(size, ALIGN).ok()
    }

    fn free(&self, handle: usize, _size: usize) -> Result<()> {
        self.0
            .free(handle)
            .map_err(|error| anyhow::anyhow!("the heap refused to free a live block: {error}"))
    }

    fn stats(&self) -> Option<HeapStats> {
        Some(self.0.stats())
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

    fn stats(&self) -> Option<HeapStats> {
        None
    }
}

/// A managed heap of `bytes` of the backend named `name` (one of [`BACKENDS`]).
fn managed_heap(name: &str, bytes: usize) -> Result<Box<dyn BlockAllocator>> {
    Ok(match name {
        "linked-list" => Box::new(Managed(LinkedListHeap::new(bytes)?)),
        "buddy" => Box::new(Managed(BuddyHeap::new(bytes)?)),
        other => bail!("`{other}` is no managed backend (use linked-list or buddy)"),
    })
}

/// [`managed_heap`] as a chain takes it.
fn chain_heap(name: &str, bytes: usize) -> Result<Box<dyn ManagedBackend>> {
    Ok(match name {
        "linked-list" => Box::new(LinkedListHeap::new(bytes)?),
        "buddy" => Box::new(BuddyHeap::new(bytes)?),
        other => bail!("`{other}` is no managed backend (use linked-list or buddy)"),
    })
}

/// A size from 16 B to 4 KiB: class `c` (16 << c bytes, c in 0..=8) is half as likely as
/// class `c - 1`, and the size is spread evenly within the class.
fn block_size(random: u64) -> usize {
    let class = (random.trailing_ones() as usize).min(8);
    let low = 16usize << class;
    // `low` is a power of two, so the mask is the remainder.
    let spread = (random >> 32) as usize & (low - 1);
    (low + spread).min(4096)
}

/// A thread's live blocks: (handle, size) per slot.
type Window = Vec<Option<(usize, usize)>>;

/// Runs `pairs` alloc/free pairs on one thread with its own window of `slots` blocks; returns
/// how many allocs failed for lack of space (counted, not fatal: a full heap is a result too)
/// and the window.
fn churn(
    allocator: &dyn BlockAllocator,
    pattern: Pattern,
    slots: usize,
    pairs: usize,
    seed: u64,
) -> Result<(usize, Window)> {
    debug_assert!(slots.is_power_of_two());
    let mut random = SplitMix(seed);
    let mut window: Window = vec![None; slots];
    let mut failed = 0;
    for _ in 0..pairs {
        // `slots` is a power of two, so the mask is the remainder (and costs no division).
        let slot = random.next() as usize & (slots - 1);
        if let Some((handle, size)) = window[slot].take() {
            allocator.free(handle, size)?;
        }
        let size = pattern.size(&mut random);
        match allocator.alloc(size) {
            Some(handle) => window[slot] = Some((handle, size)),
            None => failed += 1,
        }
    }
    Ok((failed, window))
}

/// [`churn`], then frees what is left in the window.
fn churn_and_free(
    allocator: &dyn BlockAllocator,
    pattern: Pattern,
    pairs: usize,
    seed: u64,
) -> Result<usize> {
    let (failed, window) = churn(allocator, pattern, LIVE_SLOTS, pairs, seed)?;
    for (handle, size) in window.into_iter().flatten() {
        allocator.free(handle, size)?;
    }
    Ok(failed)
}

/// Pairs per second of `threads` threads each running `pairs` pairs on `allocator`.
fn pairs_per_second(
    allocator: &dyn BlockAllocator,
    pattern: Pattern,
    threads: usize,
    pairs: usize,
) -> Result<f64> {
    let start = Instant::now();
    // One thread runs right here: spawning it would add a cost no allocator has.
    let failed: usize = if threads == 1 {
        churn_and_free(allocator, pattern, pairs, 0xa110c)?
    } else {
        run_threads(allocator, pattern, threads, pairs)?
    };
    let seconds = start.elapsed().as_secs_f64();
    if failed > 0 {
        bail!("{failed} of the allocations failed for lack of space; the heap is too small");
    }
    Ok((threads * pairs) as f64 / seconds)
}

/// Runs [`churn_and_free`] on `threads` threads at once; returns the failed allocs of all.
fn run_threads(
    allocator: &dyn BlockAllocator,
    pattern: Pattern,
    threads: usize,
    pairs: usize,
) -> Result<usize> {
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || {
                    churn_and_free(allocator, pattern, pairs, 0xa110c + thread as u64)
                })
            })
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

/// Measures and prints every allocator figure.
pub fn measure_and_print(quick: bool, rounds: usize) -> Result<()> {
    print_throughput(quick, rounds)?;
    print_metadata()?;
    print_fragmentation(quick)?;
    print_wasm_pairs(quick, rounds)
}

/// The throughput table: every allocator, both patterns, every thread count (median of
/// `rounds`, allocators alternating within a round), with ratios to `System`.
fn print_throughput(quick: bool, rounds: usize) -> Result<()> {
    let pairs = if quick { 2_000 } else { 200_000 };
    let mut allocators: Vec<(&str, Box<dyn BlockAllocator>)> = vec![
        (
            "LinkedListHeap",
            Box::new(Managed(LinkedListHeap::new(HEAP_BYTES)?)),
        ),
        ("BuddyHeap", Box::new(Managed(BuddyHeap::new(HEAP_BYTES)?))),
    ];
    allocators.push(("std System", Box::new(Host)));
    let runs: Vec<(Pattern, usize)> = [Pattern::RandomSizes, Pattern::Fixed]
        .into_iter()
        .flat_map(|pattern| THREAD_COUNTS.map(|threads| (pattern, threads)))
        .collect();
    // One untimed pass each first, so that no figure pays for the heap's first page faults.
    for (_, allocator) in &allocators {
        pairs_per_second(allocator.as_ref(), Pattern::RandomSizes, 4, pairs)?;
    }
    // Every allocator runs each configuration right after the others, so that a burst of load
    // from other processes falls on all of them alike; each ratio to System is taken within
    // one such group and the median of those ratios is printed.
    let mut samples = vec![vec![Vec::new(); runs.len()]; allocators.len()];
    let mut ratios = vec![vec![Vec::new(); runs.len()]; allocators.len()];
    for _ in 0..rounds {
        for (run, &(pattern, threads)) in runs.iter().enumerate() {
            let mut rates = Vec::with_capacity(allocators.len());
            for (name, allocator) in &allocators {
                let rate = pairs_per_second(allocator.as_ref(), pattern, threads, pairs)
                    .with_context(|| format!("{name} with {threads} threads"))?;
                rates.push(rate);
            }
            // System is the last allocator.
            let system = rates.last().copied().unwrap_or(f64::NAN);
            for (index, rate) in rates.into_iter().enumerate() {
                samples[index][run].push(rate);
                ratios[index][run].push(rate / system);
            }
        }
    }
    let medians: Vec<Vec<f64>> = samples
        .into_iter()
        .map(|runs| runs.into_iter().map(crate::report::median).collect())
        .collect();
    let ratios: Vec<Vec<f64>> = ratios
        .into_iter()
        .map(|runs| runs.into_iter().map(crate::report::median).collect())
        .collect();
    println!();
    println!(
        "allocator: malloc/free pairs per second (M/s), {LIVE_SLOTS} live blocks per thread, \
         {pairs} pairs per thread, one {} MiB heap shared by the threads, median of {rounds}; \
         random: 16 B..4 KiB, fixed: {FIXED_SIZE} B; (x) = median over the rounds of the ratio to std System \
         measured in the same round, right after",
        HEAP_BYTES >> 20
    );
    print!("{:<16}", "allocator");
    for &(pattern, threads) in &runs {
        let name = match pattern {
            Pattern::RandomSizes => "random",
            Pattern::Fixed => "fixed",
        };
        print!("{:>17}", format!("{name} {threads}t"));
    }
    println!();
    for (((name, _), medians), ratios) in allocators.iter().zip(&medians).zip(&ratios) {
        print!("{name:<16}");
        for (rate, ratio) in medians.iter().zip(ratios) {
            print!("{:>17}", format!("{:.2} ({ratio:.2}x)", rate / 1e6));
        }
        println!();
    }
    Ok(())
}

/// The metadata table: per backend and fill pattern, the peak host memory a child process
/// gained while filling a heap, per live block.
fn print_metadata() -> Result<()> {
    println!();
    println!(
        "allocator metadata: a child process fills one {} MiB heap until an alloc fails; peak \
         resident memory gained (VmHWM, which includes every cache, record and free list) per \
         live block",
        HEAP_BYTES >> 20
    );
    println!(
        "{:<16}{:>10}{:>14}{:>14}{:>18}",
        "allocator", "pattern", "live blocks", "peak KiB", "bytes per block"
    );
    for backend in BACKENDS {
        for pattern in ["random", "fixed"] {
            let (kilobytes, live) = run_metadata_child(backend, pattern)?;
            println!(
                "{:<16}{:>10}{:>14}{:>14}{:>18.2}",
                backend,
                pattern,
                live,
                kilobytes,
                (kilobytes * 1024) as f64 / live.max(1) as f64
            );
        }
    }
    println!(
        "{:<16}{:>10}  (its blocks and headers share one memory: nothing to tell apart)",
        "std System", "-"
    );
    Ok(())
}

/// Runs `<this binary> --alloc-metadata-probe BACKEND PATTERN`; returns (kB, live blocks).
fn run_metadata_child(backend: &str, pattern: &str) -> Result<(u64, usize)> {
    let exe = std::env::current_exe().context("cannot find this binary to run the probe")?;
    let output = Command::new(exe)
        .args(["--alloc-metadata-probe", backend, pattern])
        .output()
        .context("cannot start the allocator metadata probe child process")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the allocator metadata probe for {backend} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(METADATA_PREFIX))
        .and_then(|rest| {
            let (kilobytes, live) = rest.split_once(' ')?;
            Some((kilobytes.parse().ok()?, live.trim().parse().ok()?))
        })
        .with_context(|| format!("the metadata probe for {backend} printed no figure: {stdout}"))
}

/// The child side of the metadata figures: fills a heap of `backend` with blocks of
/// `pattern` (`random` or `fixed`) and prints the peak resident memory gained and the blocks.
pub fn metadata_probe(backend: &str, pattern: &str) -> Result<()> {
    let pattern = match pattern {
        "random" => Pattern::RandomSizes,
        "fixed" => Pattern::Fixed,
        other => bail!("`{other}` is no fill pattern (use random or fixed)"),
    };
    // The list of offsets is committed before the baseline, so it is not counted.
    let mut offsets = vec![usize::MAX; HEAP_BYTES / ALIGN];
    offsets.clear();
    // Start the peak from here (Linux: writing 5 to clear_refs resets VmHWM to VmRSS). Where
    // that is refused, the peak so far is the list just committed, which is close enough.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let baseline = peak_resident_kilobytes()?;
    let heap = chain_heap(backend, HEAP_BYTES)?;
    let mut random = SplitMix(0x5eed);
    while let Ok(offset) = heap.alloc(pattern.size(&mut random), ALIGN) {
        offsets.push(offset);
    }
    let live = heap.stats().live_blocks;
    if live != offsets.len() {
        bail!(
            "the heap counts {live} live blocks, but {} were allocated",
            offsets.len()
        );
    }
    let peak = peak_resident_kilobytes()?;
    println!("{METADATA_PREFIX}{} {live}", peak.saturating_sub(baseline));
    Ok(())
}

/// The fragmentation table: after a fixed random trace on a small heap, the largest block one
/// alloc can still get, next to the free bytes.
fn print_fragmentation(quick: bool) -> Result<()> {
    let steps = if quick { 2_000 } else { TRACE_STEPS };
    println!();
    println!(
        "allocator fragmentation: {} MiB heap, {TRACE_LIVE_SLOTS} live blocks of 16 B..4 KiB, \
         {steps} random replacements (the same trace for every backend); then the largest block \
         one alloc can get",
        TRACE_HEAP_BYTES >> 20
    );
    println!(
        "{:<16}{:>12}{:>12}{:>16}{:>18}",
        "allocator", "in use KiB", "free KiB", "largest KiB", "largest / free"
    );
    for backend in BACKENDS {
        let heap = managed_heap(backend, TRACE_HEAP_BYTES)?;
        let (failed, _window) = churn(
            heap.as_ref(),
            Pattern::RandomSizes,
            TRACE_LIVE_SLOTS,
            steps,
            0xf7a9,
        )?;
        let stats = heap.stats().context("a managed heap keeps statistics")?;
        if failed > 0 {
            bail!("{failed} allocations of the fragmentation trace failed on {backend}");
        }
        println!(
            "{:<16}{:>12}{:>12}{:>16}{:>18.3}",
            backend,
            stats.bytes_in_use >> 10,
            stats.free_bytes >> 10,
            stats.largest_free_block >> 10,
            stats.largest_free_block as f64 / stats.free_bytes.max(1) as f64
        );
    }
    println!("{:<16}{:>12}", "std System", "-");
    Ok(())
}

/// A module that calls `shared_heap_malloc(64)` and `shared_heap_free` `n` times; returns how
/// many mallocs failed.
const MALLOC_FREE_LOOP: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory 1)
  (func (export "run") (param $n i32) (result i32)
    (local $block i32) (local $failed i32)
    (loop $again
      (local.set $block (call $malloc (i32.const 64)))
      (local.set $failed (i32.add (local.get $failed) (i32.eqz (local.get $block))))
      (call $free (local.get $block))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $failed)))
"#;

/// The wasm table: ns per `shared_heap_malloc` + `shared_heap_free` pair called from wasm.
fn print_wasm_pairs(quick: bool, rounds: usize) -> Result<()> {
    let calls: i32 = if quick { 1_000 } else { 1_000_000 };
    println!();
    println!(
        "shared_heap_malloc(64) + shared_heap_free from wasm on interp (host calls included), \
         {calls} pairs, median of {rounds}"
    );
    println!("{:<16}{:>14}", "backend", "ns per pair");
    for backend in BACKENDS {
        let engine = Engine::default();
        let mut store = Store::new(&engine, ());
        let module = Module::from_wat(&engine, MALLOC_FREE_LOOP)?;
        let mut linker = Linker::new(&engine);
        linker.define_shared_heap_functions()?;
        let instance = linker.instantiate(&mut store, &module)?;
        let chain = Chain::builder()
            .managed_boxed(chain_heap(backend, HEAP_BYTES)?)
            .build()?
            .into_shared();
        instance.attach_shared_heap(&mut store, &chain)?;
        let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
        let mut samples = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            let failed = run.call(&mut store, calls)?;
            samples.push(start.elapsed().as_secs_f64() * 1e9 / f64::from(calls));
            if failed != 0 {
                bail!("{failed} mallocs from wasm failed on {backend}");
            }
        }
        println!("{:<16}{:>14.1}", backend, crate::report::median(samples));
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
        for backend in BACKENDS {
            let heap = managed_heap(backend, HEAP_BYTES).expect("a 64 MiB heap maps");
            for pattern in [Pattern::RandomSizes, Pattern::Fixed] {
                let rate =
                    pairs_per_second(heap.as_ref(), pattern, 4, 1_000).expect("no alloc fails");
                assert!(rate > 0.0);
                let stats = heap.stats().expect("a managed heap keeps statistics");
                assert_eq!(
                    (stats.live_blocks, stats.invalid_frees, stats.bytes_in_use),
                    (0, 0, 0)
                );
                assert_eq!(stats.largest_free_block, HEAP_BYTES);
            }
        }
    }

    #[test]
    fn the_wasm_loop_mallocs_and_frees() {
        print_wasm_pairs(true, 1).expect("the wasm loop runs on both backends");
    }
}
