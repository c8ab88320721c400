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
        unary: [$($un:ident),* $(,)?],
        binary: [$($bin:ident),* $(,)?],
        binary_imm: [$($bimm:ident),* $(,)?],
        branch_cmp: [$($bcmp:ident),* $(,)?],
        branch_cmp_imm: [$($bcmpi:ident),* $(,)?],
        load: [$($load:ident),* $(,)?],
        store: [$($store:ident),* $(,)?],
        load_wrap: [$($loadw:ident),* $(,)?],
        store_wrap: [$($storew:ident),* $(,)?],
        store_imm: [$($storei:ident),* $(,)?],
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

            /// The jump target of a branch instruction.
            pub(crate) fn branch_target_mut(&mut self) -> Option<&mut u32> {
                match self {
                    Instr::Br { target }
                    | Instr::BrIfNez { target, .. }
                    | Instr::BrIfEqz { target, .. }
                    | Instr::CopyBr { target, .. }
                    | Instr::I32AddImmBrNez { target, .. }
                    | Instr::I32AddImmBrNe { target, .. }
                    | Instr::I32AddImmBrNeImm { target, .. } => Some(target),
                    $(Instr::$bcmp { target, .. } => Some(target),)*
                    $(Instr::$bcmpi { target, .. } => Some(target),)*
                    _ => None,
                }
            }
        }
    };
}

define_instrs! {
    $
    unary: [
        I32Eqz, I32Clz, I32Ctz, I32Popcnt, I64Eqz, I64Clz, I64Ctz, I64Popcnt,
        F32Abs, F32Neg, F32Ceil, F32Floor, F32Trunc, F32Nearest, F32Sqrt,
        F64Abs, F64Neg, F64Ceil, F64Floor, F64Trunc, F64Nearest, F64Sqrt,
        I32WrapI64, I32TruncF32S, I32TruncF32U, I32TruncF64S, I32TruncF64U,
        I64ExtendI32S, I64ExtendI32U, I64TruncF32S, I64TruncF32U, I64TruncF64S, I64TruncF64U,
        F32ConvertI32S, F32ConvertI32U, F32ConvertI64S, F32ConvertI64U, F32DemoteF64,
        F64ConvertI32S, F64ConvertI32U, F64ConvertI64S, F64ConvertI64U, F64PromoteF32,
        I32Extend8S, I32Extend16S, I64Extend8S, I64Extend16S, I64Extend32S,
        I32TruncSatF32S, I32TruncSatF32U, I32TruncSatF64S, I32TruncSatF64U,
        I64TruncSatF32S, I64TruncSatF32U, I64TruncSatF64S, I64TruncSatF64U,
    ],
    binary: [
        I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU,
        I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU,
        F32Eq, F32Ne, F32Lt, F32Gt, F32Le, F32Ge, F64Eq, F64Ne, F64Lt, F64Gt, F64Le, F64Ge,
        I32Add, I32Sub, I32Mul, I32DivS, I32DivU, I32RemS, I32RemU, I32And, I32Or, I32Xor,
        I32Shl, I32ShrS, I32ShrU, I32Rotl, I32Rotr,
        I64Add, I64Sub, I64Mul, I64DivS, I64DivU, I64RemS, I64RemU, I64And, I64Or, I64Xor,
        I64Shl, I64ShrS, I64ShrU, I64Rotl, I64Rotr,
        F32Add, F32Sub, F32Mul, F32Div, F32Min, F32Max, F32Copysign,
        F64Add, F64Sub, F64Mul, F64Div, F64Min, F64Max, F64Copysign,
    ],
    binary_imm: [
        I32AddImm, I32MulImm, I32AndImm, I32OrImm, I32XorImm, I32ShlImm, I32ShrSImm, I32ShrUImm,
        I32EqImm, I32NeImm, I32LtSImm, I32LtUImm, I32GtSImm, I32GtUImm, I32LeSImm, I32LeUImm,
        I32GeSImm, I32GeUImm, I32RotlImm, I32RotrImm,
        I64AddImm, I64MulImm, I64AndImm, I64OrImm, I64XorImm, I64ShlImm, I64ShrSImm, I64ShrUImm,
        I64EqImm, I64NeImm, I64LtSImm, I64LtUImm, I64GtSImm, I64GtUImm, I64LeSImm, I64LeUImm,
        I64GeSImm, I64GeUImm, I64RotlImm, I64RotrImm,
    ],
    branch_cmp: [
        BrI32Eq, BrI32Ne, BrI32LtS, BrI32LtU, BrI32GtS, BrI32GtU, BrI32LeS, BrI32LeU, BrI32GeS,
        BrI32GeU, BrI64Eq, BrI64Ne, BrI64LtS, BrI64LtU, BrI64GtS, BrI64GtU, BrI64LeS, BrI64LeU,
        BrI64GeS, BrI64GeU,
    ],
    branch_cmp_imm: [
        BrI32EqImm, BrI32NeImm, BrI32LtSImm, BrI32LtUImm, BrI32GtSImm, BrI32GtUImm, BrI32LeSImm,
        BrI32LeUImm, BrI32GeSImm, BrI32GeUImm, BrI64EqImm, BrI64NeImm, BrI64LtSImm, BrI64LtUImm,
        BrI64GtSImm, BrI64GtUImm, BrI64LeSImm, BrI64LeUImm, BrI64GeSImm, BrI64GeUImm,
    ],
    load: [
        I32Load, I64Load, I32Load8S, I32Load8U, I32Load16S, I32Load16U,
        I64Load8S, I64Load8U, I64Load16S, I64Load16U, I64Load32S, I64Load32U,
    ],
    store: [I32Store, I64Store, I32Store8, I32Store16, I64Store32],
    load_wrap: [
        I32LoadWrap, I64LoadWrap, I32Load8SWrap, I32Load8UWrap, I32Load16SWrap, I32Load16UWrap,
        I64Load8SWrap, I64Load8UWrap, I64Load16SWrap, I64Load16UWrap, I64Load32SWrap,
        I64Load32UWrap,
    ],
    store_wrap: [I32StoreWrap, I64StoreWrap, I32Store8Wrap, I32Store16Wrap, I64Store32Wrap],
    store_imm: [I32StoreImm, I64StoreImm, I32Store8Imm, I32Store16Imm, I64Store32Imm],
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
