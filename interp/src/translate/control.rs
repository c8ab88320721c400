//! Structured control flow: blocks, loops, ifs, branches and returns.
//!
//! A label's values live in the slots of the block's stack positions (`height..`). A branch
//! copies the values it carries there, then jumps; forward jumps are patched when the
//! block ends.

use super::{FuncTranslator, Operand};
use crate::error::Error;
use crate::instr::{Instr, Slot};
use crate::types::{FuncType, ValType};
use wasmparser::BlockType;

/// The types a block takes and leaves (they decide how many slots each value needs).
#[derive(Clone, Debug)]
pub(super) enum BlockSig {
    /// No params, no results.
    Empty,
    /// No params, one result.
    One(ValType),
    /// A function type's params and results.
    Func(FuncType),
}

impl BlockSig {
    pub(super) fn params(&self) -> &[ValType] {
        match self {
            BlockSig::Func(ty) => ty.params(),
            _ => &[],
        }
    }

    pub(super) fn results(&self) -> &[ValType] {
        match self {
            BlockSig::Empty => &[],
            BlockSig::One(ty) => core::slice::from_ref(ty),
            BlockSig::Func(ty) => ty.results(),
        }
    }
}

/// What kind of block a control frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ControlKind {
    /// The function body itself.
    Function,
    /// `block`.
    Block,
    /// `loop` starting at this pc.
    Loop(u32),
    /// `if` whose false-branch jump is at this pc (until `else` patches it).
    If(usize),
    /// The `else` arm.
    Else,
}

/// A block being translated.
#[derive(Debug)]
pub(super) struct Control {
    pub kind: ControlKind,
    /// Stack height at entry, below the block's params.
    pub height: usize,
    pub params: usize,
    pub results: usize,
    /// The types of the params and results (the function frame's params are not used).
    pub sig: BlockSig,
    /// Forward jumps to this block's end, to patch.
    pub patches: Vec<usize>,
    /// Whether the block was entered on a reachable path.
    pub entered_reachable: bool,
}

impl FuncTranslator<'_> {
    pub(super) fn push_function_frame(&mut self, ty: FuncType) {
        self.control.push(Control {
            kind: ControlKind::Function,
            height: 0,
            params: 0,
            results: ty.results().len(),
            sig: BlockSig::Func(ty),
            patches: Vec::new(),
            entered_reachable: true,
        });
    }

    fn block_sig(&self, ty: BlockType) -> BlockSig {
        match ty {
            BlockType::Empty => BlockSig::Empty,
            BlockType::Type(t) => {
                BlockSig::One(ValType::from_wasmparser(t).unwrap_or(ValType::I32))
            }
            BlockType::FuncType(i) => match self.env.types.get(i as usize) {
                Some(t) => BlockSig::Func(t.clone()),
                None => BlockSig::Empty,
            },
        }
    }

    fn push_block(&mut self, kind: ControlKind, ty: BlockType) {
        let sig = self.block_sig(ty);
        let (params, results) = (sig.params().len(), sig.results().len());
        // Values must sit in their own slots at block boundaries: code inside the block may
        // overwrite a local that an outer stack entry still refers to.
        self.materialize_from(0);
        self.control.push(Control {
            kind,
            height: self.stack.len() - params,
            params,
            results,
            sig,
            patches: Vec::new(),
            entered_reachable: true,
        });
    }

    pub(super) fn visit_block(&mut self, ty: BlockType) {
        self.push_block(ControlKind::Block, ty);
    }

    pub(super) fn visit_loop(&mut self, ty: BlockType) {
        // Materialize before taking the loop's start: back edges must not redo the copies.
        self.materialize_from(0);
        let start = self.next_pc();
        // Back edges land on the charge, so every iteration pays.
        self.begin_fuel_block();
        self.push_block(ControlKind::Loop(start), ty);
        self.last_result = None;
    }

    pub(super) fn visit_if(&mut self, ty: BlockType) {
        let cond = self.pop();
        self.materialize_from(0);
        let jump = match self.fuse_compare_branch(cond, true) {
            Some(at) => at,
            None => self.emit(Instr::BrIfEqz {
                cond,
                target: u32::MAX,
            }),
        };
        self.push_block(ControlKind::If(jump), ty);
    }

    pub(super) fn visit_else(&mut self) {
        let Some(frame) = self.control.last() else {
            return;
        };
        let height = frame.height;
        let sig = frame.sig.clone();
        let ControlKind::If(jump) = frame.kind else {
            return;
        };
        if self.reachable {
            self.materialize_from(height);
            let br = self.emit(Instr::Br { target: u32::MAX });
            if let Some(frame) = self.control.last_mut() {
                frame.patches.push(br);
            }
        }
        let else_pc = self.next_pc();
        self.patch(jump, else_pc);
        self.last_result = None;
        let frame = self.control.last_mut().expect("checked above");
        frame.kind = ControlKind::Else;
        self.reachable = frame.entered_reachable;
        // The else arm sees the params where the `if` left them.
        self.reset_to(height, sig.params());
    }

    pub(super) fn visit_end(&mut self) -> Result<(), Error> {
        let Some(frame) = self.control.pop() else {
            return Ok(());
        };
        if frame.kind == ControlKind::Function {
            // Branches to the function label return directly; only the fall-through is left.
            if self.reachable {
                self.emit_return();
            }
            return Ok(());
        }
        if self.reachable {
            self.materialize_from(frame.height);
        }
        let end_pc = self.next_pc();
        for &at in &frame.patches {
            self.patch(at, end_pc);
        }
        let mut reachable = self.reachable || !frame.patches.is_empty();
        if let ControlKind::If(jump) = frame.kind {
            // No else arm: the false path falls through with the params as results.
            self.patch(jump, end_pc);
            reachable |= frame.entered_reachable;
        }
        self.last_result = None;
        self.reachable = reachable;
        self.reset_to(frame.height, frame.sig.results());
        Ok(())
    }

    /// Points the branch at `at` to `target`.
    fn patch(&mut self, at: usize, target: u32) {
        if let Some(t) = self.code[at].branch_target_mut() {
            *t = target;
        }
    }

    /// The values a branch to `depth` carries, and where they go: (arity, first target slot).
    fn branch_dest(&self, depth: u32) -> Option<(usize, Slot, usize)> {
        let index = self.control.len().checked_sub(1 + depth as usize)?;
        let frame = &self.control[index];
        let arity = match frame.kind {
            ControlKind::Loop(_) => frame.params,
            _ => frame.results,
        };
        Some((arity, self.position_slot(frame.height), index))
    }

    /// The moves that put the top `arity` values into consecutive slots from `dst`:
    /// (destination, source, is a v128) for each value, lowest first.
    fn value_moves(&self, arity: usize, dst: Slot) -> impl Iterator<Item = (Slot, Slot, bool)> {
        let top = self.stack.len() - arity;
        let mut d = dst;
        (top..self.stack.len()).map(move |i| {
            let wide = self.is_wide(i);
            let at = d;
            d += 1 + Slot::from(wide);
            (at, self.operand_slot(i), wide)
        })
    }

    /// Emits the copies that move the top `arity` values into the label's slots.
    fn emit_branch_copies(&mut self, arity: usize, dst: Slot) {
        let mut d = dst;
        for i in self.stack.len() - arity..self.stack.len() {
            let (src, wide) = (self.operand_slot(i), self.is_wide(i));
            if src != d {
                self.emit_copy(d, src, wide);
            }
            d += 1 + Slot::from(wide);
        }
    }

    fn branch_needs_copies(&self, arity: usize, dst: Slot) -> bool {
        self.value_moves(arity, dst).any(|(d, src, _)| d != src)
    }

    /// Emits an unconditional jump to the label at `depth` (values already copied).
    fn emit_jump(&mut self, frame_index: usize) {
        if self.control[frame_index].kind == ControlKind::Function {
            self.emit_return();
            return;
        }
        match self.control[frame_index].kind {
            ControlKind::Loop(start) => {
                self.emit(Instr::Br { target: start });
            }
            _ => {
                let at = self.emit(Instr::Br { target: u32::MAX });
                self.control[frame_index].patches.push(at);
            }
        }
    }

    pub(super) fn visit_br(&mut self, depth: u32) {
        let Some((arity, dst, index)) = self.branch_dest(depth) else {
            return;
        };
        if self.control[index].kind == ControlKind::Function {
            self.emit_return();
        } else {
            self.emit_branch_copies(arity, dst);
            self.emit_jump(index);
        }
        self.set_unreachable();
    }

    pub(super) fn visit_br_if(&mut self, depth: u32) {
        let cond = self.pop();
        self.br_if_on(cond, depth);
    }

    /// A `br_if` to `depth` on the condition in slot `cond`, which is not on the stack
    /// (popped already, or never an operand).
    pub(super) fn br_if_on(&mut self, cond: Slot, depth: u32) {
        let Some((arity, dst, index)) = self.branch_dest(depth) else {
            return;
        };
        let is_function = self.control[index].kind == ControlKind::Function;
        if !is_function && !self.branch_needs_copies(arity, dst) {
            let at = match self.fuse_compare_branch(cond, false) {
                Some(at) => at,
                None => self.emit(Instr::BrIfNez {
                    cond,
                    target: u32::MAX,
                }),
            };
            match self.control[index].kind {
                ControlKind::Loop(start) => self.patch(at, start),
                _ => self.control[index].patches.push(at),
            }
            return;
        }
        if is_function {
            // Materialize outside the conditional code: the fall-through path must agree.
            let n = (self.num_results as usize).min(self.stack.len());
            self.materialize_top(n);
        }
        let skip = match self.fuse_compare_branch(cond, true) {
            Some(at) => at,
            None => self.emit(Instr::BrIfEqz {
                cond,
                target: u32::MAX,
            }),
        };
        if is_function {
            self.emit_return();
        } else {
            self.emit_branch_copies(arity, dst);
            self.emit_jump(index);
        }
        let after = self.next_pc();
        self.patch(skip, after);
        self.last_result = None;
    }

    pub(super) fn visit_br_table(&mut self, targets: &[u32], default: u32) {
        let index = self.pop();
        // Trampolines must not materialize: later ones would read slots never written.
        self.materialize_from(0);
        let len = targets.len() as u32;
        self.emit(Instr::BrTable { index, len });
        let first_entry = self.code.len();
        for _ in 0..=len {
            self.emit(Instr::Br { target: u32::MAX });
        }
        for (i, &depth) in targets.iter().chain(core::iter::once(&default)).enumerate() {
            let Some((arity, dst, frame_index)) = self.branch_dest(depth) else {
                continue;
            };
            let entry = first_entry + i;
            let kind = self.control[frame_index].kind;
            if kind != ControlKind::Function && !self.branch_needs_copies(arity, dst) {
                match kind {
                    ControlKind::Loop(start) => self.code[entry] = Instr::Br { target: start },
                    _ => self.control[frame_index].patches.push(entry),
                }
                continue;
            }
            // A trampoline after the table moves the values, then jumps.
            let here = self.next_pc();
            self.code[entry] = Instr::Br { target: here };
            if kind == ControlKind::Function {
                self.emit_return();
            } else {
                self.emit_branch_copies(arity, dst);
                self.emit_jump(frame_index);
            }
        }
        self.set_unreachable();
    }

    pub(super) fn visit_return(&mut self) {
        self.emit_return();
        self.set_unreachable();
    }

    /// Moves the results (top of stack) into slots `0..n` and returns.
    pub(super) fn emit_return(&mut self) {
        let n = self.num_results as usize;
        let top = self.stack.len().saturating_sub(n);
        // Sources that are locals could be overwritten by earlier copies into low slots;
        // stack positions never are (position k >= destination k).
        if n > 1 {
            self.materialize_from(top);
        }
        if n == 1 && !self.stack.is_empty() && self.stack[top] == Operand::Temp {
            // The instruction that just computed the result can write slot 0 directly.
            let slot = self.position_slot(top);
            if let Some((at, dst)) = self.last_result
                && dst == slot
                && at + 1 == self.code.len()
                && self.code[at].retarget(0)
            {
                self.emit(Instr::Return);
                return;
            }
        }
        self.emit_branch_copies(n.min(self.stack.len()), 0);
        self.emit(Instr::Return);
    }

    pub(super) fn set_unreachable(&mut self) {
        self.reachable = false;
        if let Some(frame) = self.control.last() {
            let height = frame.height;
            self.truncate(height);
        }
    }
}
