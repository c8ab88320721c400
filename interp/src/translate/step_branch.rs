//! Counted-loop steps: `x = x + step` followed by a compare-and-branch on `x` becomes one
//! `I32AddBr..` instruction, and a constant store at `base + x` just before it takes it in
//! (op table rows `stepped`).

use crate::instr::Instr;

/// Fuses every step-then-branch pair it can, then every constant store before such a step.
/// Runs on finished code whose branch targets are still absolute indices. The replaced
/// compare-and-branch stays in place and the fused step skips it, so no index moves, and a
/// jump to it still runs it alone; so does the step after a store that took it in.
pub(super) fn fuse_step_branches(code: &mut [Instr]) {
    for i in 0..code.len().saturating_sub(1) {
        if let Some(fused) = fused_step(code[i], code[i + 1]) {
            code[i] = fused;
        }
    }
    for i in 0..code.len().saturating_sub(1) {
        if let Some(fused) = code[i].with_step_after(code[i + 1]) {
            code[i] = fused;
        }
    }
}

/// The fused form of `step` followed by `branch`, if they have that shape (the comparisons
/// that have one are marked `step` in the operation table) and every slot fits in 16 bits.
fn fused_step(step: Instr, branch: Instr) -> Option<Instr> {
    let Instr::I32Add { dst, lhs, rhs } = step else {
        return None;
    };
    let step_slot = if lhs == dst {
        rhs
    } else if rhs == dst {
        lhs
    } else {
        return None;
    };
    branch.step_branch_form(dst, step_slot)
}
