//! Accumulator forms: an instruction whose operand is the result of the instruction just
//! before it reads that value from the accumulator (a register the handlers pass along, see
//! `exec::regs::Regs`) instead of from its slot, so a chain of dependent operations does not
//! wait on a store and a reload through memory.

use crate::instr::Instr;

/// Rewrites every instruction that can read its operand from the accumulator. Runs on
/// finished code whose branch targets are still absolute indices: an instruction that is a
/// branch target can be reached from elsewhere, where the accumulator holds something else,
/// so it keeps reading the slot.
pub(super) fn use_accumulator(code: &mut [Instr]) {
    let mut is_target = vec![false; code.len()];
    for instr in code.iter() {
        let mut instr = *instr;
        if let Some(&mut target) = instr.branch_target_mut()
            && let Some(flag) = is_target.get_mut(target as usize)
        {
            *flag = true;
        }
    }
    for i in 1..code.len() {
        if is_target[i] {
            continue;
        }
        let Some(slot) = code[i - 1].acc_result() else {
            continue;
        };
        if let Some(with_acc) = code[i].with_acc_operand(slot) {
            code[i] = with_acc;
        }
    }
}
