//! Builds the shared-heap chain the command line asks for, head first.

use anyhow::{Context, bail};
use chain::{Chain, Heap, PreAllocatedHeap};
use heap_alloc::{BuddyHeap, LinkedListHeap};

use crate::args::{Allocator, RunArgs};
use crate::heap_spec::{HeapKind, HeapSpec};

/// The chain members asked for: `--shared-heap SIZE` alone, or every `--heap`, in order.
pub fn requested_members(args: &RunArgs) -> Vec<HeapSpec> {
    match args.shared_heap {
        Some(size) => vec![HeapSpec {
            kind: HeapKind::Managed,
            size,
            read_only: false,
        }],
        None => args.heap.clone(),
    }
}

/// Builds the chain of `members` (head first), or `None` when there are none. Refuses a
/// second managed member before creating any heap, naming its position and size.
pub fn build_chain(
    members: &[HeapSpec],
    allocator: Option<Allocator>,
) -> anyhow::Result<Option<Chain>> {
    if allocator.is_some() && !members.iter().any(|spec| spec.kind == HeapKind::Managed) {
        bail!(
            "--allocator chooses the managed heap's allocator, but no managed heap was asked for: add --shared-heap SIZE or --heap managed:SIZE, or drop --allocator"
        );
    }
    let allocator = allocator.unwrap_or(Allocator::LinkedList);
    if members.is_empty() {
        return Ok(None);
    }
    refuse_second_managed(members)?;
    let mut heaps = Vec::with_capacity(members.len());
    for (position, spec) in members.iter().enumerate() {
        let heap = create_heap(*spec, allocator).with_context(|| {
            format!("cannot create the {spec} (member {position} of the chain, head = 0)")
        })?;
        heaps.push(heap);
    }
    let mut chain = Chain::from_heaps(heaps).context("cannot chain the shared heaps")?;
    for (position, spec) in members.iter().enumerate() {
        // Every position exists: the chain was built from exactly these members.
        chain.set_read_only(position, spec.read_only);
    }
    Ok(Some(chain))
}

/// A chain holds at most one managed heap; say which member broke that rule and how to fix it.
fn refuse_second_managed(members: &[HeapSpec]) -> anyhow::Result<()> {
    let mut managed = members
        .iter()
        .enumerate()
        .filter(|(_, spec)| spec.kind == HeapKind::Managed);
    if let (Some((first, _)), Some((second, spec))) = (managed.next(), managed.next()) {
        bail!(
            "a chain holds at most one managed heap, but member {second} (head = 0) is a second {spec} after member {first}: make it --heap prealloc:{} or drop it",
            spec.size
        );
    }
    Ok(())
}

/// Creates one heap. Sizes too large for this host, zero sizes and pre-allocated sizes that
/// are not a multiple of 4096 come back as errors, never as an abort.
fn create_heap(spec: HeapSpec, allocator: Allocator) -> anyhow::Result<Heap> {
    let size = usize::try_from(spec.size)
        .with_context(|| format!("{} bytes is more than this host can address", spec.size))?;
    Ok(match (spec.kind, allocator) {
        (HeapKind::Managed, Allocator::LinkedList) => Heap::managed(LinkedListHeap::new(size)?),
        (HeapKind::Managed, Allocator::Buddy) => Heap::managed(BuddyHeap::new(size)?),
        (HeapKind::PreAllocated, _) => {
            // Check the size first (the heap refuses it anyway) so that a bad size never
            // costs a large buffer; then allocate it zeroed and fallibly, so that a size the
            // host cannot provide is an error rather than an abort.
            if size == 0 {
                bail!("a shared heap cannot be empty: give a size of at least 4096 bytes");
            }
            if size % chain::GRANULARITY != 0 {
                bail!(
                    "a pre-allocated heap's size must be a multiple of 4096 bytes, but {size} is not: use {}",
                    size.div_ceil(chain::GRANULARITY)
                        .saturating_mul(chain::GRANULARITY)
                );
            }
            let buffer = zeroed_buffer(size).with_context(|| {
                format!(
                    "the host could not provide {size} bytes for a pre-allocated heap: ask for less"
                )
            })?;
            Heap::PreAllocated(PreAllocatedHeap::from_vec(buffer)?)
        }
    })
}

/// `size` zero bytes, `None` if the host cannot provide them. A zeroed allocation, unlike
/// writing zeros, costs nothing up front: for large sizes the allocator maps fresh pages
/// that the kernel zero-fills on first touch (a 4000 MiB heap starts at once).
fn zeroed_buffer(size: usize) -> Option<Vec<u8>> {
    let layout = std::alloc::Layout::array::<u8>(size).ok()?;
    if layout.size() == 0 {
        return Some(Vec::new());
    }
    // SAFETY: the layout has a non-zero size (checked above).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of `[u8; size]`, which
    // is what a `Vec<u8>` of capacity `size` frees with; all `size` bytes are initialized
    // (zero).
    Some(unsafe { Vec::from_raw_parts(ptr, size, size) })
}
