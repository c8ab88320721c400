//! The internal code: a register machine over frame slots.
//!
//! Every wasm local and every operand-stack position is a fixed slot of the function's
//! frame (slot = number of locals + stack height, known from validation), so instructions
//! name their operand and result slots directly. Branch targets are resolved at translation;
//! in finished code each is stored as the offset (an `i32` in a `u32`) from the branch to
//! its target.

/// A frame slot index.
pub(crate) type Slot = u32;

macro_rules! define_instrs {
    (
        $d:tt
        unary: [$($un:ident / $un_acc:ident),* $(,)?],
        binary: [$($bin:ident / $bin_acc:ident),* $(,)?],
        binary_imm: [$($bimm:ident / $bimm_acc:ident),* $(,)?],
        branch_cmp: [$($bcmp:ident / $bcmp_acc:ident),* $(,)?],
        branch_cmp_imm: [$($bcmpi:ident / $bcmpi_acc:ident),* $(,)?],
        load: [$($load:ident / $load_acc:ident),* $(,)?],
        store: [$($store:ident / $store_acc:ident),* $(,)?],
        load_wrap: [$($loadw:ident / $loadw_acc:ident),* $(,)?],
        store_wrap: [$($storew:ident),* $(,)?],
        store_imm: [$($storei:ident),* $(,)?],
        store_imm_wrap: [$($storeiw:ident),* $(,)?],
        commutative: [$($comm:ident),* $(,)?],
    ) => {
        /// One instruction of the internal code.
        ///
        /// `repr(u16)` puts the tag in the first two bytes, where the executor reads it to
        /// pick the handler; every variant's fields fit in the 14 bytes after it.
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[repr(u16)]
        pub(crate) enum Instr {
            /// Traps with "unreachable".
            Unreachable,
            /// Subtracts `amount` from the store's fuel, trapping "all fuel consumed" if less
            /// is left (emitted only when the engine consumes fuel).
            ConsumeFuel { amount: u32 },
            /// Jumps to `target`.
            Br { target: u32 },
            /// Jumps to `target` if `cond` (i32) is non-zero.
            BrIfNez { cond: Slot, target: u32 },
            /// Jumps to `target` if `cond` (i32) is zero.
            BrIfEqz { cond: Slot, target: u32 },
            /// `slot += imm` (i32, wrapping), then jumps to `target` if the sum is not zero: a
            /// counted loop's step and back edge in one dispatch.
            I32AddImmBrNez { slot: Slot, imm: i32, target: u32 },
            /// `slot += imm` (i32), then jumps to `target` if `slot != bound`, with
            /// `slots = slot | bound << 16` (16-bit fields would sit next to the tag, and the
            /// compiler then loads them on every dispatch).
            I32AddImmBrNe { slots: u32, imm: i32, target: u32 },
            /// `slot += imm` (i32), then jumps to `target` if `slot != bound`, with
            /// `slot_imm = slot | (imm as i16 as u16) << 16`.
            I32AddImmBrNeImm { slot_imm: u32, bound: i32, target: u32 },
            /// `x += step` (i32, wrapping), then jumps to `target` if `x <u bound`; otherwise
            /// skips the instruction after it (the compare-and-branch this replaced).
            I32AddBrLtU { x: u16, step: u16, bound: u16, target: u32 },
            /// As `I32AddBrLtU`, with a signed compare.
            I32AddBrLtS { x: u16, step: u16, bound: u16, target: u32 },
            /// As `I32AddBrLtU`, jumping if `x != bound`.
            I32AddBrNe { x: u16, step: u16, bound: u16, target: u32 },
            /// Continues at the `min(index, len)`-th of the `len + 1` `Br` entries that follow.
            BrTable { index: Slot, len: u32 },
            /// Returns to the caller; results are already in slots `0..n`.
            Return,
            /// `dst = src`.
            Copy { dst: Slot, src: Slot },
            /// `dst = src`, then jumps to `target` (a loop's carried value and back edge).
            CopyBr { dst: Slot, src: Slot, target: u32 },
            /// `dst0 = src0; dst1 = src1` (in that order), for slots below 2^16.
            Copy2 { dst0: u16, src0: u16, dst1: u16, src1: u16 },
            /// Calls function `func` (module index); arguments start at `base`, which becomes
            /// the callee's slot 0 and receives the results.
            Call { func: u32, base: Slot },
            /// Calls the function at `index` of the table named by the following
            /// `TableOperand`, checking its signature id against `type_id`.
            CallIndirect { type_id: u32, index: Slot, base: Slot },
            /// An extra operand of the preceding instruction; never executed.
            TableOperand { table: u32 },
            /// `if cond == 0 { dst = other }` (dst holds the first operand already).
            Select { dst: Slot, other: Slot, cond: Slot },
            /// `dst = value` (zero-extended; i32 and f32 bits).
            Const32 { dst: Slot, value: u32 },
            /// `dst = value`.
            Const64 { dst: Slot, value: u64 },
            /// `dst = globals[global]` (module index).
            GlobalGet { dst: Slot, global: u32 },
            /// `globals[global] = src`.
            GlobalSet { src: Slot, global: u32 },
            /// `dst = (src == null)`.
            RefIsNull { dst: Slot, src: Slot },
            /// `dst = ref to func` (module index).
            RefFunc { dst: Slot, func: u32 },
            /// `dst = table[index]`.
            TableGet { dst: Slot, index: Slot, table: u32 },
            /// `table[index] = value`.
            TableSet { index: Slot, value: Slot, table: u32 },
            /// `dst = table.size`.
            TableSize { dst: Slot, table: u32 },
            /// Operands `init, delta` at `base`, result at `base`.
            TableGrow { base: Slot, table: u32 },
            /// Operands `index, value, len` at `base`.
            TableFill { base: Slot, table: u32 },
            /// Operands `dst, src, len` at `base`.
            TableCopy { base: Slot, dst_table: u32, src_table: u32 },
            /// Operands `dst, src, len` at `base`.
            TableInit { base: Slot, table: u32, elem: u32 },
            /// Drops element segment `elem`.
            ElemDrop { elem: u32 },
            /// `dst = memory.size` (pages).
            MemorySize { dst: Slot },
            /// `dst = memory.grow(delta)`.
            MemoryGrow { dst: Slot, delta: Slot },
            /// Operands `dst, value, len` at `base`.
            MemoryFill { base: Slot },
            /// Operands `dst, src, len` at `base`.
            MemoryCopy { base: Slot },
            /// Operands `dst, src, len` at `base`.
            MemoryInit { base: Slot, data: u32 },
            /// Drops data segment `data`.
            DataDrop { data: u32 },
            /// `dst = lhs + rhs` as u64; overflow traps "out of bounds memory access" (an
            /// effective address with an offset too large for a load's immediate).
            AddrAdd { dst: Slot, lhs: Slot, rhs: Slot },
            $(
                #[doc = concat!("`dst = ", stringify!($un), "(src)`.")]
                $un { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($bin), "(lhs, rhs)`.")]
                $bin { dst: Slot, lhs: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($bimm), "(lhs, imm)` (imm sign-extended).")]
                $bimm { dst: Slot, lhs: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("Jumps to `target` if `", stringify!($bcmp), "(lhs, rhs)`.")]
                $bcmp { lhs: Slot, rhs: Slot, target: u32 },
            )*
            $(
                #[doc = concat!("Jumps to `target` if `", stringify!($bcmpi), "(lhs, imm)`.")]
                $bcmpi { lhs: Slot, imm: i32, target: u32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($load), "(addr + offset)`.")]
                $load { dst: Slot, addr: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($store), "(addr + offset, value)`.")]
                $store { addr: Slot, value: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($loadw), "` at the 32-bit address `base + imm` (wrapping, as `i32.add` does; memory32 only).")]
                $loadw { dst: Slot, base: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($storew), "` of `value` at the 32-bit address `base + imm` (wrapping; memory32 only).")]
                $storew { base: Slot, value: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($storei), "(addr + offset, imm)` with a constant value (sign-extended for i64).")]
                $storei { addr: Slot, imm: i32, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($storeiw), "` of the constant `value` at the 32-bit address `base + imm` (wrapping; memory32 only).")]
                $storeiw { base: Slot, imm: i32, value: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($un), "` of the accumulator.")]
                $un_acc { dst: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($bin), "` with the accumulator as `lhs`.")]
                $bin_acc { dst: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($bimm), "` with the accumulator as `lhs`.")]
                $bimm_acc { dst: Slot, imm: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($bcmp), "` with the accumulator as `lhs`.")]
                $bcmp_acc { rhs: Slot, target: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($bcmpi), "` with the accumulator as `lhs`.")]
                $bcmpi_acc { imm: i32, target: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($load), "` with the accumulator as `addr`.")]
                $load_acc { dst: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($store), "` with the accumulator as `value`.")]
                $store_acc { addr: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($loadw), "` with the accumulator as `base`.")]
                $loadw_acc { dst: Slot, imm: i32 },
            )*
            /// `BrIfNez` with the accumulator as `cond`.
            BrIfNezAcc { target: u32 },
            /// `BrIfEqz` with the accumulator as `cond`.
            BrIfEqzAcc { target: u32 },
            /// `BrTable` with the accumulator as `index`.
            BrTableAcc { len: u32 },
        }

        /// Calls macro `$m` with the name of every `Instr` variant, in declaration order (which
        /// is tag order: the executor's handler table is built from this list).
        macro_rules! with_instr_names {
            ($d m:ident) => {
                $d m! {
                    Unreachable,
                    ConsumeFuel,
                    Br,
                    BrIfNez,
                    BrIfEqz,
                    I32AddImmBrNez,
                    I32AddImmBrNe,
                    I32AddImmBrNeImm,
                    I32AddBrLtU,
                    I32AddBrLtS,
                    I32AddBrNe,
                    BrTable,
                    Return,
                    Copy,
                    CopyBr,
                    Copy2,
                    Call,
                    CallIndirect,
                    TableOperand,
                    Select,
                    Const32,
                    Const64,
                    GlobalGet,
                    GlobalSet,
                    RefIsNull,
                    RefFunc,
                    TableGet,
                    TableSet,
                    TableSize,
                    TableGrow,
                    TableFill,
                    TableCopy,
                    TableInit,
                    ElemDrop,
                    MemorySize,
                    MemoryGrow,
                    MemoryFill,
                    MemoryCopy,
                    MemoryInit,
                    DataDrop,
                    AddrAdd,
                    $($un,)* $($bin,)* $($bimm,)* $($bcmp,)* $($bcmpi,)*
                    $($load,)* $($store,)* $($loadw,)* $($storew,)* $($storei,)*
                    $($storeiw,)*
                    $($un_acc,)*
                    $($bin_acc,)* $($bimm_acc,)* $($bcmp_acc,)* $($bcmpi_acc,)*
                    $($load_acc,)* $($store_acc,)* $($loadw_acc,)*
                    BrIfNezAcc,
                    BrIfEqzAcc,
                    BrTableAcc,
                }
            };
        }
        pub(crate) use with_instr_names;

        impl Instr {
            /// Makes an instruction that writes one fresh result write `new_dst` instead;
            /// false for instructions whose destination is also an input.
            pub(crate) fn retarget(&mut self, new_dst: Slot) -> bool {
                match self {
                    $(Instr::$un { dst, .. } => *dst = new_dst,)*
                    $(Instr::$bin { dst, .. } => *dst = new_dst,)*
                    $(Instr::$load { dst, .. } => *dst = new_dst,)*
                    $(Instr::$loadw { dst, .. } => *dst = new_dst,)*
                    $(Instr::$bimm { dst, .. } => *dst = new_dst,)*
                    $(Instr::$un_acc { dst } => *dst = new_dst,)*
                    $(Instr::$bin_acc { dst, .. } => *dst = new_dst,)*
                    $(Instr::$bimm_acc { dst, .. } => *dst = new_dst,)*
                    $(Instr::$load_acc { dst, .. } => *dst = new_dst,)*
                    $(Instr::$loadw_acc { dst, .. } => *dst = new_dst,)*
                    Instr::Const32 { dst, .. }
                    | Instr::Const64 { dst, .. }
                    | Instr::GlobalGet { dst, .. }
                    | Instr::RefIsNull { dst, .. }
                    | Instr::RefFunc { dst, .. }
                    | Instr::TableGet { dst, .. }
                    | Instr::TableSize { dst, .. }
                    | Instr::MemorySize { dst }
                    | Instr::MemoryGrow { dst, .. } => *dst = new_dst,
                    _ => return false,
                }
                true
            }

            /// The slot this instruction writes as its only effect on the frame, when its
            /// handler leaves that value in the accumulator too (a single slot write).
            pub(crate) fn acc_result(&self) -> Option<Slot> {
                match *self {
                    $(Instr::$un { dst, .. })|*
                    | $(Instr::$bin { dst, .. })|*
                    | $(Instr::$bimm { dst, .. })|*
                    | $(Instr::$load { dst, .. })|*
                    | $(Instr::$loadw { dst, .. })|*
                    | $(Instr::$un_acc { dst })|*
                    | $(Instr::$bin_acc { dst, .. })|*
                    | $(Instr::$bimm_acc { dst, .. })|*
                    | $(Instr::$load_acc { dst, .. })|*
                    | $(Instr::$loadw_acc { dst, .. })|*
                    | Instr::Const32 { dst, .. }
                    | Instr::Const64 { dst, .. }
                    | Instr::Copy { dst, .. }
                    | Instr::GlobalGet { dst, .. } => Some(dst),
                    _ => None,
                }
            }

            /// True if, when execution falls through to the next instruction, this one has
            /// written no slot and left the accumulator alone: conditional branches that
            /// only compare, and stores (linear memory never overlaps the frame).
            pub(crate) fn keeps_acc(&self) -> bool {
                matches!(
                    self,
                    $(Instr::$bcmp { .. })|*
                    | $(Instr::$bcmpi { .. })|*
                    | $(Instr::$bcmp_acc { .. })|*
                    | $(Instr::$bcmpi_acc { .. })|*
                    | $(Instr::$store { .. })|*
                    | $(Instr::$storew { .. })|*
                    | $(Instr::$storei { .. })|*
                    | $(Instr::$storeiw { .. })|*
                    | $(Instr::$store_acc { .. })|*
                    | Instr::BrIfNez { .. }
                    | Instr::BrIfEqz { .. }
                    | Instr::BrIfNezAcc { .. }
                    | Instr::BrIfEqzAcc { .. }
                )
            }

            /// This instruction reading the accumulator in place of slot `slot`, if it has
            /// a form for that.
            pub(crate) fn with_acc_operand(self, slot: Slot) -> Option<Instr> {
                Some(match self {
                    $(Instr::$un { dst, src } if src == slot => Instr::$un_acc { dst },)*
                    $(Instr::$bin { dst, lhs, rhs } if lhs == slot => Instr::$bin_acc { dst, rhs },)*
                    $(Instr::$comm { dst, lhs, rhs } if rhs == slot => {
                        Self::commuted(Instr::$comm { dst, lhs: rhs, rhs: lhs }, slot)?
                    })*
                    $(Instr::$bimm { dst, lhs, imm } if lhs == slot => Instr::$bimm_acc { dst, imm },)*
                    $(Instr::$bcmp { lhs, rhs, target } if lhs == slot => {
                        Instr::$bcmp_acc { rhs, target }
                    })*
                    $(Instr::$bcmpi { lhs, imm, target } if lhs == slot => {
                        Instr::$bcmpi_acc { imm, target }
                    })*
                    $(Instr::$load { dst, addr, offset } if addr == slot => {
                        Instr::$load_acc { dst, offset }
                    })*
                    $(Instr::$store { addr, value, offset } if value == slot => {
                        Instr::$store_acc { addr, offset }
                    })*
                    $(Instr::$loadw { dst, base, imm } if base == slot => {
                        Instr::$loadw_acc { dst, imm }
                    })*
                    Instr::BrIfNez { cond, target } if cond == slot => Instr::BrIfNezAcc { target },
                    Instr::BrIfEqz { cond, target } if cond == slot => Instr::BrIfEqzAcc { target },
                    Instr::BrTable { index, len } if index == slot => Instr::BrTableAcc { len },
                    _ => return None,
                })
            }

            /// A commutative binary instruction with its operands swapped so that `lhs` is
            /// `slot`, in its accumulator form.
            fn commuted(self, slot: Slot) -> Option<Instr> {
                match self {
                    $(Instr::$bin { dst, lhs, rhs } if lhs == slot => Some(Instr::$bin_acc { dst, rhs }),)*
                    _ => None,
                }
            }

            /// The jump target of a branch instruction.
            pub(crate) fn branch_target_mut(&mut self) -> Option<&mut u32> {
                match self {
                    Instr::Br { target }
                    | Instr::BrIfNez { target, .. }
                    | Instr::BrIfEqz { target, .. }
                    | Instr::CopyBr { target, .. }
                    | Instr::I32AddImmBrNez { target, .. }
                    | Instr::I32AddImmBrNe { target, .. }
                    | Instr::I32AddImmBrNeImm { target, .. }
                    | Instr::I32AddBrLtU { target, .. }
                    | Instr::I32AddBrLtS { target, .. }
                    | Instr::I32AddBrNe { target, .. } => Some(target),
                    $(Instr::$bcmp { target, .. } => Some(target),)*
                    $(Instr::$bcmpi { target, .. } => Some(target),)*
                    $(Instr::$bcmp_acc { target, .. } => Some(target),)*
                    $(Instr::$bcmpi_acc { target, .. } => Some(target),)*
                    Instr::BrIfNezAcc { target } | Instr::BrIfEqzAcc { target } => Some(target),
                    _ => None,
                }
            }
        }
    };
}

define_instrs! {
    $
    unary: [
        I32Eqz / I32EqzAcc, I32Clz / I32ClzAcc, I32Ctz / I32CtzAcc, I32Popcnt / I32PopcntAcc,
        I64Eqz / I64EqzAcc, I64Clz / I64ClzAcc, I64Ctz / I64CtzAcc, I64Popcnt / I64PopcntAcc,
        F32Abs / F32AbsAcc, F32Neg / F32NegAcc, F32Ceil / F32CeilAcc, F32Floor / F32FloorAcc,
        F32Trunc / F32TruncAcc, F32Nearest / F32NearestAcc, F32Sqrt / F32SqrtAcc,
        F64Abs / F64AbsAcc, F64Neg / F64NegAcc, F64Ceil / F64CeilAcc, F64Floor / F64FloorAcc,
        F64Trunc / F64TruncAcc, F64Nearest / F64NearestAcc, F64Sqrt / F64SqrtAcc,
        I32WrapI64 / I32WrapI64Acc, I32TruncF32S / I32TruncF32SAcc,
        I32TruncF32U / I32TruncF32UAcc, I32TruncF64S / I32TruncF64SAcc,
        I32TruncF64U / I32TruncF64UAcc, I64ExtendI32S / I64ExtendI32SAcc,
        I64ExtendI32U / I64ExtendI32UAcc, I64TruncF32S / I64TruncF32SAcc,
        I64TruncF32U / I64TruncF32UAcc, I64TruncF64S / I64TruncF64SAcc,
        I64TruncF64U / I64TruncF64UAcc, F32ConvertI32S / F32ConvertI32SAcc,
        F32ConvertI32U / F32ConvertI32UAcc, F32ConvertI64S / F32ConvertI64SAcc,
        F32ConvertI64U / F32ConvertI64UAcc, F32DemoteF64 / F32DemoteF64Acc,
        F64ConvertI32S / F64ConvertI32SAcc, F64ConvertI32U / F64ConvertI32UAcc,
        F64ConvertI64S / F64ConvertI64SAcc, F64ConvertI64U / F64ConvertI64UAcc,
        F64PromoteF32 / F64PromoteF32Acc, I32Extend8S / I32Extend8SAcc,
        I32Extend16S / I32Extend16SAcc, I64Extend8S / I64Extend8SAcc,
        I64Extend16S / I64Extend16SAcc, I64Extend32S / I64Extend32SAcc,
        I32TruncSatF32S / I32TruncSatF32SAcc, I32TruncSatF32U / I32TruncSatF32UAcc,
        I32TruncSatF64S / I32TruncSatF64SAcc, I32TruncSatF64U / I32TruncSatF64UAcc,
        I64TruncSatF32S / I64TruncSatF32SAcc, I64TruncSatF32U / I64TruncSatF32UAcc,
        I64TruncSatF64S / I64TruncSatF64SAcc, I64TruncSatF64U / I64TruncSatF64UAcc,
    ],
    binary: [
        I32Eq / I32EqAcc, I32Ne / I32NeAcc, I32LtS / I32LtSAcc, I32LtU / I32LtUAcc,
        I32GtS / I32GtSAcc, I32GtU / I32GtUAcc, I32LeS / I32LeSAcc, I32LeU / I32LeUAcc,
        I32GeS / I32GeSAcc, I32GeU / I32GeUAcc, I64Eq / I64EqAcc, I64Ne / I64NeAcc,
        I64LtS / I64LtSAcc, I64LtU / I64LtUAcc, I64GtS / I64GtSAcc, I64GtU / I64GtUAcc,
        I64LeS / I64LeSAcc, I64LeU / I64LeUAcc, I64GeS / I64GeSAcc, I64GeU / I64GeUAcc,
        F32Eq / F32EqAcc, F32Ne / F32NeAcc, F32Lt / F32LtAcc, F32Gt / F32GtAcc,
        F32Le / F32LeAcc, F32Ge / F32GeAcc, F64Eq / F64EqAcc, F64Ne / F64NeAcc,
        F64Lt / F64LtAcc, F64Gt / F64GtAcc, F64Le / F64LeAcc, F64Ge / F64GeAcc,
        I32Add / I32AddAcc, I32Sub / I32SubAcc, I32Mul / I32MulAcc, I32DivS / I32DivSAcc,
        I32DivU / I32DivUAcc, I32RemS / I32RemSAcc, I32RemU / I32RemUAcc, I32And / I32AndAcc,
        I32Or / I32OrAcc, I32Xor / I32XorAcc, I32Shl / I32ShlAcc, I32ShrS / I32ShrSAcc,
        I32ShrU / I32ShrUAcc, I32Rotl / I32RotlAcc, I32Rotr / I32RotrAcc, I64Add / I64AddAcc,
        I64Sub / I64SubAcc, I64Mul / I64MulAcc, I64DivS / I64DivSAcc, I64DivU / I64DivUAcc,
        I64RemS / I64RemSAcc, I64RemU / I64RemUAcc, I64And / I64AndAcc, I64Or / I64OrAcc,
        I64Xor / I64XorAcc, I64Shl / I64ShlAcc, I64ShrS / I64ShrSAcc, I64ShrU / I64ShrUAcc,
        I64Rotl / I64RotlAcc, I64Rotr / I64RotrAcc, F32Add / F32AddAcc, F32Sub / F32SubAcc,
        F32Mul / F32MulAcc, F32Div / F32DivAcc, F32Min / F32MinAcc, F32Max / F32MaxAcc,
        F32Copysign / F32CopysignAcc, F64Add / F64AddAcc, F64Sub / F64SubAcc,
        F64Mul / F64MulAcc, F64Div / F64DivAcc, F64Min / F64MinAcc, F64Max / F64MaxAcc,
        F64Copysign / F64CopysignAcc,
    ],
    binary_imm: [
        I32AddImm / I32AddImmAcc, I32MulImm / I32MulImmAcc, I32AndImm / I32AndImmAcc,
        I32OrImm / I32OrImmAcc, I32XorImm / I32XorImmAcc, I32ShlImm / I32ShlImmAcc,
        I32ShrSImm / I32ShrSImmAcc, I32ShrUImm / I32ShrUImmAcc, I32EqImm / I32EqImmAcc,
        I32NeImm / I32NeImmAcc, I32LtSImm / I32LtSImmAcc, I32LtUImm / I32LtUImmAcc,
        I32GtSImm / I32GtSImmAcc, I32GtUImm / I32GtUImmAcc, I32LeSImm / I32LeSImmAcc,
        I32LeUImm / I32LeUImmAcc, I32GeSImm / I32GeSImmAcc, I32GeUImm / I32GeUImmAcc,
        I32RotlImm / I32RotlImmAcc, I32RotrImm / I32RotrImmAcc, I64AddImm / I64AddImmAcc,
        I64MulImm / I64MulImmAcc, I64AndImm / I64AndImmAcc, I64OrImm / I64OrImmAcc,
        I64XorImm / I64XorImmAcc, I64ShlImm / I64ShlImmAcc, I64ShrSImm / I64ShrSImmAcc,
        I64ShrUImm / I64ShrUImmAcc, I64EqImm / I64EqImmAcc, I64NeImm / I64NeImmAcc,
        I64LtSImm / I64LtSImmAcc, I64LtUImm / I64LtUImmAcc, I64GtSImm / I64GtSImmAcc,
        I64GtUImm / I64GtUImmAcc, I64LeSImm / I64LeSImmAcc, I64LeUImm / I64LeUImmAcc,
        I64GeSImm / I64GeSImmAcc, I64GeUImm / I64GeUImmAcc, I64RotlImm / I64RotlImmAcc,
        I64RotrImm / I64RotrImmAcc,
    ],
    branch_cmp: [
        BrI32Eq / BrI32EqAcc, BrI32Ne / BrI32NeAcc, BrI32LtS / BrI32LtSAcc,
        BrI32LtU / BrI32LtUAcc, BrI32GtS / BrI32GtSAcc, BrI32GtU / BrI32GtUAcc,
        BrI32LeS / BrI32LeSAcc, BrI32LeU / BrI32LeUAcc, BrI32GeS / BrI32GeSAcc,
        BrI32GeU / BrI32GeUAcc, BrI64Eq / BrI64EqAcc, BrI64Ne / BrI64NeAcc,
        BrI64LtS / BrI64LtSAcc, BrI64LtU / BrI64LtUAcc, BrI64GtS / BrI64GtSAcc,
        BrI64GtU / BrI64GtUAcc, BrI64LeS / BrI64LeSAcc, BrI64LeU / BrI64LeUAcc,
        BrI64GeS / BrI64GeSAcc, BrI64GeU / BrI64GeUAcc,
    ],
    branch_cmp_imm: [
        BrI32EqImm / BrI32EqImmAcc, BrI32NeImm / BrI32NeImmAcc, BrI32LtSImm / BrI32LtSImmAcc,
        BrI32LtUImm / BrI32LtUImmAcc, BrI32GtSImm / BrI32GtSImmAcc,
        BrI32GtUImm / BrI32GtUImmAcc, BrI32LeSImm / BrI32LeSImmAcc,
        BrI32LeUImm / BrI32LeUImmAcc, BrI32GeSImm / BrI32GeSImmAcc,
        BrI32GeUImm / BrI32GeUImmAcc, BrI64EqImm / BrI64EqImmAcc, BrI64NeImm / BrI64NeImmAcc,
        BrI64LtSImm / BrI64LtSImmAcc, BrI64LtUImm / BrI64LtUImmAcc,
        BrI64GtSImm / BrI64GtSImmAcc, BrI64GtUImm / BrI64GtUImmAcc,
        BrI64LeSImm / BrI64LeSImmAcc, BrI64LeUImm / BrI64LeUImmAcc,
        BrI64GeSImm / BrI64GeSImmAcc, BrI64GeUImm / BrI64GeUImmAcc,
    ],
    load: [
        I32Load / I32LoadAcc, I64Load / I64LoadAcc, I32Load8S / I32Load8SAcc,
        I32Load8U / I32Load8UAcc, I32Load16S / I32Load16SAcc, I32Load16U / I32Load16UAcc,
        I64Load8S / I64Load8SAcc, I64Load8U / I64Load8UAcc, I64Load16S / I64Load16SAcc,
        I64Load16U / I64Load16UAcc, I64Load32S / I64Load32SAcc, I64Load32U / I64Load32UAcc,
    ],
    store: [
        I32Store / I32StoreAcc, I64Store / I64StoreAcc, I32Store8 / I32Store8Acc,
        I32Store16 / I32Store16Acc, I64Store32 / I64Store32Acc,
    ],
    load_wrap: [
        I32LoadWrap / I32LoadWrapAcc, I64LoadWrap / I64LoadWrapAcc,
        I32Load8SWrap / I32Load8SWrapAcc, I32Load8UWrap / I32Load8UWrapAcc,
        I32Load16SWrap / I32Load16SWrapAcc, I32Load16UWrap / I32Load16UWrapAcc,
        I64Load8SWrap / I64Load8SWrapAcc, I64Load8UWrap / I64Load8UWrapAcc,
        I64Load16SWrap / I64Load16SWrapAcc, I64Load16UWrap / I64Load16UWrapAcc,
        I64Load32SWrap / I64Load32SWrapAcc, I64Load32UWrap / I64Load32UWrapAcc,
    ],
    store_wrap: [I32StoreWrap, I64StoreWrap, I32Store8Wrap, I32Store16Wrap, I64Store32Wrap],
    store_imm: [I32StoreImm, I64StoreImm, I32Store8Imm, I32Store16Imm, I64Store32Imm],
    store_imm_wrap: [
        I32StoreImmWrap, I64StoreImmWrap, I32Store8ImmWrap, I32Store16ImmWrap, I64Store32ImmWrap,
    ],
    commutative: [
        I32Add, I32Mul, I32And, I32Or, I32Xor, I32Eq, I32Ne,
        I64Add, I64Mul, I64And, I64Or, I64Xor, I64Eq, I64Ne,
    ],
}

/// A translated function body.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    /// The code; always ends with `Return` and every branch target is in range.
    pub code: Box<[Instr]>,
    /// Number of parameters (slots `0..num_params`).
    pub num_params: u32,
    /// Number of params plus declared locals (slots `num_params..num_locals` start at zero).
    pub num_locals: u32,
    /// Slots the frame needs: locals, the deepest operand stack, and results.
    pub frame_size: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_are_sixteen_bytes() {
        assert_eq!(size_of::<Instr>(), 16);
    }

    macro_rules! names {
        ($($name:ident),* $(,)?) => {
            [$(stringify!($name)),*]
        };
    }

    /// The handler table is indexed by tag and built from `with_instr_names!`: the list must
    /// name every variant in tag order.
    #[test]
    fn the_name_list_is_in_tag_order() {
        let names = with_instr_names!(names);
        for (tag, name) in names.iter().enumerate() {
            let mut bytes = [0u8; 16];
            bytes[..2].copy_from_slice(&(tag as u16).to_ne_bytes());
            // SAFETY: `Instr` is `repr(u16)` with the tag first; every variant's fields are
            // integers, for which all-zero bytes are valid. `tag` names a variant: the list
            // has exactly one entry per variant (`exec::dispatch` matches it exhaustively at
            // compile time), so its length is the number of variants.
            let instr: Instr = unsafe { core::mem::transmute(bytes) };
            let debug = format!("{instr:?}");
            let shown = debug.split([' ', '{']).next().unwrap_or_default();
            assert_eq!(shown, *name, "tag {tag}");
        }
    }
}
