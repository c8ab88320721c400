//! Counted-loop steps: `x = x + step` followed by a compare-and-branch on `x` becomes one
//! `I32AddBr..` instruction.

use crate::instr::Instr;

/// Fuses every step-then-branch pair it can. Runs on finished code whose branch targets are
/// still absolute indices. The branch stays in place and the fused instruction skips it, so
/// no index moves, and a jump to the branch itself still runs it alone.
pub(super) fn fuse_step_branches(code: &mut [Instr]) {
    for i in 0..code.len().saturating_sub(1) {
        if let Some(fused) = fused_step(code[i], code[i + 1]) {
            code[i] = fused;
        }
    }
}

/// The fused form of `step` followed by `branch`, if they have that shape and every slot
/// fits in 16 bits.
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
    let (Instr::BrI32LtU { lhs, rhs, target }
    | Instr::BrI32LtS { lhs, rhs, target }
    | Instr::BrI32Ne { lhs, rhs, target }) = branch
    else {
        return None;
    };
    if lhs != dst {
        return None;
    }
    let x = u16::try_from(dst).ok()?;
    let step = u16::try_from(step_slot).ok()?;
    let bound = u16::try_from(rhs).ok()?;
    Some(match branch {
        Instr::BrI32LtU { .. } => Instr::I32AddBrLtU {
            x,
            step,
            bound,
            target,
        },
        Instr::BrI32LtS { .. } => Instr::I32AddBrLtS {
            x,
            step,
            bound,
            target,
        },
        _ => Instr::I32AddBrNe {
            x,
            step,
            bound,
            target,
        },
    })
}
