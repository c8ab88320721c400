//! Translation of the threads proposal's instructions: each becomes one `Instr::Atomic`
//! whose operands sit in consecutive slots from `base` (the address first), with the
//! result, if any, written back to `base`; on a memory other than 0, an `Instr::AtomicAt`
//! followed by the `MemoryOperand` naming the memory (the multi-memory path).

use super::FuncTranslator;
use crate::atomics::AtomicOp;
use crate::atomics::op::atomic_memory_operator;
use crate::instr::Instr;
use wasmparser::Operator;

impl FuncTranslator<'_> {
    /// Translates `op` if it is a threads-proposal instruction (the validator accepted it);
    /// `false` if it is not one.
    pub(super) fn translate_atomic(&mut self, op: &Operator<'_>) -> bool {
        if let Operator::AtomicFence { .. } = op {
            self.emit(Instr::Atomic {
                op: AtomicOp::FENCE,
                base: 0,
                offset: 0,
            });
            return true;
        }
        let Some((op, memarg)) = atomic_memory_operator(op) else {
            return false;
        };
        // Without the GC proposal every access targets a linear memory.
        let wasmparser::MemArgTarget::Memory(memory) = memarg.target else {
            return false;
        };
        let kind = op.kind();
        let base = self.bulk_operands(kind.operands());
        // An offset wider than 32 bits (memory64) is added to the address up front, as for
        // plain loads; the sum then moves to where the operands start.
        let (addr, offset) = self.effective_address(base, memarg);
        if addr != base {
            self.emit(Instr::Copy {
                dst: base,
                src: addr,
            });
        }
        if memory == 0 {
            self.emit(Instr::Atomic { op, base, offset });
        } else {
            self.emit(Instr::AtomicAt { op, base, offset });
            self.emit(Instr::MemoryOperand { memory, kind: 0 });
        }
        if kind.has_result() {
            self.push_temp();
        }
        true
    }
}
