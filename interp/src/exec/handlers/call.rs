//! Calls: a fast path for the common case (a wasm function of the same instance, with room
//! on both stacks), and slow twins for everything else (host functions, other instances,
//! growing a stack, many locals, running out of call depth).

use super::prelude::*;
use crate::error::Error;
use crate::exec::dispatch::{IndexSpaces, fail, fast_frame_limit};
use crate::exec::run::open_frame;
use crate::exec::{host, table};
use crate::fast_callee::FastCallee;
use crate::stacks::Frame;
use crate::store::FuncKind;
use core::mem::MaybeUninit;

// Frame records keep a flag in bit 0 of a code cell's address (`Frame::OTHER_INSTANCE`).
const _: () = assert!(align_of::<CodeCell>() > Frame::OTHER_INSTANCE);

/// Makes `instance` the running instance; returns the memory view to continue with (`mem`
/// when it already was).
#[inline(always)]
pub(super) fn enter_instance<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    instance: u32,
    mem: MemView,
) -> MemView {
    if instance == cx.inst {
        return mem;
    }
    switch_instance(cx, instance)
}

/// Makes `instance`, another than the running one, the running instance; returns its
/// memory view.
#[inline(always)]
pub(super) fn switch_instance<M: MemoryAccess>(cx: &mut Ctx<'_, M>, instance: u32) -> MemView {
    cx.inst = instance;
    cx.index_spaces = IndexSpaces::of(&cx.store.inner, cx.inst);
    cx.forget_heap_window();
    memory_view(&mut cx.store.inner, cx.m, cx.inst)
}

/// Continues at `ip`, the first instruction of a function of `instance`, in its frame
/// `callee` (made by `open_frame`).
#[inline(always)]
pub(super) fn continue_in<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    instance: u32,
    ip: *const CodeCell,
    callee: ActiveFrame,
    mem: MemView,
) -> Flow {
    let mem = enter_instance(cx, instance, mem);
    dispatch(cx, ip, callee, mem)
}

/// Enters function `f` (store index) with its arguments at slot `base` of the current
/// frame; the caller resumes at `ret`.
#[inline(always)]
pub(super) fn call<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    f: u32,
    base: u32,
    ret: *const CodeCell,
) -> Flow {
    let callee_off = cx.frame_offset(regs.fp) + base as usize;
    if let FuncKind::Untranslated { .. } = &cx.store.inner.funcs[f as usize].kind
        && let Err(e) = cx.store.inner.ensure_translated(f)
    {
        return fail(cx, e);
    }
    match &cx.store.inner.funcs[f as usize].kind {
        FuncKind::Wasm { instance, code } => {
            if cx.frames.len() - cx.entry_depth + 1 >= cx.max_frames
                || callee_off + code.frame_size as usize > cx.max_stack_slots
            {
                return trap(cx, TrapCode::CallStackExhausted);
            }
            let other_instance = if *instance == cx.inst {
                0
            } else {
                Frame::OTHER_INSTANCE
            };
            cx.frames.push(Frame {
                ret_ip: ret.expose_provenance() | other_instance,
                fp: regs.fp.expose_provenance(),
                inst: MaybeUninit::new(cx.inst),
            });
            cx.frame_limit = fast_frame_limit(cx.frames.capacity(), cx.entry_depth, cx.max_frames);
            unchecked::enter_frame(code.frame_size);
            let (ip, instance) = (code.code.as_ptr(), *instance);
            let old_stack = cx.stack.as_ptr().addr();
            let callee = open_frame(&mut cx.stack, callee_off, code, cx.max_stack_slots);
            cx.stack_settled(old_stack);
            continue_in(cx, instance, ip, callee, mem)
        }
        FuncKind::Host { index } => {
            let index = *index;
            let depth = (cx.frames.len() - cx.entry_depth + 1) as u32;
            cx.store.inner.depth_in_use += depth;
            // SAFETY: `base` is a slot of the current frame.
            let args_fp = unsafe { regs.fp.add(base as usize) };
            let args = ActiveFrame::at(args_fp);
            let stack_end = cx.stack.as_ptr_range().end;
            let r = host::call_from_wasm(cx.store, cx.inst, f, index, args, stack_end);
            cx.store.inner.depth_in_use -= depth;
            if let Err(e) = r {
                return fail(cx, e);
            }
            // The host may have grown memory. The value stack stays put: a nested call into
            // wasm runs on a stack of its own (this run's is taken out of the store).
            unchecked::set_stack_end(cx.stack.as_ptr_range().end);
            let mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
            cx.index_spaces = IndexSpaces::of(&cx.store.inner, cx.inst);
            cx.forget_heap_window();
            dispatch(cx, ret, regs, mem)
        }
        FuncKind::Untranslated { .. } => fail(
            cx,
            Error::usage("a function could not be prepared for its call"),
        ),
    }
}

/// The general path of a direct call to the running instance's function `func` (whose
/// arguments are at slot `base`; the caller resumes at `ret`): [`call`], after recording
/// the callee in the instance's table of fast callees when the fast path can enter it, so
/// that the next call of it takes the fast path.
#[inline(always)]
fn call_direct<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    func: u32,
    base: u32,
    ret: *const CodeCell,
) -> Flow {
    let f = cx.index_spaces.func(func);
    if let FuncKind::Untranslated { .. } = &cx.store.inner.funcs[f as usize].kind
        && let Err(e) = cx.store.inner.ensure_translated(f)
    {
        return fail(cx, e);
    }
    if let FuncKind::Wasm { instance, code } = &cx.store.inner.funcs[f as usize].kind
        && *instance == cx.inst
        && code.fast.code != 0
    {
        cx.index_spaces.set_callee(func, code.fast);
    }
    call(cx, regs, mem, f, base, ret)
}

/// The fast path's entry for function `f` (store index, reached through a table): empty
/// unless `f` is a translated function of the running instance the fast path can enter.
#[inline(always)]
fn indirect_callee<M: MemoryAccess>(cx: &Ctx<'_, M>, f: u32) -> FastCallee {
    match cx
        .store
        .inner
        .funcs
        .get(f as usize)
        .map(|entity| &entity.kind)
    {
        Some(FuncKind::Wasm { instance, code }) if *instance == cx.inst => code.fast,
        _ => FastCallee::NONE,
    }
}

/// The fast path of a call to `callee` (an entry of the table of fast callees) with its
/// arguments at slot `base`: when the entry is not empty, and the caller's frame record
/// and the callee's slots fit in what the stacks already hold. Then pushes the record,
/// zeroes the callee's locals and returns its first instruction and frame; otherwise
/// returns `None` having changed nothing. It calls nothing, so a handler built on it
/// saves no registers.
#[inline(always)]
fn enter_fast<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    callee: FastCallee,
    base: u32,
    ret: *const CodeCell,
) -> Option<(*const CodeCell, ActiveFrame)> {
    let len = cx.frames.len();
    let fp = regs.fp.wrapping_add(base as usize);
    if callee.code == 0
        || len >= cx.frame_limit
        || fp.addr() + callee.slots as usize * 8 > cx.stack_end.addr()
    {
        return None;
    }
    // SAFETY: `len < frame_limit <= capacity`, so element `len` is allocated; its first
    // two fields are written before the length covers it, and `inst` may stay
    // uninitialized (`MaybeUninit`): the caller runs in the callee's instance.
    unsafe {
        let record = cx.frames.as_mut_ptr().add(len);
        (&raw mut (*record).ret_ip).write(ret.expose_provenance());
        (&raw mut (*record).fp).write(regs.fp.expose_provenance());
        cx.frames.set_len(len + 1);
    }
    unchecked::enter_frame(callee.slots);
    // SAFETY: `slots` covers the `FAST_CALL_LOCALS` slots from the first local
    // (`FastCallee::of`), which hold the blocks zeroed here, and `fp + slots` is within
    // the stack (checked above); all of them are dead at the call (slots past the locals
    // are the callee's scratch, or unused).
    unsafe {
        let locals = fp.add(usize::from(callee.first_local));
        zero_slots::<4>(locals);
        let declared = u32::from(callee.declared);
        if declared > 4 {
            zero_slots::<4>(locals.add(4));
            if declared > 8 {
                zero_slots::<8>(locals.add(8));
                if declared > 16 {
                    zero_slots::<16>(locals.add(16));
                }
            }
        }
    }
    let ip = core::ptr::with_exposed_provenance(callee.code);
    Some((ip, ActiveFrame::at(fp)))
}

/// Zeroes the `N` slots from `p`: stores of a constant size, which the compiler emits
/// inline (wide stores), never as a call.
///
/// # Safety
/// `p` must be valid for writes of `N` slots.
#[inline(always)]
unsafe fn zero_slots<const N: usize>(p: *mut u64) {
    // SAFETY: the caller makes the `N` slots writable; `[u64; N]` written unaligned needs
    // nothing more.
    unsafe { p.cast::<[u64; N]>().write_unaligned([0; N]) }
}

/// Enters the callee: the fast path on entry `$callee` of the table of fast callees,
/// falling back to the slow twin (`fast_path`), or the general path `$general`
/// (`general_path`). (Not the memory tiers of `with_mem_ptr!`: calls have two paths of
/// their own, and make no memory access.)
macro_rules! call_mode {
    (fast_path, $name:ident, $cx:ident, $ip:ident, $regs:ident, $mem:ident, $base:expr,
        $ret:expr, $callee:expr, $general:expr) => {
        match enter_fast($cx, $regs, $callee, $base, $ret) {
            Some((callee_ip, callee)) => dispatch($cx, callee_ip, callee, $mem),
            // The accumulator is dead at a call (`Instr::keeps_acc`), and a function reads
            // it only after writing it: passing none to the slow twin frees its register
            // for this handler.
            None => slow::$name::<M>($cx, $ip, $regs.fp, $mem.base, $mem.len, 0),
        }
    };
    (general_path, $name:ident, $cx:ident, $ip:ident, $regs:ident, $mem:ident, $base:expr,
        $ret:expr, $callee:expr, $general:expr) => {
        $general
    };
}

/// The arms, once as fast handlers (`fast_path`) and once as their slow twins
/// (`general_path`).
macro_rules! arms {
    ($d:tt $mode:ident) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            Instr::Call { func, base } => {
                // SAFETY: `Call` is followed by another instruction.
                let ret = unsafe { ip.add(1) };
                call_mode!($mode, Call, cx, ip, regs, mem, base, ret,
                    cx.index_spaces.callee(func),
                    call_direct(cx, regs, mem, func, base, ret))
            };
            Instr::CallIndirect { type_id, index, base, } => {
                // SAFETY: `CallIndirect` is always followed by its `TableOperand`.
                let Instr::TableOperand { table } = (unsafe { (*ip.add(1)).instr }) else {
                    trap!(TrapCode::UndefinedElement)
                };
                let t = inst_data!().tables[table as usize];
                let r = match table::get(&cx.store.inner, t, regs.get(index)) {
                    Ok(r) => r,
                    Err(_) => trap!(TrapCode::UndefinedElement),
                };
                let Some(f) = r.checked_sub(1) else {
                    trap!(TrapCode::UninitializedElement)
                };
                if cx.store.inner.funcs[f as usize].type_id != type_id {
                    trap!(TrapCode::IndirectCallTypeMismatch);
                }
                // SAFETY: the `TableOperand` is followed by another instruction.
                let ret = unsafe { ip.add(2) };
                // A table element is a store function index plus one, so it fits in a `u32`.
                let f = f as u32;
                call_mode!($mode, CallIndirect, cx, ip, regs, mem, base, ret,
                    indirect_callee(cx, f),
                    call(cx, regs, mem, f, base, ret))
            };
        }
    };
}

arms!($ fast_path);

/// The slow twins.
pub(super) mod slow {
    use super::super::prelude::*;
    use super::{call, call_direct, table};

    arms!($ general_path);
}
