//! Accumulator forms: an instruction whose operand is the result of the instruction just
//! before it reads that value from the accumulator (a register the handlers pass along, see
//! `exec::active_frame::ActiveFrame`) instead of from its slot, so a chain of dependent operations does not
//! wait on a store and a reload through memory.

use super::jump_threading::branch_targets;
use crate::instr::Instr;

/// Rewrites every instruction that can read its operand from the accumulator. Runs on
/// finished code whose branch targets are still absolute indices: an instruction that is a
/// branch target can be reached from elsewhere, where the accumulator holds something else,
/// so it keeps reading the slot. The accumulator's slot is tracked through instructions
/// that leave it and every slot alone on their fall-through path (compare-and-branches,
/// stores), so a value loaded and then tested can still be used from the accumulator.
pub(super) fn use_accumulator(code: &mut [Instr]) {
    let is_target = branch_targets(code);
    // The slot whose value the accumulator holds when execution reaches instruction `i`
    // from instruction `i - 1`.
    let mut held = None;
    for i in 0..code.len() {
        if is_target[i] {
            held = None;
        }
        if let Some(slot) = held
            && let Some(with_acc) = code[i].with_acc_operand(slot)
        {
            code[i] = with_acc;
        }
        held = match code[i].acc_result() {
            Some(dst) => Some(dst),
            None if code[i].keeps_acc() => held,
            None => None,
        };
    }
}
