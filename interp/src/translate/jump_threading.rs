//! A final pass over a function's code (absolute targets): a conditional branch that only
//! skips an unconditional `Br` becomes the inverted branch to the `Br`'s target, and the
//! `Br` goes; jumps to the very next instruction go too. Loops shaped
//! `loop { ...; br_if exit; br loop }` then take one instruction per iteration less, and
//! so do loops whose exit test jumps further away (`br_if far; br loop` becomes
//! `br_unless loop; br far`).
//! A counter step `i32.add slot, imm` fuses with the branch testing it right after, a copy
//! with the jump right after it (or the jump to it), and adjacent copies merge into one
//! `Copy2`, adjacent immediate steps into one paired instruction, and a step into the loop
//! branch after it. Done here, where every jump target is known, so no merge can swallow
//! an instruction that a branch lands on.

use crate::instr::Instr;

/// Merges adjacent `Copy` pairs (the second not a jump target) into `Copy2`.
fn merge_copies(code: &mut [Instr], is_target: &[bool], in_table: &[bool], delete: &mut [bool]) {
    let narrow = |s: u32| u16::try_from(s).ok();
    let mut pc = 0;
    while pc + 1 < code.len() {
        if !delete[pc]
            && !delete[pc + 1]
            && !in_table[pc]
            && !is_target[pc + 1]
            && let Instr::Copy { dst: d0, src: s0 } = code[pc]
            && let Instr::Copy { dst: d1, src: s1 } = code[pc + 1]
            && let (Some(dst0), Some(src0), Some(dst1), Some(src1)) =
                (narrow(d0), narrow(s0), narrow(d1), narrow(s1))
        {
            code[pc] = Instr::Copy2 {
                dst0,
                src0,
                dst1,
                src1,
            };
            delete[pc + 1] = true;
            pc += 2;
            continue;
        }
        pc += 1;
    }
}

/// Fuses a counter step `i32.add slot, imm` into the conditional branch right after it
/// that tests the new value against zero or a bound, and a copy into the unconditional
/// jump right after it (the branch or jump not being a jump target itself).
fn fuse_branch_pairs(
    code: &mut [Instr],
    is_target: &[bool],
    in_table: &[bool],
    delete: &mut [bool],
) {
    let narrow = |s: u32| u16::try_from(s).ok();
    let mut pc = 0;
    while pc + 1 < code.len() {
        if delete[pc] || delete[pc + 1] || in_table[pc] || in_table[pc + 1] || is_target[pc + 1] {
            pc += 1;
            continue;
        }
        if let Instr::Copy { dst, src } = code[pc]
            && let Instr::Br { target } = code[pc + 1]
        {
            code[pc] = Instr::CopyBr { dst, src, target };
            delete[pc + 1] = true;
            pc += 2;
            continue;
        }
        let Instr::I32AddImm { dst, lhs, imm } = code[pc] else {
            pc += 1;
            continue;
        };
        let fused = match code[pc + 1] {
            _ if dst != lhs => None,
            Instr::BrIfNez { cond, target } if cond == dst => Some(Instr::I32AddImmBrNez {
                slot: dst,
                imm,
                target,
            }),
            Instr::BrI32Ne {
                lhs: a,
                rhs: b,
                target,
            } if a == dst || b == dst => {
                let bound = if a == dst { b } else { a };
                match (narrow(dst), narrow(bound)) {
                    (Some(slot), Some(bound)) if bound != slot => Some(Instr::I32AddImmBrNe {
                        slots: u32::from(slot) | u32::from(bound) << 16,
                        imm,
                        target,
                    }),
                    _ => None,
                }
            }
            Instr::BrI32NeImm {
                lhs: a,
                imm: bound,
                target,
            } if a == dst => match (narrow(dst), i16::try_from(imm)) {
                (Some(slot), Ok(step)) => Some(Instr::I32AddImmBrNeImm {
                    slot_imm: u32::from(slot) | u32::from(step as u16) << 16,
                    bound,
                    target,
                }),
                _ => None,
            },
            _ => None,
        };
        if let Some(fused) = fused {
            code[pc] = fused;
            delete[pc + 1] = true;
            pc += 2;
            continue;
        }
        pc += 1;
    }
}

/// Pairs instructions of a `paired` row's immediate form (two pointer steps, a pointer and
/// a counter) that end up adjacent into that row's one instruction, and a step with the
/// loop branch after it ([`step_before_branch`]), unless a jump lands on the second. Runs after the other merges, whose deletions make more pairs adjacent
/// (a jump that lands on a deleted instruction lands on the next one kept).
fn pair_steps(code: &mut [Instr], in_table: &[bool], delete: &mut [bool]) {
    let mut lands = vec![false; code.len() + 1];
    for (pc, instr) in code.iter().enumerate() {
        let mut instr = *instr;
        if !delete[pc]
            && let Some(&mut target) = instr.branch_target_mut()
            && let Some(flag) = lands.get_mut(target as usize)
        {
            *flag = true;
        }
    }
    let kept: Vec<usize> = (0..code.len()).filter(|&pc| !delete[pc]).collect();
    let mut k = 0;
    while k + 1 < kept.len() {
        let (first, second) = (kept[k], kept[k + 1]);
        if !in_table[first]
            && !in_table[second]
            && !lands[first + 1..=second].contains(&true)
            && let Some(paired) = code[first]
                .paired_with(code[second])
                .or_else(|| step_before_branch(code[first], code[second]))
        {
            code[first] = paired;
            delete[second] = true;
            k += 2;
            continue;
        }
        k += 1;
    }
}

/// An in-place `i32.add slot, imm` fused with the loop branch after it: a counted step and
/// back edge (`I32AddImmBrNe`), or a compare-and-branch of two other slots (`BrI32Ne`),
/// when every slot and immediate fits the fused instruction.
pub(crate) fn step_before_branch(step: Instr, branch: Instr) -> Option<Instr> {
    let Instr::I32AddImm { dst, lhs, imm } = step else {
        return None;
    };
    let x = u16::try_from(dst).ok().filter(|_| dst == lhs)?;
    match branch {
        Instr::I32AddImmBrNe {
            slots,
            imm: imm_x,
            target,
        } => Some(Instr::I32AddImm2BrNe {
            bound: (slots >> 16) as u16,
            slots: u32::from(x) | (slots & 0xffff) << 16,
            imms: u32::from(i16::try_from(imm).ok()? as u16)
                | u32::from(i16::try_from(imm_x).ok()? as u16) << 16,
            target,
        }),
        Instr::BrI32Ne { lhs, rhs, target } => Some(Instr::I32AddImmBrI32Ne {
            x,
            slots: u32::from(u16::try_from(lhs).ok()?) | u32::from(u16::try_from(rhs).ok()?) << 16,
            imm,
            target,
        }),
        _ => None,
    }
}

/// A jump that lands on a copy does the copy itself and lands after it (loops whose head
/// moves a loop-carried value then take one dispatch less per iteration). The instruction
/// after the copy becomes a jump target, so no later merge may swallow it.
fn absorb_copies_at_targets(
    code: &mut [Instr],
    is_target: &mut [bool],
    in_table: &[bool],
    delete: &[bool],
) {
    for pc in 0..code.len() {
        if in_table[pc] || delete[pc] {
            continue;
        }
        let Instr::Br { target } = code[pc] else {
            continue;
        };
        let t = target as usize;
        if t + 1 >= code.len() || delete[t] || delete[t + 1] {
            continue;
        }
        if let Instr::Copy { dst, src } = code[t] {
            code[pc] = Instr::CopyBr {
                dst,
                src,
                target: target + 1,
            };
            is_target[t + 1] = true;
        }
    }
}

/// Which positions of `code` (absolute targets) some branch jumps to; one entry more than
/// `code` has, for a jump to its end.
pub(super) fn branch_targets(code: &[Instr]) -> Vec<bool> {
    let mut is_target = vec![false; code.len() + 1];
    for instr in code {
        let mut instr = *instr;
        if let Some(&mut target) = instr.branch_target_mut()
            && let Some(flag) = is_target.get_mut(target as usize)
        {
            *flag = true;
        }
    }
    is_target
}

/// Threads jumps in `code` (absolute targets) as the module doc says.
pub(super) fn thread_jumps(code: &mut Vec<Instr>) {
    let n = code.len();
    let mut is_target = branch_targets(code);
    let mut in_table = vec![false; n];
    for (pc, instr) in code.iter().enumerate() {
        if let Instr::BrTable { len, .. } = *instr {
            for entry in in_table.iter_mut().skip(pc + 1).take(len as usize + 1) {
                *entry = true;
            }
        }
    }
    let mut delete = vec![false; n];
    let mut pc = 0;
    while pc < n {
        if in_table[pc] || delete[pc] {
            pc += 1;
            continue;
        }
        if let Instr::Br { target } = code[pc] {
            if target as usize == pc + 1 {
                delete[pc] = true;
            }
            pc += 1;
            continue;
        }
        let mut instr = code[pc];
        let skips_next = instr
            .branch_target_mut()
            .is_some_and(|t| *t as usize == pc + 2);
        if skips_next
            && pc + 1 < n
            && !in_table[pc + 1]
            && !is_target[pc + 1]
            && let Instr::Br { target } = code[pc + 1]
            && let Some(inv) = Instr::inverted_branch(instr, target)
        {
            code[pc] = inv;
            delete[pc + 1] = true;
            pc += 2;
            continue;
        }
        // A loop's exit test followed by its back edge: the inverted test jumps back and
        // the `Br` after it exits, so an iteration runs one instruction less (the exit one
        // more). Not when the `Br` is a jump target, whose jumps must still loop.
        if pc + 1 < n
            && !in_table[pc + 1]
            && !is_target[pc + 1]
            && let Instr::Br { target: head } = code[pc + 1]
            && head as usize <= pc
            && let Some(&mut exit) = instr.branch_target_mut()
            && let Some(inv) = Instr::inverted_branch(instr, head)
        {
            code[pc] = inv;
            code[pc + 1] = Instr::Br { target: exit };
            pc += 2;
            continue;
        }
        pc += 1;
    }
    fuse_branch_pairs(code, &is_target, &in_table, &mut delete);
    absorb_copies_at_targets(code, &mut is_target, &in_table, &delete);
    merge_copies(code, &is_target, &in_table, &mut delete);
    pair_steps(code, &in_table, &mut delete);
    if !delete.iter().any(|&d| d) {
        return;
    }
    // New index of every old index (a deleted one maps to the next kept instruction).
    let mut new_index = Vec::with_capacity(n + 1);
    let mut kept = 0u32;
    for &d in &delete {
        new_index.push(kept);
        if !d {
            kept += 1;
        }
    }
    new_index.push(kept);
    let mut out = Vec::with_capacity(kept as usize);
    for (pc, mut instr) in code.drain(..).enumerate() {
        if delete[pc] {
            continue;
        }
        if let Some(t) = instr.branch_target_mut() {
            *t = new_index.get(*t as usize).copied().unwrap_or(kept);
        }
        out.push(instr);
    }
    *code = out;
}
