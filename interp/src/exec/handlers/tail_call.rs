//! Tail calls (`return_call`, `return_call_indirect`, `return_call_ref`): the callee takes
//! over the running function's frame, so a chain of tail calls of any length keeps both the
//! frame stack and the host stack at a constant size.
//!
//! A wasm callee's arguments move down to slots `0..params` of the current frame, which
//! becomes the callee's frame; no caller record is pushed, so the callee's `Return` goes
//! straight to the running function's caller. A host callee is called as an ordinary call;
//! the translator put the copies of its results into slots `0..results` and a `Return` after
//! the tail-call instruction, and execution continues there.

use super::call::{call, continue_in};
use super::prelude::*;
use crate::exec::dispatch::fail;
use crate::exec::run::open_frame;
use crate::exec::table;
use crate::stacks::Frame;
use crate::store::FuncKind;
use core::mem::MaybeUninit;

/// Replaces the running function by function `f` (store index), whose arguments are at slot
/// `base` of the current frame. `after` is the instruction after the tail call's operands,
/// where a host callee's results are moved into place before the `Return`.
#[inline(always)]
fn tail_call<M: MemoryAccess>(
    cx: &mut Ctx<'_, M>,
    regs: ActiveFrame,
    mem: MemView,
    f: u32,
    base: u32,
    after: *const CodeCell,
) -> Flow {
    if let FuncKind::Untranslated { .. } = &cx.store.inner.funcs[f as usize].kind
        && let Err(e) = cx.store.inner.ensure_translated(f)
    {
        return fail(cx, e);
    }
    let FuncKind::Wasm { instance, code } = &cx.store.inner.funcs[f as usize].kind else {
        return call(cx, regs, mem, f, base, after);
    };
    let frame_off = cx.frame_offset(regs.fp);
    if frame_off + code.frame_size as usize > cx.max_stack_slots {
        return trap(cx, TrapCode::CallStackExhausted);
    }
    if *instance != cx.inst {
        caller_in_other_instance(&mut cx.frames[cx.entry_depth..], cx.inst);
    }
    // SAFETY: the arguments are the callee's `num_params` slots from `base`, inside the
    // current frame (translation sized the frame for them); slots `0..num_params` lie in the
    // frame too, as `base` is at least 0. `ptr::copy` allows the two ranges to overlap.
    unsafe {
        core::ptr::copy(
            regs.fp.add(base as usize),
            regs.fp,
            code.num_params as usize,
        );
    }
    crate::exec::unchecked::replace_frame(code.frame_size);
    let (ip, instance) = (code.code.as_ptr(), *instance);
    let old_stack = cx.stack.as_ptr().addr();
    let callee = open_frame(&mut cx.stack, frame_off, code, cx.max_stack_slots);
    cx.stack_settled(old_stack);
    continue_in(cx, instance, ip, callee, mem)
}

/// Before a tail call from instance `running` into another: flags the caller's record (the
/// last of the run's `records`, if any) as a caller in another instance, unless it already
/// is. An unflagged record's caller runs in the running instance (the fast call path writes
/// no instance).
fn caller_in_other_instance(records: &mut [Frame], running: u32) {
    if let Some(record) = records.last_mut()
        && record.ret_ip & Frame::OTHER_INSTANCE == 0
    {
        record.ret_ip |= Frame::OTHER_INSTANCE;
        record.inst = MaybeUninit::new(running);
    }
}

/// The function (store index) a `call_indirect` or `return_call_indirect` reaches through
/// entry `index` of the running instance's table `table`, checked against `type_id`.
#[inline(always)]
pub(super) fn indirect_callee<M>(
    cx: &Ctx<'_, M>,
    table: u32,
    index: u64,
    type_id: u32,
) -> Result<u32, TrapCode> {
    let t = cx.store.inner.instances[cx.inst as usize].tables[table as usize];
    let r = table::get(&cx.store.inner, t, index).map_err(|_| TrapCode::UndefinedElement)?;
    // A table element is a store function index plus one, so it fits in a `u32`.
    let f = r.checked_sub(1).ok_or(TrapCode::UninitializedElement)? as u32;
    if cx.store.inner.funcs[f as usize].type_id != type_id {
        return Err(TrapCode::IndirectCallTypeMismatch);
    }
    Ok(f)
}

/// The function (store index) a function reference names: the slot holds the store index
/// plus one, or 0 for null.
#[inline(always)]
pub(super) fn referenced_func(bits: u64) -> Result<u32, TrapCode> {
    bits.checked_sub(1)
        .map(|f| f as u32)
        .ok_or(TrapCode::NullFunctionReference)
}

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::ReturnCall { func, base } => {
        let f = cx.index_spaces.func(func);
        // SAFETY: `ReturnCall` is followed by its result copies and a `Return`.
        let after = unsafe { ip.add(1) };
        tail_call(cx, regs, mem, f, base, after)
    };
    Instr::ReturnCallIndirect { type_id, index, base } => {
        // SAFETY: `ReturnCallIndirect` is always followed by its `TableOperand`.
        let Instr::TableOperand { table } = (unsafe { (*ip.add(1)).instr }) else {
            trap!(TrapCode::UndefinedElement)
        };
        let f = tr!(indirect_callee(cx, table, regs.get(index), type_id));
        // SAFETY: the `TableOperand` is followed by the result copies and a `Return`.
        let after = unsafe { ip.add(2) };
        tail_call(cx, regs, mem, f, base, after)
    };
    Instr::ReturnCallRef { func_ref, base } => {
        let f = tr!(referenced_func(regs.get(func_ref)));
        // SAFETY: `ReturnCallRef` is followed by its result copies and a `Return`.
        let after = unsafe { ip.add(1) };
        tail_call(cx, regs, mem, f, base, after)
    };
}
