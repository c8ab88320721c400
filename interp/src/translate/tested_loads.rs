//! Loads tested for zero: an i32 load followed by `BrIfNezAcc` / `BrIfEqzAcc` on the value
//! it loaded becomes the load's `tested` form (op table rows `tested`), which runs the test
//! after the load without dispatching it. Runs last, on finished code whose branch targets
//! are still absolute indices, after the accumulator pass: a test in its accumulator form
//! reads the value the instruction before it left there (a test that a jump lands on keeps
//! reading its slot, so it never has this form). The test stays in place and the fused load
//! skips it, so no index moves and a jump to the test still runs it alone.

use crate::instr::Instr;

/// Fuses every i32 load that the zero test of its value follows.
pub(super) fn fuse_tested_loads(code: &mut [Instr]) {
    for i in 0..code.len().saturating_sub(1) {
        if let Some(fused) = code[i].with_branch_after(code[i + 1]) {
            code[i] = fused;
        }
    }
}
