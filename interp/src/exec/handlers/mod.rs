//! One handler function per instruction. Each ends by handing control to the next
//! instruction's handler (see [`super::dispatch`]), so every handler has its own indirect
//! jump, and the hot state (instruction pointer, frame pointer, memory base and length)
//! travels in argument registers.
//!
//! The handlers are written as the arms of a `match` inside [`handlers!`], which turns each
//! arm into a function. The macro also defines the arm helpers (`next!`, `jump!`, `trap!`
//! and the operand shapes), so an arm reads like the body of an interpreter loop.

/// What every handler file needs.
mod prelude {
    pub(super) use super::super::active_frame::{
        ActiveFrame, InAcc, InImm, InSlot, InValue, Operand,
    };
    pub(super) use super::super::dispatch::{Ctx, Flow, branch_taken, dispatch, memory_view, trap};
    pub(super) use super::super::memory::{self, MemView};
    pub(super) use super::super::shared_growth::current_len;
    pub(super) use super::super::unchecked;
    pub(super) use crate::TrapCode;
    pub(super) use crate::code_cell::CodeCell;
    pub(super) use crate::instr::Instr;
    pub(super) use crate::mem_access::MemoryAccess;
    pub(super) use crate::numeric::ops;
    pub(super) use crate::slot_bits::{Outcome, SlotValue};
}

/// Runs `$body` with `$p` bound to a pointer to the `$n` bytes a memory instruction accesses
/// at `$addr + $off` (for a wasm write when `$write`), for the helper macros of
/// [`handlers!`]; `$body` ends the handler.
///
/// Memory instructions have two tiers, each a handler of its own, so that what the second
/// needs (registers to save, calls) costs nothing in the first:
/// - `split` (the fast handler): checks linear memory, and where that fails the window on
///   the shared heap the running instance hit last (`Ctx::window_ptr`: no call, and
///   nothing at all without a chain); a miss tail-calls the twin in the child module `slow`.
///   The body is repeated for the window, so that the linear access keeps its own code (an
///   address mode with the memory base) rather than sharing one with the window's pointer;
/// - `full`: checks linear memory, then asks the chain (a call), then traps; a write asks
///   the write path, which refuses read-only shared heaps (`MemView::ptr_for_write`, ending
///   in `memory::heap_write_ptr`).
///
/// So the fast handler calls nothing that returns and saves no registers.
macro_rules! with_mem_ptr {
    (split, $name:ident, $cx:ident, $ip:ident, $mem:ident, $addr:expr, $off:expr, $n:expr,
        $write:expr, $hide_end:expr, |$p:ident| $body:expr) => {{
        let n: u64 = $n;
        let end = memory::access_end($addr, $off, n);
        // Hidden only where it pays (`memory::opaque_end`): without a chain, and with an
        // offset that is not the constant 0 (a zero offset leaves the compiler nothing to
        // re-associate, and it then tests `addr < len` without computing the end at all).
        let end = if !M::HAS_CHAIN && $hide_end {
            memory::opaque_end(end)
        } else {
            end
        };
        if let Some($p) = $mem.linear_ptr_to(end, n) {
            $body
        }
        // `$hide_end` is false only for accesses at offset 0 of a 32-bit address
        // (`load!`/`store!`), whose start the window can test instead of the end.
        if let Some($p) = $cx.window_ptr(end, n, $write, !$hide_end) {
            $body
        }
        return to_slow!($name, $cx, $ip);
    }};
    (full, $name:ident, $cx:ident, $ip:ident, $mem:ident, $addr:expr, $off:expr, $n:expr,
        $write:expr, $hide_end:expr, |$p:ident| $body:expr) => {{
        let (addr, off, n) = ($addr, $off, $n);
        let found = if $write {
            $mem.ptr_for_write($cx, addr, off, n)
        } else {
            $mem.ptr($cx, addr, off, n)
        };
        let $p = match found {
            Ok(p) => p,
            Err(code) => return trap($cx, code),
        };
        // Chain mode: the access may have moved the last hit; the fast twin tests the next
        // one against it.
        $cx.note_heap_access();
        $body
    }};
}

/// Turns `Instr::Name { fields } => body;` arms into handler functions named `Name`.
///
/// `$d` is a literal `$` (so the helper macros defined here can take arguments), and the
/// bracketed names are the ones the arms use for the context, the instruction pointer, the
/// frame's registers and the memory view.
macro_rules! handlers {
    (
        $d:tt $mode:ident [$cx:ident, $ip:ident, $regs:ident, $mem:ident]
        $( Instr::$name:ident $fields:tt => $body:expr; )*
    ) => {
        $(
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments, unreachable_code)]
            #[doc = concat!("Executes `Instr::", stringify!($name), "` at `ip`.")]
            // Reached through the table, or (slow twins) by a tail call that must stay one.
            #[inline(never)]
            pub(in crate::exec) fn $name<M: MemoryAccess>(
                $cx: &mut Ctx<'_, M>,
                mut $ip: *const CodeCell,
                fp: *mut u64,
                mem_base: *mut u8,
                mem_len: u64,
                acc: u64,
            ) -> Flow {
                // SAFETY: `ip` points into the running function's code, and the dispatch
                // table sends only this variant's instructions here.
                let Instr::$name $fields = (unsafe { (*$ip).instr }) else {
                    // SAFETY: as above: the tag was just read to pick this handler.
                    unsafe { unchecked::unreachable("a handler got another variant") }
                };
                let mut $regs = ActiveFrame { fp, acc };
                let mut $mem = MemView { base: mem_base, len: mem_len };
                /// Continues with the next instruction.
                #[allow(unused_macros)]
                macro_rules! next {
                    () => {{
                        // SAFETY: every instruction that is not a branch, call or return is
                        // followed by another instruction (code ends with `Return`).
                        let next_ip = unsafe { $ip.add(1) };
                        return dispatch($cx, next_ip, $regs, $mem)
                    }};
                }
                /// Continues at `ip` (already moved by the arm).
                #[allow(unused_macros)]
                macro_rules! resume {
                    () => {
                        return dispatch($cx, $ip, $regs, $mem)
                    };
                }
                /// Continues at the branch target `$target` (an offset from this instruction).
                #[allow(unused_macros)]
                macro_rules! jump {
                    ($d target:expr) => {{
                        branch_taken();
                        // SAFETY: a branch's target is stored as an offset from the branch,
                        // resolved at translation to an instruction inside the same function.
                        let target_ip = unsafe { $ip.offset($d target as i32 as isize) };
                        return dispatch($cx, target_ip, $regs, $mem)
                    }};
                }
                /// Stops execution with trap `$code`.
                #[allow(unused_macros)]
                macro_rules! trap {
                    ($d code:expr) => {
                        return trap($cx, $d code)
                    };
                }
                /// The value of a `Result<_, TrapCode>`, or the trap.
                #[allow(unused_macros)]
                macro_rules! tr {
                    ($d e:expr) => {
                        match $d e {
                            Ok(v) => v,
                            Err(code) => trap!(code),
                        }
                    };
                }
                /// `dst = f(a)`, trapping if `f` does; `a` is an [`Operand`].
                #[allow(unused_macros)]
                macro_rules! unary {
                    ($d dst:expr, $d f:expr, $d a:expr) => {{
                        let v = tr!(Outcome::into_result(($d f)(Operand::read($d a, $regs))));
                        $regs.set($d dst, SlotValue::into_bits(v));
                        next!()
                    }};
                }
                /// `dst = f(a, b)`, trapping if `f` does; `a` and `b` are [`Operand`]s.
                #[allow(unused_macros)]
                macro_rules! binary {
                    ($d dst:expr, $d f:expr, $d a:expr, $d b:expr) => {{
                        let (a, b) = (Operand::read($d a, $regs), Operand::read($d b, $regs));
                        let v = tr!(Outcome::into_result(($d f)(a, b)));
                        $regs.set($d dst, SlotValue::into_bits(v));
                        next!()
                    }};
                }
                /// Jumps to `target` if `f(a, ..)` holds; the arguments are [`Operand`]s.
                #[allow(unused_macros)]
                macro_rules! branch_if {
                    ($d target:expr, $d f:expr, $d ($d a:expr),+) => {{
                        if ($d f)($d (Operand::read($d a, $regs)),+) {
                            jump!($d target)
                        }
                        next!()
                    }};
                }
                /// The address in [`Operand`] `$addr`, as memory32 has it (memory 0's loads
                /// and stores are these instructions only in memory32 modules,
                /// `translate::memory_at`). Without a chain it is read as 32 bits, so that
                /// adding an offset cannot overflow and the end needs no saturation. With a
                /// chain it is read whole (an i32 slot holds it zero-extended, so the value
                /// is the same) and the end saturates: there the window test after the
                /// linear one leaves the compiler too few registers otherwise, and it then
                /// saves one on every access (measured with `examples/memory_kernel`).
                #[allow(unused_macros)]
                macro_rules! addr32 {
                    ($d addr:expr) => {
                        if M::HAS_CHAIN {
                            Operand::<u64>::read($d addr, $regs)
                        } else {
                            u64::from(Operand::<u32>::read($d addr, $regs))
                        }
                    };
                }
                /// The 32-bit address `base + index` (wrapping, as `i32.add` does) of slots
                /// `base` and `index`.
                #[allow(unused_macros)]
                macro_rules! index_addr {
                    ($d base:expr, $d index:expr) => {{
                        let base: u32 = Operand::read(InSlot($d base), $regs);
                        let index: u32 = Operand::read(InSlot($d index), $regs);
                        u64::from(base.wrapping_add(index))
                    }};
                }
                /// The 32-bit address `base + (index << shift)` (wrapping, as `i32.add`
                /// and `i32.shl` do) of slots `base` and `index`.
                #[allow(unused_macros)]
                macro_rules! scaled_addr {
                    ($d base:expr, $d index:expr, $d shift:expr) => {{
                        let base: u32 = Operand::read(InSlot($d base), $regs);
                        let index: u32 = Operand::read(InSlot($d index), $regs);
                        u64::from(ops::i32_add(base, ops::i32_shl(index, u32::from($d shift))))
                    }};
                }
                /// The 32-bit address `base + imm` (wrapping, as `i32.add` does), with
                /// `base` an [`Operand`].
                #[allow(unused_macros)]
                macro_rules! wrap_addr {
                    ($d base:expr, $d imm:expr) => {
{
                        let base: u32 = Operand::read($d base, $regs);
                        u64::from(base.wrapping_add($d imm as u32))
                    }
                    };
                }
                /// `dst = decode(bytes at addr + offset)`, then the next instruction (or
                /// `then`, which ends the handler).
                #[allow(unused_macros)]
                macro_rules! load {
                    ($d dst:expr, $d decode:expr, $d n:literal, $d addr:expr, 0, then $d then:expr) => {
                        load!(@ $d dst, $d decode, $d n, $d addr, 0, false, $d then)
                    };
                    ($d dst:expr, $d decode:expr, $d n:literal, $d addr:expr, $d off:expr, then $d then:expr) => {
                        load!(@ $d dst, $d decode, $d n, $d addr, $d off, true, $d then)
                    };
                    ($d dst:expr, $d decode:expr, $d n:literal, $d addr:expr, 0) => {
                        load!(@ $d dst, $d decode, $d n, $d addr, 0, false, next!())
                    };
                    ($d dst:expr, $d decode:expr, $d n:literal, $d addr:expr, $d off:expr) => {
                        load!(@ $d dst, $d decode, $d n, $d addr, $d off, true, next!())
                    };
                    (@ $d dst:expr, $d decode:expr, $d n:literal, $d addr:expr, $d off:expr, $d hide:expr, $d then:expr) => {{
                        with_mem_ptr!($mode, $name, $cx, $ip, $mem, $d addr, $d off, $d n, false, $d hide, |p| {
                            $regs.set($d dst, SlotValue::into_bits(($d decode)(memory::read::<$d n>(p))));
                            $d then
                        })
                    }};
                    // The bytes at `addr + offset` to `then`, which ends the handler.
                    ($d n:literal, $d addr:expr, $d off:expr, then |$d bytes:ident| $d then:expr) => {{
                        with_mem_ptr!($mode, $name, $cx, $ip, $mem, $d addr, $d off, $d n, false, true, |p| {
                            let $d bytes = memory::read::<$d n>(p);
                            $d then
                        })
                    }};
                }
                /// Writes `encode(value)` to `addr + offset`, then continues with the next
                /// instruction, or (offset 0) runs `then`, which ends the handler.
                #[allow(unused_macros)]
                macro_rules! store {
                    ($d encode:expr, $d n:literal, $d addr:expr, 0, $d value:expr) => {
                        store!(@ $d encode, $d n, $d addr, 0, $d value, false, next!())
                    };
                    ($d encode:expr, $d n:literal, $d addr:expr, 0, $d value:expr, then $d then:expr) => {
                        store!(@ $d encode, $d n, $d addr, 0, $d value, false, $d then)
                    };
                    ($d encode:expr, $d n:literal, $d addr:expr, $d off:expr, $d value:expr) => {
                        store!(@ $d encode, $d n, $d addr, $d off, $d value, true, next!())
                    };
                    (@ $d encode:expr, $d n:literal, $d addr:expr, $d off:expr, $d value:expr, $d hide:expr, $d then:expr) => {{
                        with_mem_ptr!($mode, $name, $cx, $ip, $mem, $d addr, $d off, $d n, true, $d hide, |p| {
                            memory::write::<$d n>(p, ($d encode)($d value));
                            $d then
                        })
                    }};
                }
                /// This handler's slow twin (see `with_mem_ptr!`; the twins' module is a child of
                /// the fast handlers'), on the unchanged state.
                #[allow(unused_macros)]
                macro_rules! to_slow {
                    ($d n:ident, $d c:ident, $d i:ident) => {
                        slow::$d n::<M>($d c, $d i, fp, mem_base, mem_len, acc)
                    };
                }
                /// `x += step` (i32, wrapping), then jumps to `target` if `cmp(x, bound)`;
                /// otherwise skips the replaced compare-and-branch after it.
                #[allow(unused_macros)]
                macro_rules! add_br {
                    ($d x:expr, $d step:expr, $d bound:expr, $d cmp:expr, $d target:expr) => {{
                        let (x, step, bound) = (u32::from($d x), u32::from($d step), u32::from($d bound));
                        let v = ops::i32_add(Operand::read(InSlot(x), $regs), Operand::read(InSlot(step), $regs));
                        $regs.set_u32(x, v);
                        if ($d cmp)(SlotValue::from_bits(u64::from(v)), Operand::read(InSlot(bound), $regs)) {
                            jump!($d target)
                        }
                        // SAFETY: the replaced compare-and-branch is followed by another
                        // instruction (code ends with `Return`).
                        $ip = unsafe { $ip.add(1) };
                        next!()
                    }};
                }
                /// Runs the loop step `$step` (a compare row's `step` form, comparing with
                /// `$cmp`) that follows a constant store at `base + x` (`$encode`d `$value`,
                /// `$n` bytes), from its own fields, without dispatching it. Its fields are
                /// read after the store (which may alias them as far as the compiler
                /// knows), so the handler never holds both instructions' fields at once.
                /// When the step jumps back to this instruction (the loop body is this one
                /// instruction: no charge point, so neither fuel nor interruption is on)
                /// and `x` is none of the other slots, the following iterations run here
                /// with `x` in a register while each store falls within linear memory.
                /// `x` is written (slot and accumulator, as the step does) before the
                /// handler leaves: past the loop, or back to this instruction through
                /// dispatch, whose handler then meets the access that missed linear memory
                /// (the shared heap's window, the chain, or the trap) with every slot as
                /// the dispatched iterations would have left it.
                #[allow(unused_macros)]
                macro_rules! step_loop {
                    ($d step:ident, $d cmp:expr, $d encode:expr, $d n:literal, $d base:expr, $d value:expr) => {{
                        let body_ip = $ip;
                        // SAFETY: translation fuses a store with the step only where the step
                        // follows it, inside the same code.
                        $ip = unsafe { $ip.add(1) };
                        // SAFETY: `ip` points at that step.
                        let Instr::$d step { x, step, bound, target } = (unsafe { (*$ip).instr }) else {
                            // SAFETY: as above: the step is this variant.
                            unsafe { unchecked::unreachable("a fused store without its step") }
                        };
                        let (x, step, bound) = (u32::from(x), u32::from(step), u32::from(bound));
                        let holds = |v: u32, bound: u32| -> bool {
                            ($d cmp)(SlotValue::from_bits(u64::from(v)), SlotValue::from_bits(u64::from(bound)))
                        };
                        let step_by = $regs.u32(step);
                        let mut v = ops::i32_add($regs.u32(x), step_by);
                        $regs.set_u32(x, v);
                        // Read after the write: `x` may be the bound's slot.
                        let limit = $regs.u32(bound);
                        if !holds(v, limit) {
                            // SAFETY: as in `add_br!`: the replaced compare-and-branch is
                            // followed by another instruction.
                            $ip = unsafe { $ip.add(1) };
                            next!()
                        }
                        if target as i32 != -1 || x == step || x == bound || x == $d base {
                            jump!(target)
                        }
                        // `base`, `step` and `bound` are other slots than `x`, and stores
                        // to linear memory never reach slots: all three stay as read.
                        let (base, encoded) = ($regs.u32($d base), ($d encode)($d value));
                        loop {
                            let addr = u64::from(ops::i32_add(base, v));
                            let Some(p) = $mem.linear_ptr_to(memory::access_end(addr, 0, $d n), $d n) else {
                                $regs.set_u32(x, v);
                                $ip = body_ip;
                                resume!()
                            };
                            memory::write::<$d n>(p, encoded);
                            v = ops::i32_add(v, step_by);
                            if !holds(v, limit) {
                                $regs.set_u32(x, v);
                                // SAFETY: as above.
                                $ip = unsafe { $ip.add(1) };
                                next!()
                            }
                        }
                    }};
                }
                /// Runs the load `$d load` (plain form, decoding with `$d decode`, `$d n`
                /// bytes) that follows this one, from its own fields, without dispatching it
                /// while its access is in linear memory; otherwise dispatches it (the
                /// shared heap's window, the chain or the trap), after this load's work.
                #[allow(unused_macros)]
                macro_rules! load_after {
                    ($d load:ident, $d decode:expr, $d n:literal) => {{
                        // SAFETY: translation pairs a load with the load after it only where
                        // that one follows it, inside the same code.
                        $ip = unsafe { $ip.add(1) };
                        // SAFETY: `ip` points at that load.
                        let Instr::$d load { dst, addr, offset } = (unsafe { (*$ip).instr }) else {
                            // SAFETY: as above: the second load is this variant.
                            unsafe { unchecked::unreachable("a paired load without its second") }
                        };
                        let end = memory::access_end(addr32!(InSlot(addr)), offset, $d n);
                        if let Some(p) = $mem.linear_ptr_to(end, $d n) {
                            $regs.set(dst, SlotValue::into_bits(($d decode)(memory::read::<$d n>(p))));
                            next!()
                        }
                        resume!()
                    }};
                }
                /// Runs the zero test after this load (`BrIfNezAcc` when `$d nez`, else
                /// `BrIfEqzAcc`) on the value the load left in the accumulator, from the
                /// test's own fields, without dispatching it.
                #[allow(unused_macros)]
                macro_rules! branch_after {
                    ($d nez:literal) => {{
                        // SAFETY: translation fuses a load with the test only where the test
                        // follows it, inside the same code.
                        $ip = unsafe { $ip.add(1) };
                        // SAFETY: `ip` points at that test.
                        let (Instr::BrIfNezAcc { target } | Instr::BrIfEqzAcc { target }) = (unsafe { (*$ip).instr }) else {
                            // SAFETY: as above: the test is one of these variants.
                            unsafe { unchecked::unreachable("a fused load without its test") }
                        };
                        if (Operand::<u32>::read(InAcc, $regs) != 0) == $d nez {
                            jump!(target)
                        }
                        next!()
                    }};
                }
                /// Takes entry `min(index, len)` of the `len + 1` `Br` entries that follow
                /// a `BrTable` or `BrTableAcc`, jumping right away rather than dispatching it.
                #[allow(unused_macros)]
                macro_rules! br_table {
                    ($d index:expr, $d len:expr) => {{
                        let i = ($d index).min($d len);
                        // SAFETY: a `BrTable` or `BrTableAcc` is followed by `len + 1` `Br`
                        // entries.
                        $ip = unsafe { $ip.add(1 + i as usize) };
                        // SAFETY: `ip` points at one of those entries.
                        if let Instr::Br { target } = unsafe { (*$ip).instr } {
                            jump!(target)
                        }
                        resume!()
                    }};
                }
                /// The running instance's data.
                #[allow(unused_macros)]
                macro_rules! inst_data {
                    () => {
                        $cx.store.inner.instances[$cx.inst as usize]
                    };
                }
                $body
            }
        )*
    };
}

mod atomic;
mod call;
mod control;
mod data;
mod func_ref;
mod memory_at;
mod ops;
mod simd;
mod tail_call;

pub(super) use atomic::*;
pub(super) use call::*;
pub(super) use control::*;
pub(super) use data::*;
pub(super) use func_ref::*;
pub(super) use memory_at::*;
pub(super) use ops::*;
pub(super) use simd::*;
pub(super) use tail_call::*;
