//! Loads fused with what follows them (op table rows `tested` and `doubled`): an i32 load
//! followed by `BrIfNezAcc` / `BrIfEqzAcc` on the value it loaded becomes the load's
//! `tested` form, which runs the test after the load without dispatching it, and a plain
//! load followed by another of the same kind becomes the `doubled` form, which runs both.
//! Runs last, on finished code whose branch targets are still absolute indices, after the
//! accumulator pass: a test in its accumulator form reads the value the instruction before
//! it left there (a test that a jump lands on keeps reading its slot, so it never has this
//! form). The second instruction stays in place and the fused one skips it, so no index
//! moves and a jump to it still runs it alone.

use crate::instr::Instr;

/// Fuses every i32 load that the zero test of its value follows, then every plain load
/// that a plain load of the same kind follows (the second stays a plain load: the first's
/// handler runs it from its fields).
pub(super) fn fuse_loads(code: &mut [Instr]) {
    for i in 0..code.len().saturating_sub(1) {
        if let Some(fused) = code[i].with_branch_after(code[i + 1]) {
            code[i] = fused;
        }
    }
    let mut i = 0;
    while i + 1 < code.len() {
        if let Some(fused) = code[i].with_load_after(code[i + 1]) {
            code[i] = fused;
            i += 1;
        }
        i += 1;
    }
}
