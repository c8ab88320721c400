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
    pub(super) use super::super::dispatch::{Ctx, Flow, branch_taken, dispatch, memory_view, trap};
    pub(super) use super::super::memory::{self, MemView};
    pub(super) use super::super::regs::{Regs, bits};
    pub(super) use crate::TrapCode;
    pub(super) use crate::instr::Instr;
    pub(super) use crate::mem_access::MemoryAccess;
    pub(super) use crate::numeric;
}

/// A pointer to the bytes a memory instruction accesses, for the helper macros of
/// [`handlers!`].
///
/// Memory instructions have three tiers, each a handler of its own, so that what a tier
/// needs (registers to save, calls) costs nothing in the tiers before it:
/// - `split` (the fast handler): checks linear memory only; a miss tail-calls the twin in
///   the child module `cached`;
/// - `cached` (reached only from the fast handler, so linear memory already missed):
///   checks the shared heap the running instance hit last (thread-local, no call); a miss
///   tail-calls the twin in the module `slow`;
/// - `full`: checks linear memory, then asks the chain (a call), then traps.
///
/// So the fast handler calls nothing that returns and saves no registers.
macro_rules! mem_ptr {
    (split, $name:ident, $cx:ident, $ip:ident, $mem:ident, $addr:expr, $off:expr, $n:expr) => {
        match $mem.linear_ptr($addr, $off, $n) {
            Some(p) => p,
            None => return to_cached!($name, $cx, $ip),
        }
    };
    (cached, $name:ident, $cx:ident, $ip:ident, $mem:ident, $addr:expr, $off:expr, $n:expr) => {
        // Only the fast handler sends accesses here, after linear memory missed.
        match memory::cached_ptr(&*$cx.m, $addr, $off, $n) {
            Some(p) => p,
            None => return to_sibling_slow!($name, $cx, $ip),
        }
    };
    (full, $name:ident, $cx:ident, $ip:ident, $mem:ident, $addr:expr, $off:expr, $n:expr) => {
        match $mem.ptr($cx.m, $addr, $off, $n) {
            Ok(p) => p,
            Err(code) => return trap($cx, code),
        }
    };
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
            pub(in crate::exec) fn $name<T, M: MemoryAccess>(
                $cx: &mut Ctx<'_, T, M>,
                mut $ip: *const Instr,
                fp: *mut u64,
                mem_base: *mut u8,
                mem_len: u64,
                acc: u64,
            ) -> Flow {
                // SAFETY: `ip` points into the running function's code, and the dispatch
                // table sends only this variant's instructions here.
                let Instr::$name $fields = (unsafe { *$ip }) else {
                    // SAFETY: as above: the tag was just read to pick this handler.
                    unsafe { core::hint::unreachable_unchecked() }
                };
                let mut $regs = Regs { fp, acc };
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
                #[allow(unused_macros)]
                macro_rules! un {
                    ($d dst:expr, $d src:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let v = $regs.$d get($d src);
                        $regs.$d set($d dst, $d f(v));
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! bin {
                    ($d dst:expr, $d l:expr, $d r:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let (a, b) = ($regs.$d get($d l), $regs.$d get($d r));
                        $regs.$d set($d dst, $d f(a, b));
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! bin_trap {
                    ($d dst:expr, $d l:expr, $d r:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let (a, b) = ($regs.$d get($d l), $regs.$d get($d r));
                        $regs.$d set($d dst, tr!($d f(a, b)));
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! br_if_cmp {
                    ($d a:expr, $d op:tt, $d b:expr, $d target:expr) => {{
                        if $d a $d op $d b {
                            jump!($d target)
                        }
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! wrap_addr {
                    ($d base:expr, $d imm:expr) => {
                        u64::from($regs.u32($d base).wrapping_add($d imm as u32))
                    };
                }
                #[allow(unused_macros)]
                macro_rules! load_wrap {
                    ($d dst:expr, $d base:expr, $d imm:expr, $d n:literal, $d conv:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, wrap_addr!($d base, $d imm), 0, $d n);
                        $regs.set($d dst, $d conv(memory::read::<$d n>(p)));
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! store_to {
                    ($d addr:expr, $d off:expr, $d n:literal, $d bytes:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, $d addr, $d off, $d n);
                        memory::write::<$d n>(p, $d bytes);
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! load {
                    ($d dst:expr, $d addr:expr, $d off:expr, $d n:literal, $d conv:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, $regs.get($d addr), $d off, $d n);
                        $regs.set($d dst, $d conv(memory::read::<$d n>(p)));
                        next!()
                    }};
                }
                #[allow(unused_macros)]
                macro_rules! store {
                    ($d addr:expr, $d val:expr, $d off:expr, $d n:literal, $d conv:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, $regs.get($d addr), $d off, $d n);
                        memory::write::<$d n>(p, $d conv($regs.get($d val)));
                        next!()
                    }};
                }
                /// `un!` on the accumulator.
                #[allow(unused_macros)]
                macro_rules! un_acc {
                    ($d dst:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let v = bits::$d get($regs.acc);
                        $regs.$d set($d dst, $d f(v));
                        next!()
                    }};
                }
                /// `bin!` with the accumulator as the first operand.
                #[allow(unused_macros)]
                macro_rules! bin_acc {
                    ($d dst:expr, $d r:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let (a, b) = (bits::$d get($regs.acc), $regs.$d get($d r));
                        $regs.$d set($d dst, $d f(a, b));
                        next!()
                    }};
                }
                /// `bin_trap!` with the accumulator as the first operand.
                #[allow(unused_macros)]
                macro_rules! bin_trap_acc {
                    ($d dst:expr, $d r:expr, $d get:ident, $d set:ident, $d f:expr) => {{
                        let (a, b) = (bits::$d get($regs.acc), $regs.$d get($d r));
                        $regs.$d set($d dst, tr!($d f(a, b)));
                        next!()
                    }};
                }
                /// `load!` addressed by the accumulator.
                #[allow(unused_macros)]
                macro_rules! load_acc {
                    ($d dst:expr, $d off:expr, $d n:literal, $d conv:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, $regs.acc, $d off, $d n);
                        $regs.set($d dst, $d conv(memory::read::<$d n>(p)));
                        next!()
                    }};
                }
                /// `store!` of the accumulator.
                #[allow(unused_macros)]
                macro_rules! store_acc {
                    ($d addr:expr, $d off:expr, $d n:literal, $d conv:expr) => {{
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, $regs.get($d addr), $d off, $d n);
                        memory::write::<$d n>(p, $d conv($regs.acc));
                        next!()
                    }};
                }
                /// `load_wrap!` with the accumulator as the base.
                #[allow(unused_macros)]
                macro_rules! load_wrap_acc {
                    ($d dst:expr, $d imm:expr, $d n:literal, $d conv:expr) => {{
                        let addr = u64::from(bits::u32($regs.acc).wrapping_add($d imm as u32));
                        let p = mem_ptr!($mode, $name, $cx, $ip, $mem, addr, 0, $d n);
                        $regs.set($d dst, $d conv(memory::read::<$d n>(p)));
                        next!()
                    }};
                }
                /// This handler's twin of the next tier (see `mem_ptr!`), on the unchanged
                /// state: `to_cached!` and `to_slow!` from a fast handler (the twins'
                /// modules are its children), `to_sibling_slow!` from a `cached` one.
                #[allow(unused_macros)]
                macro_rules! to_cached {
                    ($d n:ident, $d c:ident, $d i:ident) => {
                        cached::$d n::<T, M>($d c, $d i, fp, mem_base, mem_len, acc)
                    };
                }
                #[allow(unused_macros)]
                macro_rules! to_slow {
                    ($d n:ident, $d c:ident, $d i:ident) => {
                        slow::$d n::<T, M>($d c, $d i, fp, mem_base, mem_len, acc)
                    };
                }
                #[allow(unused_macros)]
                macro_rules! to_sibling_slow {
                    ($d n:ident, $d c:ident, $d i:ident) => {
                        super::slow::$d n::<T, M>($d c, $d i, fp, mem_base, mem_len, acc)
                    };
                }
                /// `x += step`, then a compare-and-branch; skips the replaced branch after it.
                #[allow(unused_macros)]
                macro_rules! add_br {
                    ($d x:expr, $d step:expr, $d bound:expr, $d ty:ident, $d op:tt, $d target:expr) => {{
                        let (x, step, bound) = (u32::from($d x), u32::from($d step), u32::from($d bound));
                        let v = $regs.u32(x).wrapping_add($regs.u32(step));
                        $regs.set_u32(x, v);
                        if bits::$d ty(u64::from(v)) $d op $regs.$d ty(bound) {
                            jump!($d target)
                        }
                        // SAFETY: the replaced compare-and-branch is followed by another
                        // instruction (code ends with `Return`).
                        $ip = unsafe { $ip.add(1) };
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
                        if let Instr::Br { target } = unsafe { *$ip } {
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

mod branch;
mod branch_acc;
mod call;
mod control;
mod data;
mod load_store;
mod load_store_acc;
mod numeric;
mod numeric_acc;

pub(super) use branch::*;
pub(super) use branch_acc::*;
pub(super) use call::*;
pub(super) use control::*;
pub(super) use data::*;
pub(super) use load_store::*;
pub(super) use load_store_acc::*;
pub(super) use numeric::*;
pub(super) use numeric_acc::*;
