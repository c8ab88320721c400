//! The operator-by-operator mapping from wasm to internal instructions.

use super::FuncTranslator;
use crate::error::{Error, ErrorKind};
use crate::instr::{Instr, Slot};
use wasmparser::{MemArg, Operator};

impl FuncTranslator<'_> {
    /// Translates one operator that the validator has accepted.
    pub(super) fn translate_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        if !self.reachable {
            return self.skip_dead_operator(op);
        }
        if self.visit_memory_at(op) {
            return Ok(());
        }
        macro_rules! un {
            ($name:ident) => {{
                let src = self.pop();
                let dst = self.push_temp();
                self.emit_result(Instr::$name { dst, src }, dst);
            }};
        }
        macro_rules! bin {
            ($name:ident) => {{
                let rhs = self.pop();
                let lhs = self.pop();
                let dst = self.push_temp();
                self.emit_binary(Instr::$name { dst, lhs, rhs }, lhs, rhs, dst);
            }};
        }
        macro_rules! load {
            ($name:ident, $memarg:expr) => {{
                let addr = self.pop();
                let (addr, offset) = self.effective_address(addr, $memarg);
                let dst = self.push_temp();
                self.emit_load(Instr::$name { dst, addr, offset }, addr, offset, dst);
            }};
        }
        macro_rules! store {
            ($name:ident, $memarg:expr) => {{
                let value = self.pop();
                let addr = self.pop();
                let (addr, offset) = self.effective_address(addr, $memarg);
                self.emit_store(
                    Instr::$name {
                        addr,
                        value,
                        offset,
                    },
                    addr,
                    value,
                    offset,
                );
            }};
        }
        use Operator as O;
        match *op {
            O::Unreachable => {
                self.emit(Instr::Unreachable);
                self.set_unreachable();
            }
            O::Nop => {}
            O::Block { blockty } => self.visit_block(blockty),
            O::Loop { blockty } => self.visit_loop(blockty),
            O::If { blockty } => self.visit_if(blockty),
            O::Else => self.visit_else(),
            O::End => self.visit_end()?,
            O::Br { relative_depth } => self.visit_br(relative_depth),
            O::BrIf { relative_depth } => self.visit_br_if(relative_depth),
            O::BrTable { ref targets } => {
                let list: Vec<u32> = targets
                    .targets()
                    .collect::<Result<_, _>>()
                    .map_err(super::decode_error)?;
                self.visit_br_table(&list, targets.default());
            }
            O::Return => self.visit_return(),
            O::Call { function_index } => self.visit_call(function_index),
            O::CallIndirect {
                type_index,
                table_index,
            } => self.visit_call_indirect(type_index, table_index),
            O::ReturnCall { function_index } => self.visit_return_call(function_index),
            O::ReturnCallIndirect {
                type_index,
                table_index,
            } => self.visit_return_call_indirect(type_index, table_index),
            O::CallRef { type_index } => self.visit_call_ref(type_index),
            O::ReturnCallRef { type_index } => self.visit_return_call_ref(type_index),
            O::RefAsNonNull => self.visit_ref_as_non_null(),
            O::BrOnNull { relative_depth } => self.visit_br_on_null(relative_depth),
            O::BrOnNonNull { relative_depth } => self.visit_br_on_non_null(relative_depth),
            O::Drop => {
                self.pop();
            }
            O::Select | O::TypedSelect { .. } => self.visit_select(),
            O::LocalGet { local_index } => self.push_local(local_index),
            O::LocalSet { local_index } => self.visit_local_set(local_index),
            O::LocalTee { local_index } => {
                self.visit_local_set(local_index);
                self.push_local(local_index);
            }
            O::GlobalGet { global_index } if self.global_is_wide(global_index) => {
                let dst = self.push_temp_of(true);
                self.emit_result(
                    Instr::GlobalGetV128 {
                        dst,
                        global: global_index,
                    },
                    dst,
                );
            }
            O::GlobalSet { global_index } if self.global_is_wide(global_index) => {
                let src = self.pop();
                self.emit(Instr::GlobalSetV128 {
                    src,
                    global: global_index,
                });
            }
            O::GlobalGet { global_index } => {
                let dst = self.push_temp();
                self.emit_result(
                    Instr::GlobalGet {
                        dst,
                        global: global_index,
                    },
                    dst,
                );
            }
            O::GlobalSet { global_index } => {
                let src = self.pop();
                self.emit(Instr::GlobalSet {
                    src,
                    global: global_index,
                });
            }
            O::I32Load { memarg } | O::F32Load { memarg } => load!(I32Load, memarg),
            O::I64Load { memarg } | O::F64Load { memarg } => load!(I64Load, memarg),
            O::I32Load8S { memarg } => load!(I32Load8S, memarg),
            O::I32Load8U { memarg } => load!(I32Load8U, memarg),
            O::I32Load16S { memarg } => load!(I32Load16S, memarg),
            O::I32Load16U { memarg } => load!(I32Load16U, memarg),
            O::I64Load8S { memarg } => load!(I64Load8S, memarg),
            O::I64Load8U { memarg } => load!(I64Load8U, memarg),
            O::I64Load16S { memarg } => load!(I64Load16S, memarg),
            O::I64Load16U { memarg } => load!(I64Load16U, memarg),
            O::I64Load32S { memarg } => load!(I64Load32S, memarg),
            O::I64Load32U { memarg } => load!(I64Load32U, memarg),
            O::I32Store { memarg } | O::F32Store { memarg } => store!(I32Store, memarg),
            O::I64Store { memarg } | O::F64Store { memarg } => store!(I64Store, memarg),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => store!(I32Store8, memarg),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => store!(I32Store16, memarg),
            O::I64Store32 { memarg } => store!(I64Store32, memarg),
            O::MemorySize { .. } => {
                let dst = self.push_temp();
                self.emit_result(Instr::MemorySize { dst }, dst);
            }
            O::MemoryGrow { .. } => {
                let delta = self.pop();
                let dst = self.push_temp();
                self.emit_result(Instr::MemoryGrow { dst, delta }, dst);
            }
            O::I32Const { value } => self.visit_const32(value as u32),
            O::F32Const { value } => self.visit_slot_const(u64::from(value.bits()), false),
            // An i64 that fits 32 bits is left to the immediate forms.
            O::I64Const { value } if i32::try_from(value).is_ok() => {
                self.visit_const64(value as u64)
            }
            O::I64Const { value } => self.visit_slot_const(value as u64, true),
            O::F64Const { value } => self.visit_slot_const(value.bits(), true),
            O::RefNull { .. } => self.visit_const32(0),
            O::RefIsNull => un!(RefIsNull),
            O::RefFunc { function_index } => {
                let dst = self.push_temp();
                self.emit_result(
                    Instr::RefFunc {
                        dst,
                        func: function_index,
                    },
                    dst,
                );
            }
            // Reinterpretations keep the bits: the slot encoding of i32/f32 and i64/f64 agree.
            O::I32ReinterpretF32
            | O::F32ReinterpretI32
            | O::I64ReinterpretF64
            | O::F64ReinterpretI64 => {}
            O::MemoryInit { data_index, .. } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryInit {
                    base,
                    data: data_index,
                });
            }
            O::DataDrop { data_index } => {
                self.emit(Instr::DataDrop { data: data_index });
            }
            O::MemoryCopy { .. } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryCopy { base });
            }
            O::MemoryFill { .. } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::MemoryFill { base });
            }
            O::TableInit { elem_index, table } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::TableInit {
                    base,
                    table,
                    elem: elem_index,
                });
            }
            O::ElemDrop { elem_index } => {
                self.emit(Instr::ElemDrop { elem: elem_index });
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::TableCopy {
                    base,
                    dst_table,
                    src_table,
                });
            }
            O::TableFill { table } => {
                let base = self.bulk_operands(3);
                self.emit(Instr::TableFill { base, table });
            }
            O::TableGet { table } => {
                let index = self.pop();
                let dst = self.push_temp();
                self.emit_result(Instr::TableGet { dst, index, table }, dst);
            }
            O::TableSet { table } => {
                let value = self.pop();
                let index = self.pop();
                self.emit(Instr::TableSet {
                    index,
                    value,
                    table,
                });
            }
            O::TableGrow { table } => {
                let base = self.bulk_operands(2);
                let dst = self.push_temp();
                self.emit_result(Instr::TableGrow { base, table }, dst);
            }
            O::TableSize { table } => {
                let dst = self.push_temp();
                self.emit_result(Instr::TableSize { dst, table }, dst);
            }
            O::I32Eqz => {
                let src = self.pop();
                let dst = self.push_temp();
                self.emit_i32_eqz(src, dst);
            }
            O::I32Eq => bin!(I32Eq),
            O::I32Ne => bin!(I32Ne),
            O::I32LtS => bin!(I32LtS),
            O::I32LtU => bin!(I32LtU),
            O::I32GtS => bin!(I32GtS),
            O::I32GtU => bin!(I32GtU),
            O::I32LeS => bin!(I32LeS),
            O::I32LeU => bin!(I32LeU),
            O::I32GeS => bin!(I32GeS),
            O::I32GeU => bin!(I32GeU),
            O::I64Eqz => un!(I64Eqz),
            O::I64Eq => bin!(I64Eq),
            O::I64Ne => bin!(I64Ne),
            O::I64LtS => bin!(I64LtS),
            O::I64LtU => bin!(I64LtU),
            O::I64GtS => bin!(I64GtS),
            O::I64GtU => bin!(I64GtU),
            O::I64LeS => bin!(I64LeS),
            O::I64LeU => bin!(I64LeU),
            O::I64GeS => bin!(I64GeS),
            O::I64GeU => bin!(I64GeU),
            O::F32Eq => bin!(F32Eq),
            O::F32Ne => bin!(F32Ne),
            O::F32Lt => bin!(F32Lt),
            O::F32Gt => bin!(F32Gt),
            O::F32Le => bin!(F32Le),
            O::F32Ge => bin!(F32Ge),
            O::F64Eq => bin!(F64Eq),
            O::F64Ne => bin!(F64Ne),
            O::F64Lt => bin!(F64Lt),
            O::F64Gt => bin!(F64Gt),
            O::F64Le => bin!(F64Le),
            O::F64Ge => bin!(F64Ge),
            O::I32Clz => un!(I32Clz),
            O::I32Ctz => un!(I32Ctz),
            O::I32Popcnt => un!(I32Popcnt),
            O::I32Add => bin!(I32Add),
            O::I32Sub => bin!(I32Sub),
            O::I32Mul => bin!(I32Mul),
            O::I32DivS => bin!(I32DivS),
            O::I32DivU => bin!(I32DivU),
            O::I32RemS => bin!(I32RemS),
            O::I32RemU => bin!(I32RemU),
            O::I32And => bin!(I32And),
            O::I32Or => bin!(I32Or),
            O::I32Xor => bin!(I32Xor),
            O::I32Shl => bin!(I32Shl),
            O::I32ShrS => bin!(I32ShrS),
            O::I32ShrU => bin!(I32ShrU),
            O::I32Rotl => bin!(I32Rotl),
            O::I32Rotr => bin!(I32Rotr),
            O::I64Clz => un!(I64Clz),
            O::I64Ctz => un!(I64Ctz),
            O::I64Popcnt => un!(I64Popcnt),
            O::I64Add => bin!(I64Add),
            O::I64Sub => bin!(I64Sub),
            O::I64Mul => bin!(I64Mul),
            O::I64DivS => bin!(I64DivS),
            O::I64DivU => bin!(I64DivU),
            O::I64RemS => bin!(I64RemS),
            O::I64RemU => bin!(I64RemU),
            O::I64And => bin!(I64And),
            O::I64Or => bin!(I64Or),
            O::I64Xor => bin!(I64Xor),
            O::I64Shl => bin!(I64Shl),
            O::I64ShrS => bin!(I64ShrS),
            O::I64ShrU => bin!(I64ShrU),
            O::I64Rotl => bin!(I64Rotl),
            O::I64Rotr => bin!(I64Rotr),
            O::F32Abs => un!(F32Abs),
            O::F32Neg => un!(F32Neg),
            O::F32Ceil => un!(F32Ceil),
            O::F32Floor => un!(F32Floor),
            O::F32Trunc => un!(F32Trunc),
            O::F32Nearest => un!(F32Nearest),
            O::F32Sqrt => un!(F32Sqrt),
            O::F32Add => bin!(F32Add),
            O::F32Sub => bin!(F32Sub),
            O::F32Mul => bin!(F32Mul),
            O::F32Div => bin!(F32Div),
            O::F32Min => bin!(F32Min),
            O::F32Max => bin!(F32Max),
            O::F32Copysign => bin!(F32Copysign),
            O::F64Abs => un!(F64Abs),
            O::F64Neg => un!(F64Neg),
            O::F64Ceil => un!(F64Ceil),
            O::F64Floor => un!(F64Floor),
            O::F64Trunc => un!(F64Trunc),
            O::F64Nearest => un!(F64Nearest),
            O::F64Sqrt => un!(F64Sqrt),
            O::F64Add => bin!(F64Add),
            O::F64Sub => bin!(F64Sub),
            O::F64Mul => bin!(F64Mul),
            O::F64Div => bin!(F64Div),
            O::F64Min => bin!(F64Min),
            O::F64Max => bin!(F64Max),
            O::F64Copysign => bin!(F64Copysign),
            O::I32WrapI64 => un!(I32WrapI64),
            O::I32TruncF32S => un!(I32TruncF32S),
            O::I32TruncF32U => un!(I32TruncF32U),
            O::I32TruncF64S => un!(I32TruncF64S),
            O::I32TruncF64U => un!(I32TruncF64U),
            O::I64ExtendI32S => un!(I64ExtendI32S),
            O::I64ExtendI32U => un!(I64ExtendI32U),
            O::I64TruncF32S => un!(I64TruncF32S),
            O::I64TruncF32U => un!(I64TruncF32U),
            O::I64TruncF64S => un!(I64TruncF64S),
            O::I64TruncF64U => un!(I64TruncF64U),
            O::F32ConvertI32S => un!(F32ConvertI32S),
            O::F32ConvertI32U => un!(F32ConvertI32U),
            O::F32ConvertI64S => un!(F32ConvertI64S),
            O::F32ConvertI64U => un!(F32ConvertI64U),
            O::F32DemoteF64 => un!(F32DemoteF64),
            O::F64ConvertI32S => un!(F64ConvertI32S),
            O::F64ConvertI32U => un!(F64ConvertI32U),
            O::F64ConvertI64S => un!(F64ConvertI64S),
            O::F64ConvertI64U => un!(F64ConvertI64U),
            O::F64PromoteF32 => un!(F64PromoteF32),
            O::I32Extend8S => un!(I32Extend8S),
            O::I32Extend16S => un!(I32Extend16S),
            O::I64Extend8S => un!(I64Extend8S),
            O::I64Extend16S => un!(I64Extend16S),
            O::I64Extend32S => un!(I64Extend32S),
            O::I32TruncSatF32S => un!(I32TruncSatF32S),
            O::I32TruncSatF32U => un!(I32TruncSatF32U),
            O::I32TruncSatF64S => un!(I32TruncSatF64S),
            O::I32TruncSatF64U => un!(I32TruncSatF64U),
            O::I64TruncSatF32S => un!(I64TruncSatF32S),
            O::I64TruncSatF32U => un!(I64TruncSatF32U),
            O::I64TruncSatF64S => un!(I64TruncSatF64S),
            O::I64TruncSatF64U => un!(I64TruncSatF64U),
            _ if self.translate_atomic(op) => {}
            _ if self.translate_simd(op)? => {}
            _ => return Err(unsupported_operator(op)),
        }
        Ok(())
    }

    /// Tracks nesting inside unreachable code; only the enclosing block's `else`/`end`
    /// matter there.
    fn skip_dead_operator(&mut self, op: &Operator<'_>) -> Result<(), Error> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.dead_depth += 1;
            }
            Operator::Else if self.dead_depth == 0 => self.visit_else(),
            Operator::End if self.dead_depth == 0 => self.visit_end()?,
            Operator::End => self.dead_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    fn visit_local_set(&mut self, index: u32) {
        let (local, wide) = self.local(index);
        let top = self.stack.len() - 1;
        let pending =
            self.local_refs > 0 && self.stack[..top].contains(&super::Operand::Local(local));
        if !pending && self.stack[top] == super::Operand::Temp {
            let slot = self.position_slot(top);
            if let Some((at, dst)) = self.last_result
                && dst == slot
                && at + 1 == self.code.len()
                && self.code[at].retarget(local)
            {
                self.pop();
                self.last_result = None;
                return;
            }
        }
        let src = self.pop();
        // Entries below that still read the local need its old value first.
        if pending {
            self.materialize_local(local);
        }
        if src != local {
            self.emit_copy(local, src, wide);
        }
    }

    /// `select`: into a slot of its own (`SelectOf`) where the slots fit, so that a first
    /// operand in a local needs no `Copy` and `local.set` can retarget the result.
    fn visit_select(&mut self) {
        let cond = self.pop();
        let other = self.pop();
        let top = self.stack.len() - 1;
        let wide = self.top_is_wide();
        let narrow = |s: Slot| u16::try_from(s).ok();
        if !wide
            && let (Some(dst), Some(first), Some(other), Some(cond)) = (
                narrow(self.position_slot(top)),
                narrow(self.operand_slot(top)),
                narrow(other),
                narrow(cond),
            )
        {
            self.pop();
            let dst_slot = self.push_temp();
            let select = Instr::SelectOf {
                dst,
                first,
                other,
                cond,
            };
            self.emit_result(select, dst_slot);
            return;
        }
        self.materialize(top);
        let dst = self.pop();
        self.push_temp_of(wide);
        if wide {
            self.emit(Instr::SelectV128 { dst, other, cond });
        } else {
            self.emit_result(Instr::Select { dst, other, cond }, dst);
        }
    }

    fn visit_const32(&mut self, value: u32) {
        let dst = self.push_temp();
        self.emit_result(Instr::Const32 { dst, value }, dst);
    }

    fn visit_const64(&mut self, value: u64) {
        let dst = self.push_temp();
        self.emit_result(Instr::Const64 { dst, value }, dst);
    }

    /// A constant no immediate form takes (64 bits if `wide`): read from its constant slot
    /// if it has one (see `loop_consts`), emitted otherwise.
    fn visit_slot_const(&mut self, value: u64, wide: bool) {
        if self.push_slot_const(value) {
            return;
        }
        if wide {
            self.visit_const64(value);
        } else {
            self.visit_const32(value as u32);
        }
    }

    /// Materializes the top `n` operands of a bulk operation, pops them, and returns the
    /// slot of the first.
    pub(super) fn bulk_operands(&mut self, n: usize) -> Slot {
        let base = self.materialize_top(n);
        for _ in 0..n {
            self.pop();
        }
        base
    }

    /// Splits a memarg into (address slot, 32-bit offset); offsets that need more than 32
    /// bits (memory64 only) are added up front into the scratch slot.
    pub(super) fn effective_address(&mut self, addr: Slot, memarg: MemArg) -> (Slot, u32) {
        match u32::try_from(memarg.offset) {
            Ok(offset) => (addr, offset),
            Err(_) => {
                let scratch = self.scratch_slot();
                self.emit(Instr::Const64 {
                    dst: scratch,
                    value: memarg.offset,
                });
                self.emit(Instr::AddrAdd {
                    dst: scratch,
                    lhs: addr,
                    rhs: scratch,
                });
                (scratch, 0)
            }
        }
    }

    fn visit_call(&mut self, func: u32) {
        let ty = self.env.func_type(func).clone();
        let base = self.materialize_top(ty.params().len());
        for _ in ty.params() {
            self.pop();
        }
        self.emit(Instr::Call { func, base });
        self.push_types(ty.results());
    }

    fn visit_call_indirect(&mut self, type_index: u32, table: u32) {
        let index = self.pop();
        let ty = self.env.types[type_index as usize].clone();
        let type_id = self.env.type_ids[type_index as usize];
        let base = self.materialize_top(ty.params().len());
        for _ in ty.params() {
            self.pop();
        }
        self.emit(Instr::CallIndirect {
            type_id,
            index,
            base,
        });
        self.emit(Instr::TableOperand { table });
        self.push_types(ty.results());
    }

    /// Whether global `index` holds a `v128`.
    fn global_is_wide(&self, index: u32) -> bool {
        self.env
            .global_types
            .get(index as usize)
            .is_some_and(|g| g.content == crate::types::ValType::V128)
    }
}

#[cold]
fn unsupported_operator(op: &Operator<'_>) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("operator {op:?} is not supported by this engine"),
    )
}
