//! Operators on memories other than memory 0 (multi-memory): loads and stores become
//! `LoadAt`/`StoreAt` with a `MemoryOperand`, the rest their `...At` instructions. Memory 0
//! keeps the instructions of `ops`, so its code does not change at all, except for the
//! loads and stores of a memory64 memory 0: they become `LoadAt`/`StoreAt` too, so that the
//! memory-0 instructions (the fast path of every memory32 program) read 32-bit addresses,
//! whose sum with an offset never overflows.

use super::FuncTranslator;
use crate::access_kind::AccessKind;
use crate::instr::Instr;
use wasmparser::{MemArg, MemArgTarget, Operator};

impl FuncTranslator<'_> {
    /// Translates `op` if it names a memory other than 0 (or is a load or store of a memory64
    /// memory 0); false (having done nothing) if not.
    pub(super) fn visit_memory_at(&mut self, op: &Operator<'_>) -> bool {
        use AccessKind as K;
        use Operator as O;
        let (kind, memarg) = match *op {
            O::I32Load { memarg } | O::F32Load { memarg } => (K::I32Load, memarg),
            O::I64Load { memarg } | O::F64Load { memarg } => (K::I64Load, memarg),
            O::I32Load8S { memarg } => (K::I32Load8S, memarg),
            O::I32Load8U { memarg } => (K::I32Load8U, memarg),
            O::I32Load16S { memarg } => (K::I32Load16S, memarg),
            O::I32Load16U { memarg } => (K::I32Load16U, memarg),
            O::I64Load8S { memarg } => (K::I64Load8S, memarg),
            O::I64Load8U { memarg } => (K::I64Load8U, memarg),
            O::I64Load16S { memarg } => (K::I64Load16S, memarg),
            O::I64Load16U { memarg } => (K::I64Load16U, memarg),
            O::I64Load32S { memarg } => (K::I64Load32S, memarg),
            O::I64Load32U { memarg } => (K::I64Load32U, memarg),
            O::I32Store { memarg } | O::F32Store { memarg } => (K::I32Store, memarg),
            O::I64Store { memarg } | O::F64Store { memarg } => (K::I64Store, memarg),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => (K::I32Store8, memarg),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => (K::I32Store16, memarg),
            O::I64Store32 { memarg } => (K::I64Store32, memarg),
            O::MemorySize { mem } if mem != 0 => {
                let dst = self.push_temp();
                self.emit(Instr::MemorySizeAt { dst, memory: mem });
                return true;
            }
            O::MemoryGrow { mem } if mem != 0 => {
                let delta = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::MemoryGrowAt {
                    dst,
                    delta,
                    memory: mem,
                });
                return true;
            }
            O::MemoryFill { mem } if mem != 0 => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryFillAt { base, memory: mem });
                return true;
            }
            O::MemoryCopy { dst_mem, src_mem } if dst_mem != 0 || src_mem != 0 => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryCopyAt {
                    base,
                    dst_memory: dst_mem,
                    src_memory: src_mem,
                });
                return true;
            }
            O::MemoryInit { data_index, mem } if mem != 0 => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryInitAt {
                    base,
                    data: data_index,
                    memory: mem,
                });
                return true;
            }
            _ => return false,
        };
        // Without the GC proposal every access targets a linear memory.
        let MemArgTarget::Memory(memory) = memarg.target else {
            return false;
        };
        if memory == 0 && !self.env.memory0_is_64 {
            return false;
        }
        self.emit_access_at(kind, memarg, memory);
        true
    }

    /// A load or store of `kind` on memory `memory`.
    fn emit_access_at(&mut self, kind: AccessKind, memarg: MemArg, memory: u32) {
        let operand = Instr::MemoryOperand {
            memory,
            kind: kind as u32,
        };
        if !kind.is_store() {
            let addr = self.pop();
            let (addr, offset) = self.effective_address(addr, memarg);
            let dst = self.push_temp();
            self.emit(Instr::LoadAt { dst, addr, offset });
        } else {
            let value = self.pop();
            let addr = self.pop();
            let (addr, offset) = self.effective_address(addr, memarg);
            self.emit(Instr::StoreAt {
                addr,
                value,
                offset,
            });
        }
        self.emit(operand);
    }
}
