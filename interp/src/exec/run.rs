//! Entering the executor from the host, and the frame bookkeeping calls and returns share.

use super::active_frame::ActiveFrame;
use super::dispatch::{self, Ctx, Flow, IndexSpaces, memory_view};
use crate::TrapCode;
use crate::code_cell::CodeCell;
use crate::error::Error;
use crate::instr::CompiledFunc;
use crate::mem_access::MemoryAccess;
use crate::stacks::{Frame, Stacks};
use crate::store::{ExecStore, FuncKind};

/// How many value-stack slots `limits` allows.
fn stack_slot_limit(limits: &crate::store::StoreLimits) -> usize {
    usize::try_from(limits.max_stack_bytes / 8).unwrap_or(usize::MAX)
}

/// Makes room for a frame of `frame_size` slots at `fp_off`; returns the new frame pointer.
/// The caller has checked that `fp_off + frame_size <= max_slots`, so the stack never grows
/// past `max_slots` (the store's `max_stack_bytes`): the fast call path, which only checks
/// against the stack's length, is bounded by it too.
#[inline]
pub(super) fn reserve(
    stack: &mut Vec<u64>,
    fp_off: usize,
    frame_size: u32,
    max_slots: usize,
) -> *mut u64 {
    let need = fp_off + frame_size as usize;
    if need > stack.len() {
        grow_stack(stack, need, max_slots);
    }
    super::unchecked::set_stack_end(stack.as_ptr_range().end);
    // SAFETY: `fp_off + frame_size <= stack.len()`, so `fp_off` is within the allocation.
    unsafe { stack.as_mut_ptr().add(fp_off) }
}

#[cold]
#[inline(never)]
fn grow_stack(stack: &mut Vec<u64>, need: usize, max_slots: usize) {
    let new_len = need.max((stack.len() * 2).max(1024).min(max_slots));
    // Exactly: `resize` alone may round the allocation up past the limit.
    stack.reserve_exact(new_len - stack.len());
    stack.resize(new_len, 0);
}

/// Makes room for a frame of `code` at `fp_off` (see [`reserve`]) and zeroes its declared
/// locals: every way into a function (from the host, a call, a tail call) starts here.
#[inline(always)]
pub(super) fn open_frame(
    stack: &mut Vec<u64>,
    fp_off: usize,
    code: &CompiledFunc,
    max_slots: usize,
) -> ActiveFrame {
    let frame = ActiveFrame::at(reserve(stack, fp_off, code.frame_size, max_slots));
    zero_locals(frame, code);
    frame
}

impl<M: MemoryAccess> Ctx<'_, M> {
    /// Takes note of an [`open_frame`] on the run's value stack, which was at address
    /// `old` before: when that grew the stack (moving it), the run's frame records are
    /// rebased onto the new buffer; [`Ctx::stack_end`] is refreshed either way. (Not a
    /// method that opens the frame itself: the callee's code is borrowed from the store.)
    #[inline(always)]
    pub(super) fn stack_settled(&mut self, old: usize) {
        let new = self.stack.as_mut_ptr().expose_provenance();
        if new != old {
            // Only this run's records point into this stack (`Frame::RUN_ENTRY`, below
            // them, points nowhere).
            rebase_frames(&mut self.frames[self.entry_depth..], old, new);
        }
        self.stack_end = self.stack.as_ptr_range().end;
    }

    /// The slot offset in the value stack of the frame at `fp`.
    #[inline(always)]
    pub(super) fn frame_offset(&self, fp: *const u64) -> usize {
        (fp.addr() - self.stack.as_ptr().addr()) / 8
    }
}

/// Moves the frame pointers of `frames` from a value stack at address `old` to its copy at
/// `new` (an exposed address): the stack grew.
#[cold]
#[inline(never)]
fn rebase_frames(frames: &mut [Frame], old: usize, new: usize) {
    for f in frames {
        f.fp = new + (f.fp - old);
    }
}

/// Zeroes a frame's declared locals (params are already in place).
#[inline(always)]
pub(super) fn zero_locals(regs: ActiveFrame, f: &CompiledFunc) {
    if f.num_locals != f.num_params {
        zero_declared_locals(regs, f);
    }
}

/// The out-of-line part of [`zero_locals`], so calls to functions without declared locals
/// stay short.
#[inline(never)]
fn zero_declared_locals(mut regs: ActiveFrame, f: &CompiledFunc) {
    let first = f.num_params;
    // Most functions declare a few locals: plain stores beat a `memset` call, which the
    // compiler would make of a loop.
    match f.num_locals - first {
        1 => regs.set(first, 0),
        2 => {
            regs.set(first, 0);
            regs.set(first + 1, 0);
        }
        3 => {
            regs.set(first, 0);
            regs.set(first + 1, 0);
            regs.set(first + 2, 0);
        }
        _ => {
            for s in first..f.num_locals {
                regs.set(s, 0);
            }
        }
    }
}

/// Runs wasm function `func` (store index) whose arguments are at `stacks.values[base..]`;
/// on success its results are there. Frames live in `stacks.frames`, never on the host
/// stack.
pub(super) fn execute<M: MemoryAccess>(
    store: &mut ExecStore<'_>,
    m: &mut M,
    stacks: &mut Stacks,
    func: u32,
    base: usize,
) -> Result<(), Error> {
    let Stacks {
        values: stack,
        frames,
    } = stacks;
    let max_frames = store
        .inner
        .limits
        .max_call_depth
        .saturating_sub(store.inner.depth_in_use) as usize;
    store.inner.ensure_translated(func)?;
    let (inst, code) = match &store.inner.funcs[func as usize].kind {
        FuncKind::Wasm { instance, code } => (*instance, code.clone()),
        FuncKind::Host { .. } | FuncKind::Untranslated { .. } => {
            return Err(Error::usage("not a wasm function"));
        }
    };
    let max_stack_slots = stack_slot_limit(&store.inner.limits);
    if max_frames == 0 || base + code.frame_size as usize > max_stack_slots {
        return Err(Error::trap(TrapCode::CallStackExhausted));
    }
    // Threaded code holds the no-chain accessor's handlers, which `dispatch` takes for any
    // accessor without a chain: that must be this one.
    debug_assert!(
        M::HAS_CHAIN
            || core::any::type_name::<M>() == core::any::type_name::<crate::mem_access::NoChain>(),
        "an accessor without a chain other than `NoChain`"
    );
    let run_mark = super::unchecked::begin_run(code.frame_size);
    let regs = open_frame(stack, base, &code, max_stack_slots);
    let ip: *const CodeCell = code.code.as_ptr();
    let mem = memory_view(&mut store.inner, m, inst);
    let index_spaces = IndexSpaces::of(&store.inner, inst);
    // The entry function's return pops this one (it ends the run).
    frames.push(Frame::RUN_ENTRY);
    let entry_depth = frames.len();
    let stack_end = stack.as_ptr_range().end;
    let frame_limit = dispatch::fast_frame_limit(frames.capacity(), entry_depth, max_frames);
    let mut cx = Ctx {
        store,
        m,
        stack: core::mem::take(stack),
        frames: core::mem::take(frames),
        entry_depth,
        max_frames,
        max_stack_slots,
        inst,
        index_spaces,
        stack_end,
        frame_limit,
        error: None,
        #[cfg(feature = "shared-heap")]
        heap_windows: crate::shared_heap::HeapWindows::EMPTY,
        #[cfg(not(interp_tail_dispatch))]
        resume: dispatch::Resume { ip, regs, mem },
    };
    // `code` (an `Arc`) keeps the entry function's code alive for the run; every other
    // function's code is kept alive by the store, which the run borrows.
    let flow = dispatch::run(&mut cx, ip, regs, mem);
    *stack = core::mem::take(&mut cx.stack);
    *frames = core::mem::take(&mut cx.frames);
    super::unchecked::end_run(run_mark);
    drop(code);
    // `dispatch::run` returns only `Done` or `Trap`.
    match flow {
        Flow::Trap => Err(cx
            .error
            .take()
            .unwrap_or_else(|| Error::trap(TrapCode::Unreachable))),
        _ => Ok(()),
    }
}
