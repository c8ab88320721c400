//! Handing control from one instruction's handler to the next.
//!
//! Every handler has the signature of [`Handler`]: the execution context plus the hot state
//! (instruction pointer, frame pointer, memory base and length) as separate arguments, so
//! they stay in registers. A handler finishes by calling [`dispatch`], which finds the next
//! instruction's handler and calls it.
//!
//! How the handler is found depends on the memory accessor, a constant of the instantiation
//! (no test at run time). Code is threaded ([`CodeCell`]): each cell holds its
//! instruction's handler for runs without a shared-heap chain (`NoChain`), so those runs
//! load the handler's address from the next cell and jump to it, one load before the
//! jump's target is known. Runs with a chain (`ActiveChains`, the other instantiation of
//! the same handlers, over the same shared code) read the next instruction's tag and look
//! its handler up in their table, two dependent loads, as all runs did before threading.
//! Keeping both instantiations' addresses in a cell would make it 32 bytes for every run;
//! re-threading a module's code for chain runs would need a second copy of it. Chain runs
//! are the rarer ones and their memory accesses dominate (`examples/memory_kernel`), so
//! they keep the table; `docs/dispatch-costs.md` has the measurements.
//!
//! In optimized builds on targets where LLVM turns such calls in tail position into jumps
//! (the `interp_tail_dispatch` cfg, set by `build.rs`), `dispatch` makes that tail call:
//! each handler jumps straight to the next one, so each has its own indirect jump (which
//! the branch predictor tells apart) and nothing goes through a shared loop head. Elsewhere
//! (debug builds, where the calls would pile up on the host stack) `dispatch` records the
//! state and returns, and [`run`] calls the next handler in a loop. The handlers are the
//! same in both modes.

use super::active_frame::ActiveFrame;
use super::handlers;
use super::memory::MemView;
use crate::TrapCode;
use crate::code_cell::CodeCell;
use crate::error::Error;
use crate::fast_callee::FastCallee;
use crate::instr::{Instr, with_instr_names};
use crate::mem_access::{MemoryAccess, NoChain};
use crate::stacks::Frame;
use crate::store::{ExecStore, StoreInner};
use core::cell::Cell;

/// How a run of handlers ended.
pub(super) enum Flow {
    /// The entry function returned; its results are in its frame.
    Done,
    /// Execution stopped with the error in [`Ctx::error`].
    Trap,
    /// (Loop mode only.) Continue with the state in [`Ctx::resume`].
    #[cfg(not(interp_tail_dispatch))]
    Continue,
}

/// The hot state the loop mode carries between handlers.
#[cfg(not(interp_tail_dispatch))]
#[derive(Clone, Copy)]
pub(super) struct Resume {
    pub ip: *const CodeCell,
    pub regs: ActiveFrame,
    pub mem: MemView,
}

/// The running instance's function and global index spaces (store indices), cached so
/// `call` and `global.get`/`global.set` skip two bounds-checked lookups, and its table of
/// fast callees.
#[derive(Clone, Copy)]
pub(super) struct IndexSpaces {
    funcs: *const u32,
    globals: *const u32,
    callees: *const Cell<FastCallee>,
}

impl IndexSpaces {
    /// Must be refreshed whenever the instance changes or host code ran (it may have added
    /// instances, though never changes an existing instance's index spaces).
    #[inline]
    pub fn of(s: &StoreInner, inst: u32) -> IndexSpaces {
        let data = &s.instances[inst as usize];
        IndexSpaces {
            funcs: data.funcs.as_ptr(),
            globals: data.globals.as_ptr(),
            callees: data.callees.as_ptr(),
        }
    }

    /// The fast call path's entry for the instance's function `func`.
    #[inline(always)]
    pub fn callee(self, func: u32) -> FastCallee {
        // SAFETY: as in `func`, with the instance's `callees`, which has one entry per
        // function and is never resized either. Entries change only through `Cell::set`.
        unsafe { (*self.callees.add(func as usize)).get() }
    }

    /// Records the fast call path's entry for the instance's function `func`.
    #[inline]
    pub fn set_callee(self, func: u32, entry: FastCallee) {
        // SAFETY: as in `callee`.
        unsafe { (*self.callees.add(func as usize)).set(entry) }
    }

    /// The store index of the instance's function `func`.
    #[inline(always)]
    pub fn func(self, func: u32) -> u32 {
        // SAFETY: validation bounds `func` by the module's function count, which is the
        // length of the instance's `funcs`. That vector is never resized after
        // instantiation and instances are never removed, so its buffer stays where the
        // pointer was taken even when the store's list of instances grows.
        unsafe { *self.funcs.add(func as usize) }
    }

    /// The store index of the instance's global `global`.
    #[inline(always)]
    pub fn global(self, global: u32) -> u32 {
        // SAFETY: as in `func`, with the module's global count and the instance's `globals`.
        unsafe { *self.globals.add(global as usize) }
    }
}

/// Everything a handler may need beyond the hot state: the store (without its data type:
/// host functions are called through [`ExecStore::call_host`]), the memory accessor, the
/// value and frame stacks lent to this run, and the running instance.
pub(super) struct Ctx<'a, M> {
    pub store: &'a mut ExecStore<'a>,
    pub m: &'a mut M,
    /// The value stack ([`crate::stacks::Stacks::values`]), held here for the run (not
    /// through a reference: the call and return handlers reach it with one load less).
    pub stack: Vec<u64>,
    /// Suspended callers ([`crate::stacks::Stacks::frames`]), held as `stack` is.
    pub frames: Vec<Frame>,
    /// `frames.len()` when this run began: returning at that depth ends the run.
    pub entry_depth: usize,
    /// How many frames this run may push.
    pub max_frames: usize,
    /// The value stack's slot limit (the store's `max_stack_bytes` / 8).
    pub max_stack_slots: usize,
    /// The running instance (store index).
    pub inst: u32,
    pub index_spaces: IndexSpaces,
    /// The end of `stack`'s slots, which the fast call path checks a callee's frame
    /// against (refreshed, and the frame records rebased, wherever the stack grows:
    /// [`Ctx::open_frame`]).
    pub stack_end: *const u64,
    /// The fast call path pushes a caller record only while `frames.len()` is below this:
    /// within the frames' capacity (so the push never reallocates) and the run's call-depth
    /// limit, in one compare ([`fast_frame_limit`]; refreshed wherever `frames` grows).
    pub frame_limit: usize,
    /// Why the run stopped, with [`Flow::Trap`].
    pub error: Option<Error>,
    /// Chain mode only (untouched without a chain): the windows on the shared-heap member
    /// the running instance hit last, which the fast memory handlers test where the linear
    /// check fails ([`Ctx::window_ptr`]). A copy of the accessor's record, taken by the
    /// slow memory handlers after they resolve an access ([`Ctx::note_heap_access`]) and
    /// emptied wherever the running instance changes or host code ran
    /// ([`Ctx::forget_heap_window`]), the two things after which a member the record holds
    /// may no longer be this instance's. (`memory.grow` also refreshes the accessor's
    /// record, but leaves the instance its members: linear memory stops below them.)
    #[cfg(feature = "shared-heap")]
    pub heap_windows: crate::shared_heap::HeapWindows,
    #[cfg(not(interp_tail_dispatch))]
    pub resume: Resume,
}

impl<M: MemoryAccess> Ctx<'_, M> {
    /// The native pointer to the `n` bytes of an access (a store when `write`) ending at
    /// `end`, when the running instance's last shared-heap hit holds them; tested from the
    /// access's start when `from_start` (see `shared_heap::window`). Always `None` without a
    /// chain, at no cost.
    #[inline(always)]
    pub fn window_ptr(&self, end: u64, n: u64, write: bool, from_start: bool) -> Option<*mut u8> {
        #[cfg(feature = "shared-heap")]
        if M::HAS_CHAIN {
            return self.heap_windows.ptr(end, n, write, from_start);
        }
        let _ = (end, n, write, from_start);
        None
    }

    /// Takes up the accessor's record of the last shared-heap hit after a slow memory
    /// handler resolved an access, so the next access to that member takes the fast path.
    #[inline(always)]
    pub fn note_heap_access(&mut self) {
        #[cfg(feature = "shared-heap")]
        if M::HAS_CHAIN {
            self.heap_windows = crate::shared_heap::last_hit_windows();
        }
    }

    /// Forgets the last shared-heap hit: another instance runs, or host code ran.
    #[inline(always)]
    pub fn forget_heap_window(&mut self) {
        #[cfg(feature = "shared-heap")]
        if M::HAS_CHAIN {
            self.heap_windows = crate::shared_heap::HeapWindows::EMPTY;
        }
    }
}

/// The frame-stack length below which the fast call path may push a record
/// ([`Ctx::frame_limit`]): the general path traps once `len - entry_depth + 1` reaches
/// `max_frames`, and a push at `capacity` would reallocate.
pub(super) fn fast_frame_limit(capacity: usize, entry_depth: usize, max_frames: usize) -> usize {
    capacity.min(entry_depth.saturating_add(max_frames).saturating_sub(1))
}

/// An instruction's handler.
pub(super) type Handler<M> =
    for<'c, 'a> fn(&'c mut Ctx<'a, M>, *const CodeCell, *mut u64, *mut u8, u64, u64) -> Flow;

/// The handlers of one memory accessor's instantiation of the executor.
struct Handlers<M>(core::marker::PhantomData<M>);

macro_rules! handler_table {
    ($($name:ident),* $(,)?) => {
        impl<M: MemoryAccess> Handlers<M> {
            /// Indexed by instruction tag.
            const TABLE: [Handler<M>; [$(stringify!($name)),*].len()] =
                [$(handlers::$name::<M>),*];
        }

        /// The name list has every variant exactly once: a missing one makes this match
        /// non-exhaustive, a repeated one unreachable (both rejected by the build).
        #[allow(dead_code)]
        #[deny(unreachable_patterns)]
        fn every_variant_is_listed(i: Instr) {
            match i {
                $(Instr::$name { .. })|* => {}
            }
        }
    };
}
with_instr_names!(handler_table);

/// The handler of `instr` in runs without a chain, with its type erased, for its
/// [`CodeCell`] (`handler_at` turns it back).
pub(crate) fn no_chain_handler(instr: &Instr) -> fn() {
    let handler = table_handler::<NoChain>(tag_of(instr));
    // SAFETY: function pointers all have the size and representation of an address; the
    // only use of the result is `handler_at`'s transmute back to this very type.
    unsafe { core::mem::transmute::<Handler<NoChain>, fn()>(handler) }
}

/// The tag of `instr`: `Instr` is `repr(u16)`, so its first two bytes.
#[inline(always)]
fn tag_of(instr: *const Instr) -> u16 {
    // SAFETY: `instr` points at an instruction (a reference's, or one in the running
    // function's code), whose first two bytes are its tag.
    unsafe { instr.cast::<u16>().read() }
}

/// The handler of the instruction with tag `tag` from accessor `M`'s table.
#[inline(always)]
fn table_handler<M: MemoryAccess>(tag: u16) -> Handler<M> {
    // SAFETY: the table has one entry per variant, in tag order (`with_instr_names!`), so
    // every valid tag indexes it.
    unsafe { *super::unchecked::get(&Handlers::<M>::TABLE, usize::from(tag)) }
}

/// The handler of the instruction at `ip`: its cell's without a chain, else from the
/// table.
#[inline(always)]
fn handler_at<M: MemoryAccess>(ip: *const CodeCell) -> Handler<M> {
    #[cfg(feature = "op-counts")]
    // SAFETY: `ip` points at a cell of the running function's code.
    crate::op_counts::record(tag_of(unsafe { &raw const (*ip).instr }));
    if !M::HAS_CHAIN {
        // SAFETY: `ip` points at a cell of the running function's code.
        let handler = unsafe { (*ip).handler };
        // SAFETY: the cell's handler is `no_chain_handler`'s, a `Handler<NoChain>`, and the
        // executor is instantiated with two accessors only: `NoChain`, the one without a
        // chain, and the shared heap's `ActiveChains` (checked where runs begin,
        // `run::execute`). So `M` is `NoChain` here and the type is the one erased.
        return unsafe { core::mem::transmute::<fn(), Handler<M>>(handler) };
    }
    // SAFETY: as above.
    table_handler::<M>(tag_of(unsafe { &raw const (*ip).instr }))
}

/// Continues with the instruction at `ip`, on frame `fp` with memory view `mem`.
#[inline(always)]
pub(super) fn dispatch<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    ip: *const CodeCell,
    regs: ActiveFrame,
    mem: MemView,
) -> Flow {
    #[cfg(interp_tail_dispatch)]
    {
        handler_at::<M>(ip)(cx, ip, regs.fp, mem.base, mem.len, regs.acc)
    }
    #[cfg(not(interp_tail_dispatch))]
    {
        cx.resume = Resume { ip, regs, mem };
        Flow::Continue
    }
}

/// Marks the taken side of a conditional branch in a handler.
///
/// Both sides of a conditional branch end in the same dispatch sequence, differing only in
/// the next instruction pointer, and the compiler likes to merge them and pick the pointer
/// with a conditional move. That makes the instruction pointer (and so every operand fetch
/// of the following handlers) wait for the compare's operands instead of following the
/// branch predictor. An empty `asm!` statement on one side is opaque to the compiler, so the
/// two sides stay apart and the choice stays a predicted branch.
#[inline(always)]
pub(super) fn branch_taken() {
    #[cfg(all(
        any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        ),
        not(miri)
    ))]
    // SAFETY: the statement is empty: it emits no instruction and touches no memory,
    // register or flag.
    unsafe {
        core::arch::asm!("", options(nomem, nostack, preserves_flags));
    }
}

/// Runs from the instruction at `ip` until the entry function returns or a trap.
pub(super) fn run<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    ip: *const CodeCell,
    regs: ActiveFrame,
    mem: MemView,
) -> Flow {
    #[cfg(interp_tail_dispatch)]
    {
        dispatch(cx, ip, regs, mem)
    }
    #[cfg(not(interp_tail_dispatch))]
    {
        let mut at = Resume { ip, regs, mem };
        loop {
            let handler = handler_at::<M>(at.ip);
            let r = at.regs;
            match handler(cx, at.ip, r.fp, at.mem.base, at.mem.len, r.acc) {
                Flow::Continue => at = cx.resume,
                end => return end,
            }
        }
    }
}

/// Stops the run with trap `code`.
#[cold]
#[inline(never)]
pub(super) fn trap<M>(cx: &mut Ctx<'_, M>, code: TrapCode) -> Flow {
    cx.error = Some(Error::trap(code));
    Flow::Trap
}

/// Stops the run with `error` (from a host function).
#[cold]
#[inline(never)]
pub(super) fn fail<M>(cx: &mut Ctx<'_, M>, error: Error) -> Flow {
    cx.error = Some(error);
    Flow::Trap
}

/// The cached view of the current instance's memory 0; also points `m` at the instance's
/// shared-heap chain (or none).
#[inline]
pub(super) fn memory_view<M: MemoryAccess>(s: &mut StoreInner, m: &mut M, inst: u32) -> MemView {
    m.enter(inst);
    match s.instances[inst as usize].memories.first() {
        Some(&mi) => {
            let md = &mut s.memories[mi as usize];
            MemView {
                base: md.base(),
                len: md.len(),
            }
        }
        None => MemView {
            base: core::ptr::null_mut(),
            len: 0,
        },
    }
}
