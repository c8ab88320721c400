//! WAMR's shared-heap functions over `chain`: heaps, chains, attach and detach, malloc and
//! free.
//!
//! C handles name single heaps, linked head to tail as WAMR links them. The Rust API makes
//! a chain own its heaps and lets an attached chain change only when no instance holds it;
//! here that becomes WAMR's run-time rules: a heap may not be chained, unchained or reset
//! while any instance has it (or a chain containing it) attached. When a head is first
//! attached, its heaps move into one [`SharedChain`]; when the last instance detaches, they
//! move back.

use std::collections::HashMap;
use std::ffi::c_void;
use std::ptr::NonNull;

use heap_alloc::{DefaultManagedHeap, PreAllocatedHeap};
use interp::chain::{Chain, GRANULARITY, Heap, MemberKind, SharedChain};

use crate::boundary::guard;
use crate::context::with_instance;
use crate::error::CapiError;
use crate::ffi_types::SharedHeapInitArgs;
use crate::handle::{HandleTable, Kind};
use crate::runtime::{Runtime, bad_handle, non_null, with_runtime};

/// One heap as C sees it.
pub(crate) struct HeapEntry {
    kind: MemberKind,
    /// The heap, unless it is in a live chain.
    heap: Option<Heap>,
    /// The heap after this one in its chain (towards the tail).
    next: Option<usize>,
    /// The heap whose `next` this one is.
    prev: Option<usize>,
    /// How many attached instances reach this heap (WAMR's `attached_count`).
    attached: u32,
    /// Read-only for wasm code (`shheap_set_shared_heap_read_only`); carried into every
    /// chain the heap joins.
    read_only: bool,
}

/// Heaps moved into a chain that instances hold.
struct LiveChain {
    shared: SharedChain,
    /// The member handles, head first.
    members: Vec<usize>,
    /// Attached instances.
    attached: u32,
}

/// Every heap, and the live chains by head handle.
pub(crate) struct HeapRegistry {
    heaps: HandleTable<HeapEntry>,
    live: HashMap<usize, LiveChain>,
}

impl HeapRegistry {
    pub(crate) fn new() -> Self {
        Self {
            heaps: HandleTable::new(Kind::SharedHeap),
            live: HashMap::new(),
        }
    }

    fn entry(&self, handle: usize, what: &'static str) -> Result<&HeapEntry, CapiError> {
        non_null(handle as *const u8, what)?;
        self.heaps
            .get(handle)
            .ok_or_else(|| bad_handle(&self.heaps, what))
    }

    fn entry_mut(&mut self, handle: usize) -> Result<&mut HeapEntry, CapiError> {
        let heaps = &mut self.heaps;
        match heaps.get_mut(handle) {
            Some(entry) => Ok(entry),
            None => Err(CapiError::refused("a shared heap vanished while in use")),
        }
    }

    /// `handle` and the heaps after it, head first.
    fn chain_from(&self, handle: usize) -> Vec<usize> {
        let mut members = vec![handle];
        let mut current = handle;
        while let Some(next) = self.heaps.get(current).and_then(|e| e.next) {
            // A cycle cannot be built (chain() checks), but never loop forever.
            if members.contains(&next) {
                break;
            }
            members.push(next);
            current = next;
        }
        members
    }

    fn refuse_if_attached(&self, members: &[usize], doing: &str) -> Result<(), CapiError> {
        if members
            .iter()
            .any(|&h| self.heaps.get(h).is_some_and(|e| e.attached > 0))
        {
            return Err(CapiError::refused(format!(
                "cannot {doing}: a module instance has this heap (or its chain) attached; detach it from every instance first"
            )));
        }
        Ok(())
    }

    /// The shared chain headed by `head`, built from its heaps on first attach.
    fn share(&mut self, head: usize) -> Result<SharedChain, CapiError> {
        if let Some(live) = self.live.get(&head) {
            return Ok(live.shared.clone());
        }
        let members = self.chain_from(head);
        if members
            .iter()
            .any(|&h| self.heaps.get(h).is_none_or(|e| e.heap.is_none()))
        {
            return Err(CapiError::refused(
                "a heap of this chain is still held by an instance being torn down; try again after it is deinstantiated",
            ));
        }
        let mut heaps = Vec::with_capacity(members.len());
        for &h in &members {
            if let Some(heap) = self.entry_mut(h)?.heap.take() {
                heaps.push(heap);
            }
        }
        // chain() allowed at most one managed heap and sizes are 32-bit, so this cannot
        // fail; if it did, the heaps would be gone, so say so.
        let mut chain = Chain::from_heaps(heaps)
            .map_err(|e| CapiError::refused(format!("the heaps of this chain were lost: {e}")))?;
        for (position, &h) in members.iter().enumerate() {
            chain.set_read_only(position, self.entry(h, "shared_heap")?.read_only);
        }
        let shared = chain.into_shared();
        self.live.insert(
            head,
            LiveChain {
                shared: shared.clone(),
                members,
                attached: 0,
            },
        );
        Ok(shared)
    }

    /// Counts one more instance on `head`'s live chain.
    fn count_attach(&mut self, head: usize) -> Result<(), CapiError> {
        let live = self
            .live
            .get_mut(&head)
            .ok_or_else(|| CapiError::refused("the chain to count is not live"))?;
        live.attached += 1;
        for h in live.members.clone() {
            self.entry_mut(h)?.attached += 1;
        }
        Ok(())
    }

    /// Counts one instance less on `head`'s live chain; the last one gives the heaps back.
    pub(crate) fn count_detach(&mut self, head: usize) {
        let Some(live) = self.live.get_mut(&head) else {
            return;
        };
        live.attached = live.attached.saturating_sub(1);
        let members = live.members.clone();
        for &h in &members {
            if let Some(entry) = self.heaps.get_mut(h) {
                entry.attached = entry.attached.saturating_sub(1);
            }
        }
        self.release_unused(head);
    }

    /// Gives a live chain's heaps back to their handles once nothing holds it.
    fn release_unused(&mut self, head: usize) {
        let Some(live) = self.live.remove(&head) else {
            return;
        };
        if live.attached > 0 {
            self.live.insert(head, live);
            return;
        }
        match SharedChain::try_unwrap(live.shared) {
            Ok(chain) => {
                for (h, heap) in live.members.iter().zip(chain.unchain()) {
                    if let Some(entry) = self.heaps.get_mut(*h) {
                        entry.heap = Some(heap);
                    }
                }
            }
            // Still held (an instance store not yet dropped): keep it for later.
            Err(shared) => {
                self.live.insert(
                    head,
                    LiveChain {
                        shared,
                        members: live.members,
                        attached: 0,
                    },
                );
            }
        }
    }

    /// Retries giving back chains whose last holder has gone since.
    fn release_all_unused(&mut self) {
        let heads: Vec<usize> = self
            .live
            .iter()
            .filter(|(_, live)| live.attached == 0)
            .map(|(&head, _)| head)
            .collect();
        for head in heads {
            self.release_unused(head);
        }
    }
}

/// Creates a heap of `init_args->size` bytes: managed (allocated by the runtime, size
/// rounded up to 4096) when `pre_allocated_addr` is NULL, else pre-allocated over the
/// caller's buffer, whose size must be a multiple of 4096. NULL on refusal (NULL
/// `init_args`, size 0, a pre-allocated size that is not a multiple of 4096, no memory, no
/// runtime).
///
/// # Safety
/// `init_args` must be NULL or readable. A pre-allocated buffer must be `size` bytes,
/// readable and writable from any thread, and stay so until `wasm_runtime_destroy`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_create_shared_heap(
    init_args: *mut SharedHeapInitArgs,
) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        non_null(init_args, "init_args")?;
        // SAFETY: non-null and readable by the caller's contract.
        let args = unsafe { init_args.read() };
        if args.size == 0 {
            return Err(CapiError::refused(
                "a shared heap of size 0 was asked for: give a size of at least 4096 bytes",
            ));
        }
        let heap = match NonNull::new(args.pre_allocated_addr.cast::<u8>()) {
            None => Heap::managed(DefaultManagedHeap::new(args.size as usize).map_err(|e| {
                CapiError::refused(format!("the managed heap could not be created: {e}"))
            })?),
            Some(buffer) => {
                if !(args.size as usize).is_multiple_of(GRANULARITY) {
                    return Err(CapiError::refused(format!(
                        "a pre-allocated heap's size must be a multiple of {GRANULARITY} bytes, but {} was given",
                        args.size
                    )));
                }
                // SAFETY: the caller promises `size` bytes at the buffer, usable from any
                // thread and kept alive until wasm_runtime_destroy, which drops every heap.
                let heap = unsafe { PreAllocatedHeap::from_raw_parts(buffer, args.size as usize) }
                    .map_err(|e| {
                        CapiError::refused(format!("the pre-allocated heap was refused: {e}"))
                    })?;
                Heap::PreAllocated(heap)
            }
        };
        with_runtime(|runtime| {
            let entry = HeapEntry {
                kind: heap.kind(),
                heap: Some(heap),
                next: None,
                prev: None,
                attached: 0,
                read_only: false,
            };
            let handle = runtime
                .heaps
                .heaps
                .insert(entry)
                .ok_or_else(|| CapiError::refused("too many shared heaps"))?;
            Ok(handle as *mut c_void)
        })
    })
}

/// Chains `body` (a heap or a chain's head) after `head` (a heap in no chain): `head` takes
/// the addresses just below `body`'s. Returns `head`, or NULL when refused, as WAMR refuses:
/// either is NULL or not a heap, either is attached, `head` already heads a chain or either
/// is already another chain's body, `head` is `body`, or the result would hold two managed
/// heaps.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_chain_shared_heaps(
    head: *mut c_void,
    body: *mut c_void,
) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        with_runtime(|runtime| {
            let heaps = &mut runtime.heaps;
            heaps.release_all_unused();
            let (h, b) = (head.addr(), body.addr());
            let head_entry = heaps.entry(h, "head")?;
            let body_entry = heaps.entry(b, "body")?;
            if h == b {
                return Err(CapiError::refused("a heap cannot be chained to itself"));
            }
            if head_entry.attached > 0 || body_entry.attached > 0 {
                return Err(CapiError::refused(
                    "cannot chain heaps while a module instance has either attached: detach them first",
                ));
            }
            if head_entry.next.is_some() {
                return Err(CapiError::refused(
                    "the head already heads a chain: chain its body onto another heap, or unchain it first",
                ));
            }
            if head_entry.prev.is_some() || body_entry.prev.is_some() {
                return Err(CapiError::refused(
                    "a heap can be the body of one chain only, and the head given is (or the body given is) already one: unchain it first",
                ));
            }
            let body_members = heaps.chain_from(b);
            let managed = std::iter::once(h)
                .chain(body_members.iter().copied())
                .filter(|&m| {
                    heaps
                        .heaps
                        .get(m)
                        .is_some_and(|e| e.kind == MemberKind::Managed)
                })
                .count();
            if managed > 1 {
                return Err(CapiError::refused(
                    "a chain holds at most one managed heap (created without pre_allocated_addr); make the others pre-allocated",
                ));
            }
            heaps.entry_mut(h)?.next = Some(b);
            heaps.entry_mut(b)?.prev = Some(h);
            Ok(head)
        })
    })
}

/// Unchains `head` from the heap after it (`entire_chain` false: returns that heap, now
/// the head of the rest) or takes the whole chain apart (`entire_chain` true: returns the
/// last heap). NULL when refused: `head` is NULL, not a heap, heads no chain, or is attached.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_unchain_shared_heaps(
    head: *mut c_void,
    entire_chain: bool,
) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        with_runtime(|runtime| {
            let heaps = &mut runtime.heaps;
            heaps.release_all_unused();
            let h = head.addr();
            if heaps.entry(h, "head")?.next.is_none() {
                return Err(CapiError::refused(
                    "this heap heads no chain, so there is nothing to unchain",
                ));
            }
            let members = heaps.chain_from(h);
            heaps.refuse_if_attached(&members, "unchain")?;
            let mut current = h;
            loop {
                let Some(next) = heaps.entry_mut(current)?.next.take() else {
                    break;
                };
                heaps.entry_mut(next)?.prev = None;
                current = next;
                if !entire_chain {
                    break;
                }
            }
            Ok(current as *mut c_void)
        })
    })
}

/// Returns every heap of the chain starting at `shared_heap` to its initial state: managed
/// heaps lose every block, every byte becomes zero. False when refused: NULL, not a heap,
/// or attached.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_reset_shared_heap_chain(shared_heap: *mut c_void) -> bool {
    guard(false, || {
        with_runtime(|runtime| {
            let heaps = &mut runtime.heaps;
            heaps.release_all_unused();
            let h = shared_heap.addr();
            heaps.entry(h, "shared_heap")?;
            let members = heaps.chain_from(h);
            heaps.refuse_if_attached(&members, "reset a heap chain")?;
            for m in members {
                if let Some(heap) = heaps.entry_mut(m)?.heap.as_mut() {
                    heap.reset();
                }
            }
            Ok(true)
        })
    })
}

/// libshheap's own (no WAMR counterpart): makes `shared_heap` read-only for wasm code
/// (`read_only` true) or writable again. Every wasm store, atomic write and
/// `memory.fill`/`copy`/`init` into a read-only heap traps with "write to read-only shared
/// heap"; loads, `wasm_runtime_shared_heap_malloc`/`free` and the host's writes through
/// native pointers go on. The mark belongs to the heap, in whatever chain it is. False when
/// refused: NULL or not a heap, or attached to an instance (itself or through its chain).
#[unsafe(no_mangle)]
pub extern "C" fn shheap_set_shared_heap_read_only(
    shared_heap: *mut c_void,
    read_only: bool,
) -> bool {
    guard(false, || {
        with_runtime(|runtime| {
            let heaps = &mut runtime.heaps;
            heaps.release_all_unused();
            let h = shared_heap.addr();
            if heaps.entry(h, "shared_heap")?.attached > 0 {
                return Err(CapiError::refused(
                    "cannot change whether a heap is read-only while a module instance has it (or its chain) attached: detach it from every instance first",
                ));
            }
            heaps.entry_mut(h)?.read_only = read_only;
            Ok(true)
        })
    })
}

/// Attaches `shared_heap` (a heap or a chain's head) to `module_inst`. False when refused:
/// NULL or bad handles, a heap that is another chain's body, an instance that already has a
/// heap attached, has no memory, or whose linear memory reaches into the chain's addresses,
/// a chain too large for a memory32 instance, or wasm of the instance running.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_attach_shared_heap(
    module_inst: *mut c_void,
    shared_heap: *mut c_void,
) -> bool {
    guard(false, || {
        let (inst, h) = (module_inst.addr(), shared_heap.addr());
        with_instance(inst, |store, instance| {
            let shared = with_runtime(|runtime| {
                check_attachable(runtime, inst, h)?;
                runtime.heaps.share(h)
            })?;
            let attached = instance.attach_shared_heap(store, &shared);
            drop(shared);
            with_runtime(|runtime| match attached {
                Ok(()) => {
                    runtime.heaps.count_attach(h)?;
                    if let Some(record) = runtime.instances.get_mut(inst) {
                        record.attached = Some(h);
                    }
                    Ok(true)
                }
                Err(e) => {
                    runtime.heaps.release_unused(h);
                    Err(e.into())
                }
            })
        })
    })
}

fn check_attachable(runtime: &Runtime, inst: usize, h: usize) -> Result<(), CapiError> {
    let entry = runtime.heaps.entry(h, "shared_heap")?;
    if entry.prev.is_some() {
        return Err(CapiError::refused(
            "this heap is the body of a chain: attach the chain's head instead",
        ));
    }
    if runtime
        .instances
        .get(inst)
        .is_some_and(|record| record.attached.is_some())
    {
        return Err(CapiError::refused(
            "this module instance already has a shared heap attached: detach it first",
        ));
    }
    Ok(())
}

/// Detaches the instance's heap; does nothing when none is attached or the handle is bad.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_detach_shared_heap(module_inst: *mut c_void) {
    guard((), || {
        let inst = module_inst.addr();
        with_instance(inst, |store, instance| {
            instance.detach_shared_heap(store);
            with_runtime(|runtime| {
                let head = runtime
                    .instances
                    .get_mut(inst)
                    .and_then(|record| record.attached.take());
                if let Some(head) = head {
                    runtime.heaps.count_detach(head);
                }
                Ok(())
            })
        })
    })
}

/// Allocates `size` bytes from the managed heap of the instance's attached chain. Returns
/// the block's app address (the same in every instance sharing the chain) and, when
/// `p_native_addr` is not NULL, stores its native address there (NULL on failure). 0 when
/// refused: no chain attached, no managed heap in it, or no room.
///
/// # Safety
/// `p_native_addr` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_shared_heap_malloc(
    module_inst: *mut c_void,
    size: u64,
    p_native_addr: *mut *mut c_void,
) -> u64 {
    let (app, native) = guard((0, core::ptr::null_mut()), || {
        with_instance(module_inst.addr(), |store, instance| {
            let layout = instance.shared_heap_layout(store).ok_or_else(|| {
                CapiError::refused(
                    "this module instance has no shared heap attached: attach one first",
                )
            })?;
            if !layout.members.iter().any(|m| m.kind == MemberKind::Managed) {
                return Err(CapiError::refused(
                    "the attached chain has no managed heap (all its heaps are pre-allocated), so nothing can be allocated from it",
                ));
            }
            let (app, native) = instance.shared_heap_malloc(store, size).ok_or_else(|| {
                CapiError::refused(format!(
                    "the managed heap has no free block of {size} bytes"
                ))
            })?;
            Ok((app, native.as_ptr().cast::<c_void>()))
        })
    });
    if !p_native_addr.is_null() {
        // SAFETY: non-null and writable by the caller's contract.
        unsafe { p_native_addr.write(native) };
    }
    app
}

/// Frees the block at app address `ptr` in the instance's attached chain. Anything that is
/// not the start of a live block changes nothing (the reason is kept for
/// `shheap_last_error`).
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_shared_heap_free(module_inst: *mut c_void, ptr: u64) {
    guard((), || {
        with_instance(module_inst.addr(), |store, instance| {
            instance.shared_heap_free(store, ptr)?;
            Ok(())
        })
    })
}
