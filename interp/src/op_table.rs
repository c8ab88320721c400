//! The operation table: one row per numeric, compare and memory operation of the internal
//! code, naming every form the operation takes and the function that computes it
//! (`crate::numeric::ops`).
//!
//! Everything that depends on the set of operations is generated from this table:
//! the `Instr` variants and their helper methods (`crate::instr`), every handler form
//! (`crate::exec::handlers::ops`), the alternative encodings the translation passes pick
//! (immediate form, compare-and-branch form, its inverse, loop step fusion) and the property
//! tests that check the forms agree. Adding a binary operation is one row here plus its
//! function in `numeric::ops`.
//!
//! Row kinds:
//! - `unary`: `Name / NameAcc = f`: `dst = f(src)`, the operand in a slot or the
//!   accumulator.
//! - `binary`: `Name / NameAcc = f, commutative: bool [, imm NameImm / NameImmAcc]`:
//!   `dst = f(lhs, rhs)`; the `Acc` form reads `lhs` from the accumulator (a commutative
//!   operation also takes it for `rhs`, swapping), the `imm` forms take `rhs` as a constant
//!   that fits 32 bits sign-extended.
//! - `compare`: a binary operation on integers whose result is a condition, with its
//!   immediate forms, the operation whose immediate form computes it with swapped operands
//!   (`mirrored`), its compare-and-branch forms (slot, accumulator, immediate, immediate on
//!   the accumulator), the branch taken exactly when this one is not (`inverse`), and
//!   optionally the counted-loop instruction that fuses `x += step` with this branch on `x`
//!   (`step`).
//!   The bit tests `I32AndNez` / `I32AndEqz` (`x & m != 0`, `== 0`) are compare rows too:
//!   translation gives an `i32.and` that only a branch reads their branch forms.
//! - `load`: `Name / NameAcc, wrap NameWrap / NameWrapAcc, indexed NameIndexed,
//!   scaled NameScaled = f(bytes)`: `f` decodes the bytes read at `addr + offset` (`Acc`:
//!   the address is the accumulator) or, in the wrap forms, at the 32-bit address
//!   `base + imm`, or in the indexed form at the 32-bit address `base + index` (two slots),
//!   or in the scaled form at the 32-bit address `base + (index << shift)` (an array
//!   element: the address `I32AddShl` computed just before).
//! - `store`: `Name / NameAcc, wrap ..., imm ..., imm_wrap ..., indexed ... / ... = f(bytes)`:
//!   `f` encodes the value (`Acc`: the value is the accumulator; `imm`: a constant; the
//!   indexed forms store a slot's value or a constant at `base + index`).
//! - `shifted`: `Name / NameAcc = f(g), from Outer of InnerImm`:
//!   `dst = f(lhs, g(src, imm))`, the commutative binary operation `Outer` of a value that
//!   the immediate shift or rotate `InnerImm` computed just before (one dispatch for the
//!   two; `Acc`: `lhs` is the accumulator, `SrcAcc`: `src` is). Hashes are chains of these
//!   (`x ^ rotl(y, k)`), as are scaled indices.
//! - `product`: `Name / NameAccA / NameAccB = f(g), from Outer of Inner, commutative: bool`:
//!   `dst = f(lhs, g(a, b))`, binary operation `Outer` of what `Inner` computed just before
//!   from two slots (a dot product's `sum + x * y`); `AccA` / `AccB`: `a` / `b` is the
//!   accumulator. `commutative` says whether `Outer` may also take the product as its
//!   `lhs`. Slots are 16 bits here (four of them share the instruction), so a frame with
//!   more slots keeps the two instructions.
//! - `rotated`: `Name / NameAcc = g(f), from InnerImm of Op`: `dst = g(f(lhs, rhs), imm)`,
//!   the immediate rotate `InnerImm` of what the commutative `Op` computed just before
//!   (BLAKE2's and ChaCha's `rotr(d ^ a, k)`); `Acc`: one operand is the accumulator.
//! - `paired`: `Name = f, from Imm`: two adjacent in-place instructions of the immediate
//!   form `Imm` in one (`a = f(a, imm_a)`, then `b = f(b, imm_b)`, the accumulator left
//!   holding `b`): loops that step two pointers or a pointer and a counter. 16-bit slots
//!   (in place, so that the handler needs no more registers than the dispatch leaves it).
//! - `converted`: `Name / NameSrcAcc = f(g), from Outer of Conv`: `dst = f(lhs, g(src))`,
//!   binary operation `Outer` with the conversion `Conv` that computed its `rhs` just
//!   before (`1.0 / f64(n)`); `SrcAcc`: `src` is the accumulator.
//! - `stepped`: `Name = f(n) then cmp, from StoreImmIndexed of Step`: a loop body that is
//!   one constant store at `base + x` and the loop step `Step` after it (a compare row's
//!   `step` form on `x`): `f(base + x, value)`, then the step's `x += step` and its jump if
//!   `cmp(x, bound)`, run from the step's own fields without dispatching it (so the store
//!   needs only its own fields, and the step stays for jumps that land on it): a sieve's or
//!   a fill's stride loop in one dispatch.
//! - `moved`: `Name = f(n) of g(m), from Store of Load`: the store `Store` of what the load
//!   `Load` read just before into a fresh temp that only the store reads (a copy from memory
//!   to memory: `g` decodes the bytes at `src + src_offset`, `f` encodes them for
//!   `dst + dst_offset`); 16-bit address slots.
//! - `counted`: `Nez / Slot / Imm / Two / Other = add then cmp`: a counted loop's step
//!   `x = add(x, imm)` (i32) and back edge in one instruction, jumping to `target` if
//!   `cmp(x, 0)` (`Nez`), `cmp(x, bound)` with the bound in a slot (`Slot`) or an
//!   immediate (`Imm`); `Two` steps a pointer first (`a = add(a, imm_a)`, then the `Slot`
//!   form's step and test); `Other` steps `x` and tests two other slots. Translation
//!   (`translate::jump_threading`) fuses them from an in-place `I32AddImm` and the branch
//!   after it; the fields pack 16-bit slots and immediates (see each form's doc).
//! - `tested`: `NameBrNez / NameBrEqz, indexed ... / ..., scaled ... / ... = f(n), from Load /
//!   LoadIndexed / LoadScaled`: an i32 load (plain, indexed or scaled form, the same fields)
//!   followed by `BrIfNezAcc` / `BrIfEqzAcc`, the zero test of the value it loaded: the load,
//!   then that branch run from its own fields without dispatching it (it stays in place,
//!   for jumps that land on it): a scan's or a sieve's "is this byte set" in one dispatch.
//! - `doubled`: `NamePair = f(n), from Load`: two adjacent loads of the plain form `Load`
//!   (a struct's fields, two bytes to compare): the first, then the second run from its own
//!   fields without dispatching it (it stays in place, for jumps that land on it, and is
//!   dispatched when its access misses linear memory).

/// Calls macro `$m` with a literal `$` (for macros that define macros), the tokens after
/// `$m`, then the operation table.
macro_rules! with_op_table {
    ($d:tt $m:ident $($extra:tt)*) => {
        $m! {
            $d $($extra)*
        unary: [
            I32Eqz / I32EqzAcc = i32_eqz;
            I32Clz / I32ClzAcc = i32_clz;
            I32Ctz / I32CtzAcc = i32_ctz;
            I32Popcnt / I32PopcntAcc = i32_popcnt;
            I64Eqz / I64EqzAcc = i64_eqz;
            I64Clz / I64ClzAcc = i64_clz;
            I64Ctz / I64CtzAcc = i64_ctz;
            I64Popcnt / I64PopcntAcc = i64_popcnt;
            F32Abs / F32AbsAcc = f32_abs;
            F32Neg / F32NegAcc = f32_neg;
            F32Ceil / F32CeilAcc = f32_ceil;
            F32Floor / F32FloorAcc = f32_floor;
            F32Trunc / F32TruncAcc = f32_trunc;
            F32Nearest / F32NearestAcc = f32_nearest;
            F32Sqrt / F32SqrtAcc = f32_sqrt;
            F64Abs / F64AbsAcc = f64_abs;
            F64Neg / F64NegAcc = f64_neg;
            F64Ceil / F64CeilAcc = f64_ceil;
            F64Floor / F64FloorAcc = f64_floor;
            F64Trunc / F64TruncAcc = f64_trunc;
            F64Nearest / F64NearestAcc = f64_nearest;
            F64Sqrt / F64SqrtAcc = f64_sqrt;
            I32WrapI64 / I32WrapI64Acc = i32_wrap_i64;
            I32TruncF32S / I32TruncF32SAcc = i32_trunc_f32_s;
            I32TruncF32U / I32TruncF32UAcc = i32_trunc_f32_u;
            I32TruncF64S / I32TruncF64SAcc = i32_trunc_f64_s;
            I32TruncF64U / I32TruncF64UAcc = i32_trunc_f64_u;
            I64ExtendI32S / I64ExtendI32SAcc = i64_extend_i32_s;
            I64ExtendI32U / I64ExtendI32UAcc = i64_extend_i32_u;
            I64TruncF32S / I64TruncF32SAcc = i64_trunc_f32_s;
            I64TruncF32U / I64TruncF32UAcc = i64_trunc_f32_u;
            I64TruncF64S / I64TruncF64SAcc = i64_trunc_f64_s;
            I64TruncF64U / I64TruncF64UAcc = i64_trunc_f64_u;
            F32ConvertI32S / F32ConvertI32SAcc = f32_convert_i32_s;
            F32ConvertI32U / F32ConvertI32UAcc = f32_convert_i32_u;
            F32ConvertI64S / F32ConvertI64SAcc = f32_convert_i64_s;
            F32ConvertI64U / F32ConvertI64UAcc = f32_convert_i64_u;
            F32DemoteF64 / F32DemoteF64Acc = f32_demote_f64;
            F64ConvertI32S / F64ConvertI32SAcc = f64_convert_i32_s;
            F64ConvertI32U / F64ConvertI32UAcc = f64_convert_i32_u;
            F64ConvertI64S / F64ConvertI64SAcc = f64_convert_i64_s;
            F64ConvertI64U / F64ConvertI64UAcc = f64_convert_i64_u;
            F64PromoteF32 / F64PromoteF32Acc = f64_promote_f32;
            I32Extend8S / I32Extend8SAcc = i32_extend8_s;
            I32Extend16S / I32Extend16SAcc = i32_extend16_s;
            I64Extend8S / I64Extend8SAcc = i64_extend8_s;
            I64Extend16S / I64Extend16SAcc = i64_extend16_s;
            I64Extend32S / I64Extend32SAcc = i64_extend32_s;
            I32TruncSatF32S / I32TruncSatF32SAcc = i32_trunc_sat_f32_s;
            I32TruncSatF32U / I32TruncSatF32UAcc = i32_trunc_sat_f32_u;
            I32TruncSatF64S / I32TruncSatF64SAcc = i32_trunc_sat_f64_s;
            I32TruncSatF64U / I32TruncSatF64UAcc = i32_trunc_sat_f64_u;
            I64TruncSatF32S / I64TruncSatF32SAcc = i64_trunc_sat_f32_s;
            I64TruncSatF32U / I64TruncSatF32UAcc = i64_trunc_sat_f32_u;
            I64TruncSatF64S / I64TruncSatF64SAcc = i64_trunc_sat_f64_s;
            I64TruncSatF64U / I64TruncSatF64UAcc = i64_trunc_sat_f64_u;
        ],
        binary: [
            F32Eq / F32EqAcc = f32_eq, commutative: false;
            F32Ne / F32NeAcc = f32_ne, commutative: false;
            F32Lt / F32LtAcc = f32_lt, commutative: false;
            F32Gt / F32GtAcc = f32_gt, commutative: false;
            F32Le / F32LeAcc = f32_le, commutative: false;
            F32Ge / F32GeAcc = f32_ge, commutative: false;
            F64Eq / F64EqAcc = f64_eq, commutative: false;
            F64Ne / F64NeAcc = f64_ne, commutative: false;
            F64Lt / F64LtAcc = f64_lt, commutative: false;
            F64Gt / F64GtAcc = f64_gt, commutative: false;
            F64Le / F64LeAcc = f64_le, commutative: false;
            F64Ge / F64GeAcc = f64_ge, commutative: false;
            I32Add / I32AddAcc = i32_add, commutative: true, imm I32AddImm / I32AddImmAcc;
            I32Sub / I32SubAcc = i32_sub, commutative: false;
            I32Mul / I32MulAcc = i32_mul, commutative: true, imm I32MulImm / I32MulImmAcc;
            I32DivS / I32DivSAcc = i32_div_s, commutative: false;
            I32DivU / I32DivUAcc = i32_div_u, commutative: false;
            I32RemS / I32RemSAcc = i32_rem_s, commutative: false;
            I32RemU / I32RemUAcc = i32_rem_u, commutative: false;
            I32And / I32AndAcc = i32_and, commutative: true, imm I32AndImm / I32AndImmAcc;
            I32Or / I32OrAcc = i32_or, commutative: true, imm I32OrImm / I32OrImmAcc;
            I32Xor / I32XorAcc = i32_xor, commutative: true, imm I32XorImm / I32XorImmAcc;
            I32Shl / I32ShlAcc = i32_shl, commutative: false, imm I32ShlImm / I32ShlImmAcc;
            I32ShrS / I32ShrSAcc = i32_shr_s, commutative: false, imm I32ShrSImm / I32ShrSImmAcc;
            I32ShrU / I32ShrUAcc = i32_shr_u, commutative: false, imm I32ShrUImm / I32ShrUImmAcc;
            I32Rotl / I32RotlAcc = i32_rotl, commutative: false, imm I32RotlImm / I32RotlImmAcc;
            I32Rotr / I32RotrAcc = i32_rotr, commutative: false, imm I32RotrImm / I32RotrImmAcc;
            I64Add / I64AddAcc = i64_add, commutative: true, imm I64AddImm / I64AddImmAcc;
            I64Sub / I64SubAcc = i64_sub, commutative: false;
            I64Mul / I64MulAcc = i64_mul, commutative: true, imm I64MulImm / I64MulImmAcc;
            I64DivS / I64DivSAcc = i64_div_s, commutative: false;
            I64DivU / I64DivUAcc = i64_div_u, commutative: false;
            I64RemS / I64RemSAcc = i64_rem_s, commutative: false;
            I64RemU / I64RemUAcc = i64_rem_u, commutative: false;
            I64And / I64AndAcc = i64_and, commutative: true, imm I64AndImm / I64AndImmAcc;
            I64Or / I64OrAcc = i64_or, commutative: true, imm I64OrImm / I64OrImmAcc;
            I64Xor / I64XorAcc = i64_xor, commutative: true, imm I64XorImm / I64XorImmAcc;
            I64Shl / I64ShlAcc = i64_shl, commutative: false, imm I64ShlImm / I64ShlImmAcc;
            I64ShrS / I64ShrSAcc = i64_shr_s, commutative: false, imm I64ShrSImm / I64ShrSImmAcc;
            I64ShrU / I64ShrUAcc = i64_shr_u, commutative: false, imm I64ShrUImm / I64ShrUImmAcc;
            I64Rotl / I64RotlAcc = i64_rotl, commutative: false, imm I64RotlImm / I64RotlImmAcc;
            I64Rotr / I64RotrAcc = i64_rotr, commutative: false, imm I64RotrImm / I64RotrImmAcc;
            F32Add / F32AddAcc = f32_add, commutative: false;
            F32Sub / F32SubAcc = f32_sub, commutative: false;
            F32Mul / F32MulAcc = f32_mul, commutative: false;
            F32Div / F32DivAcc = f32_div, commutative: false;
            F32Min / F32MinAcc = f32_min, commutative: false;
            F32Max / F32MaxAcc = f32_max, commutative: false;
            F32Copysign / F32CopysignAcc = f32_copysign, commutative: false;
            F64Add / F64AddAcc = f64_add, commutative: false;
            F64Sub / F64SubAcc = f64_sub, commutative: false;
            F64Mul / F64MulAcc = f64_mul, commutative: false;
            F64Div / F64DivAcc = f64_div, commutative: false;
            F64Min / F64MinAcc = f64_min, commutative: false;
            F64Max / F64MaxAcc = f64_max, commutative: false;
            F64Copysign / F64CopysignAcc = f64_copysign, commutative: false;
        ],
        compare: [
            I32Eq / I32EqAcc = i32_eq, commutative: true,
                imm I32EqImm / I32EqImmAcc mirrored I32EqImm,
                branch BrI32Eq / BrI32EqAcc, BrI32EqImm / BrI32EqImmAcc,
                inverse BrI32Ne / BrI32NeImm;
            I32Ne / I32NeAcc = i32_ne, commutative: true,
                imm I32NeImm / I32NeImmAcc mirrored I32NeImm,
                branch BrI32Ne / BrI32NeAcc, BrI32NeImm / BrI32NeImmAcc,
                inverse BrI32Eq / BrI32EqImm, step I32AddBrNe;
            I32AndNez / I32AndNezAcc = i32_and_nez, commutative: true,
                imm I32AndNezImm / I32AndNezImmAcc mirrored I32AndNezImm,
                branch BrI32AndNez / BrI32AndNezAcc, BrI32AndNezImm / BrI32AndNezImmAcc,
                inverse BrI32AndEqz / BrI32AndEqzImm;
            I32AndEqz / I32AndEqzAcc = i32_and_eqz, commutative: true,
                imm I32AndEqzImm / I32AndEqzImmAcc mirrored I32AndEqzImm,
                branch BrI32AndEqz / BrI32AndEqzAcc, BrI32AndEqzImm / BrI32AndEqzImmAcc,
                inverse BrI32AndNez / BrI32AndNezImm;
            I32LtS / I32LtSAcc = i32_lt_s, commutative: false,
                imm I32LtSImm / I32LtSImmAcc mirrored I32GtSImm,
                branch BrI32LtS / BrI32LtSAcc, BrI32LtSImm / BrI32LtSImmAcc,
                inverse BrI32GeS / BrI32GeSImm, step I32AddBrLtS;
            I32LtU / I32LtUAcc = i32_lt_u, commutative: false,
                imm I32LtUImm / I32LtUImmAcc mirrored I32GtUImm,
                branch BrI32LtU / BrI32LtUAcc, BrI32LtUImm / BrI32LtUImmAcc,
                inverse BrI32GeU / BrI32GeUImm, step I32AddBrLtU;
            I32GtS / I32GtSAcc = i32_gt_s, commutative: false,
                imm I32GtSImm / I32GtSImmAcc mirrored I32LtSImm,
                branch BrI32GtS / BrI32GtSAcc, BrI32GtSImm / BrI32GtSImmAcc,
                inverse BrI32LeS / BrI32LeSImm;
            I32GtU / I32GtUAcc = i32_gt_u, commutative: false,
                imm I32GtUImm / I32GtUImmAcc mirrored I32LtUImm,
                branch BrI32GtU / BrI32GtUAcc, BrI32GtUImm / BrI32GtUImmAcc,
                inverse BrI32LeU / BrI32LeUImm;
            I32LeS / I32LeSAcc = i32_le_s, commutative: false,
                imm I32LeSImm / I32LeSImmAcc mirrored I32GeSImm,
                branch BrI32LeS / BrI32LeSAcc, BrI32LeSImm / BrI32LeSImmAcc,
                inverse BrI32GtS / BrI32GtSImm;
            I32LeU / I32LeUAcc = i32_le_u, commutative: false,
                imm I32LeUImm / I32LeUImmAcc mirrored I32GeUImm,
                branch BrI32LeU / BrI32LeUAcc, BrI32LeUImm / BrI32LeUImmAcc,
                inverse BrI32GtU / BrI32GtUImm;
            I32GeS / I32GeSAcc = i32_ge_s, commutative: false,
                imm I32GeSImm / I32GeSImmAcc mirrored I32LeSImm,
                branch BrI32GeS / BrI32GeSAcc, BrI32GeSImm / BrI32GeSImmAcc,
                inverse BrI32LtS / BrI32LtSImm;
            I32GeU / I32GeUAcc = i32_ge_u, commutative: false,
                imm I32GeUImm / I32GeUImmAcc mirrored I32LeUImm,
                branch BrI32GeU / BrI32GeUAcc, BrI32GeUImm / BrI32GeUImmAcc,
                inverse BrI32LtU / BrI32LtUImm;
            I64Eq / I64EqAcc = i64_eq, commutative: true,
                imm I64EqImm / I64EqImmAcc mirrored I64EqImm,
                branch BrI64Eq / BrI64EqAcc, BrI64EqImm / BrI64EqImmAcc,
                inverse BrI64Ne / BrI64NeImm;
            I64Ne / I64NeAcc = i64_ne, commutative: true,
                imm I64NeImm / I64NeImmAcc mirrored I64NeImm,
                branch BrI64Ne / BrI64NeAcc, BrI64NeImm / BrI64NeImmAcc,
                inverse BrI64Eq / BrI64EqImm;
            I64LtS / I64LtSAcc = i64_lt_s, commutative: false,
                imm I64LtSImm / I64LtSImmAcc mirrored I64GtSImm,
                branch BrI64LtS / BrI64LtSAcc, BrI64LtSImm / BrI64LtSImmAcc,
                inverse BrI64GeS / BrI64GeSImm;
            I64LtU / I64LtUAcc = i64_lt_u, commutative: false,
                imm I64LtUImm / I64LtUImmAcc mirrored I64GtUImm,
                branch BrI64LtU / BrI64LtUAcc, BrI64LtUImm / BrI64LtUImmAcc,
                inverse BrI64GeU / BrI64GeUImm;
            I64GtS / I64GtSAcc = i64_gt_s, commutative: false,
                imm I64GtSImm / I64GtSImmAcc mirrored I64LtSImm,
                branch BrI64GtS / BrI64GtSAcc, BrI64GtSImm / BrI64GtSImmAcc,
                inverse BrI64LeS / BrI64LeSImm;
            I64GtU / I64GtUAcc = i64_gt_u, commutative: false,
                imm I64GtUImm / I64GtUImmAcc mirrored I64LtUImm,
                branch BrI64GtU / BrI64GtUAcc, BrI64GtUImm / BrI64GtUImmAcc,
                inverse BrI64LeU / BrI64LeUImm;
            I64LeS / I64LeSAcc = i64_le_s, commutative: false,
                imm I64LeSImm / I64LeSImmAcc mirrored I64GeSImm,
                branch BrI64LeS / BrI64LeSAcc, BrI64LeSImm / BrI64LeSImmAcc,
                inverse BrI64GtS / BrI64GtSImm;
            I64LeU / I64LeUAcc = i64_le_u, commutative: false,
                imm I64LeUImm / I64LeUImmAcc mirrored I64GeUImm,
                branch BrI64LeU / BrI64LeUAcc, BrI64LeUImm / BrI64LeUImmAcc,
                inverse BrI64GtU / BrI64GtUImm;
            I64GeS / I64GeSAcc = i64_ge_s, commutative: false,
                imm I64GeSImm / I64GeSImmAcc mirrored I64LeSImm,
                branch BrI64GeS / BrI64GeSAcc, BrI64GeSImm / BrI64GeSImmAcc,
                inverse BrI64LtS / BrI64LtSImm;
            I64GeU / I64GeUAcc = i64_ge_u, commutative: false,
                imm I64GeUImm / I64GeUImmAcc mirrored I64LeUImm,
                branch BrI64GeU / BrI64GeUAcc, BrI64GeUImm / BrI64GeUImmAcc,
                inverse BrI64LtU / BrI64LtUImm;
        ],
        load: [
            I32Load / I32LoadAcc, wrap I32LoadWrap / I32LoadWrapAcc, indexed I32LoadIndexed, scaled I32LoadScaled = i32_load(4);
            I64Load / I64LoadAcc, wrap I64LoadWrap / I64LoadWrapAcc, indexed I64LoadIndexed, scaled I64LoadScaled = i64_load(8);
            I32Load8S / I32Load8SAcc, wrap I32Load8SWrap / I32Load8SWrapAcc, indexed I32Load8SIndexed, scaled I32Load8SScaled = i32_load8_s(1);
            I32Load8U / I32Load8UAcc, wrap I32Load8UWrap / I32Load8UWrapAcc, indexed I32Load8UIndexed, scaled I32Load8UScaled = i32_load8_u(1);
            I32Load16S / I32Load16SAcc, wrap I32Load16SWrap / I32Load16SWrapAcc, indexed I32Load16SIndexed, scaled I32Load16SScaled = i32_load16_s(2);
            I32Load16U / I32Load16UAcc, wrap I32Load16UWrap / I32Load16UWrapAcc, indexed I32Load16UIndexed, scaled I32Load16UScaled = i32_load16_u(2);
            I64Load8S / I64Load8SAcc, wrap I64Load8SWrap / I64Load8SWrapAcc, indexed I64Load8SIndexed, scaled I64Load8SScaled = i64_load8_s(1);
            I64Load8U / I64Load8UAcc, wrap I64Load8UWrap / I64Load8UWrapAcc, indexed I64Load8UIndexed, scaled I64Load8UScaled = i64_load8_u(1);
            I64Load16S / I64Load16SAcc, wrap I64Load16SWrap / I64Load16SWrapAcc, indexed I64Load16SIndexed, scaled I64Load16SScaled = i64_load16_s(2);
            I64Load16U / I64Load16UAcc, wrap I64Load16UWrap / I64Load16UWrapAcc, indexed I64Load16UIndexed, scaled I64Load16UScaled = i64_load16_u(2);
            I64Load32S / I64Load32SAcc, wrap I64Load32SWrap / I64Load32SWrapAcc, indexed I64Load32SIndexed, scaled I64Load32SScaled = i64_load32_s(4);
            I64Load32U / I64Load32UAcc, wrap I64Load32UWrap / I64Load32UWrapAcc, indexed I64Load32UIndexed, scaled I64Load32UScaled = i64_load32_u(4);
        ],
        store: [
            I32Store / I32StoreAcc, wrap I32StoreWrap, imm I32StoreImm, imm_wrap I32StoreImmWrap, indexed I32StoreIndexed / I32StoreImmIndexed = i32_store(4);
            I64Store / I64StoreAcc, wrap I64StoreWrap, imm I64StoreImm, imm_wrap I64StoreImmWrap, indexed I64StoreIndexed / I64StoreImmIndexed = i64_store(8);
            I32Store8 / I32Store8Acc, wrap I32Store8Wrap, imm I32Store8Imm, imm_wrap I32Store8ImmWrap, indexed I32Store8Indexed / I32Store8ImmIndexed = i32_store8(1);
            I32Store16 / I32Store16Acc, wrap I32Store16Wrap, imm I32Store16Imm, imm_wrap I32Store16ImmWrap, indexed I32Store16Indexed / I32Store16ImmIndexed = i32_store16(2);
            I64Store32 / I64Store32Acc, wrap I64Store32Wrap, imm I64Store32Imm, imm_wrap I64Store32ImmWrap, indexed I64Store32Indexed / I64Store32ImmIndexed = i64_store32(4);
        ],
        shifted: [
            I32XorRotl / I32XorRotlAcc / I32XorRotlSrcAcc = i32_xor(i32_rotl), from I32Xor of I32RotlImm;
            I32XorRotr / I32XorRotrAcc / I32XorRotrSrcAcc = i32_xor(i32_rotr), from I32Xor of I32RotrImm;
            I32XorShl / I32XorShlAcc / I32XorShlSrcAcc = i32_xor(i32_shl), from I32Xor of I32ShlImm;
            I32XorShrU / I32XorShrUAcc / I32XorShrUSrcAcc = i32_xor(i32_shr_u), from I32Xor of I32ShrUImm;
            I32OrRotl / I32OrRotlAcc / I32OrRotlSrcAcc = i32_or(i32_rotl), from I32Or of I32RotlImm;
            I32OrRotr / I32OrRotrAcc / I32OrRotrSrcAcc = i32_or(i32_rotr), from I32Or of I32RotrImm;
            I32OrShl / I32OrShlAcc / I32OrShlSrcAcc = i32_or(i32_shl), from I32Or of I32ShlImm;
            I32OrShrU / I32OrShrUAcc / I32OrShrUSrcAcc = i32_or(i32_shr_u), from I32Or of I32ShrUImm;
            I32AddRotl / I32AddRotlAcc / I32AddRotlSrcAcc = i32_add(i32_rotl), from I32Add of I32RotlImm;
            I32AddRotr / I32AddRotrAcc / I32AddRotrSrcAcc = i32_add(i32_rotr), from I32Add of I32RotrImm;
            I32AddShl / I32AddShlAcc / I32AddShlSrcAcc = i32_add(i32_shl), from I32Add of I32ShlImm;
            I32AddShrU / I32AddShrUAcc / I32AddShrUSrcAcc = i32_add(i32_shr_u), from I32Add of I32ShrUImm;
            I64XorRotl / I64XorRotlAcc / I64XorRotlSrcAcc = i64_xor(i64_rotl), from I64Xor of I64RotlImm;
            I64XorRotr / I64XorRotrAcc / I64XorRotrSrcAcc = i64_xor(i64_rotr), from I64Xor of I64RotrImm;
            I64XorShl / I64XorShlAcc / I64XorShlSrcAcc = i64_xor(i64_shl), from I64Xor of I64ShlImm;
            I64XorShrU / I64XorShrUAcc / I64XorShrUSrcAcc = i64_xor(i64_shr_u), from I64Xor of I64ShrUImm;
            I64OrRotl / I64OrRotlAcc / I64OrRotlSrcAcc = i64_or(i64_rotl), from I64Or of I64RotlImm;
            I64OrRotr / I64OrRotrAcc / I64OrRotrSrcAcc = i64_or(i64_rotr), from I64Or of I64RotrImm;
            I64OrShl / I64OrShlAcc / I64OrShlSrcAcc = i64_or(i64_shl), from I64Or of I64ShlImm;
            I64OrShrU / I64OrShrUAcc / I64OrShrUSrcAcc = i64_or(i64_shr_u), from I64Or of I64ShrUImm;
            I64AddRotl / I64AddRotlAcc / I64AddRotlSrcAcc = i64_add(i64_rotl), from I64Add of I64RotlImm;
            I64AddRotr / I64AddRotrAcc / I64AddRotrSrcAcc = i64_add(i64_rotr), from I64Add of I64RotrImm;
            I64AddShl / I64AddShlAcc / I64AddShlSrcAcc = i64_add(i64_shl), from I64Add of I64ShlImm;
            I64AddShrU / I64AddShrUAcc / I64AddShrUSrcAcc = i64_add(i64_shr_u), from I64Add of I64ShrUImm;
        ],
        product: [
            F64AddMul / F64AddMulAccA / F64AddMulAccB = f64_add(f64_mul), from F64Add of F64Mul, commutative: false;
            F64SubMul / F64SubMulAccA / F64SubMulAccB = f64_sub(f64_mul), from F64Sub of F64Mul, commutative: false;
            F32AddMul / F32AddMulAccA / F32AddMulAccB = f32_add(f32_mul), from F32Add of F32Mul, commutative: false;
            F32SubMul / F32SubMulAccA / F32SubMulAccB = f32_sub(f32_mul), from F32Sub of F32Mul, commutative: false;
            I32AddMul / I32AddMulAccA / I32AddMulAccB = i32_add(i32_mul), from I32Add of I32Mul, commutative: true;
            I64AddMul / I64AddMulAccA / I64AddMulAccB = i64_add(i64_mul), from I64Add of I64Mul, commutative: true;
        ],
        rotated: [
            I32RotlXor / I32RotlXorAcc = i32_rotl(i32_xor), from I32RotlImm of I32Xor;
            I32RotrXor / I32RotrXorAcc = i32_rotr(i32_xor), from I32RotrImm of I32Xor;
            I64RotlXor / I64RotlXorAcc = i64_rotl(i64_xor), from I64RotlImm of I64Xor;
            I64RotrXor / I64RotrXorAcc = i64_rotr(i64_xor), from I64RotrImm of I64Xor;
        ],
        paired: [
            I32AddImm2 = i32_add, from I32AddImm;
        ],
        converted: [
            F64DivConvertI32U / F64DivConvertI32USrcAcc = f64_div(f64_convert_i32_u), from F64Div of F64ConvertI32U;
            F64DivConvertI32S / F64DivConvertI32SSrcAcc = f64_div(f64_convert_i32_s), from F64Div of F64ConvertI32S;
            F64MulConvertI32U / F64MulConvertI32USrcAcc = f64_mul(f64_convert_i32_u), from F64Mul of F64ConvertI32U;
            F64MulConvertI32S / F64MulConvertI32SSrcAcc = f64_mul(f64_convert_i32_s), from F64Mul of F64ConvertI32S;
        ],
        stepped: [
            I32Store8StepBrLtU = i32_store8(1) then i32_lt_u, from I32Store8ImmIndexed of I32AddBrLtU;
        ],
        moved: [
            I64Move = i64_store(8) of i64_load(8), from I64Store of I64Load;
            I32Move = i32_store(4) of i32_load(4), from I32Store of I32Load;
            I32Move8 = i32_store8(1) of i32_load8_u(1), from I32Store8 of I32Load8U;
        ],
        counted: [
            I32AddImmBrNez / I32AddImmBrNe / I32AddImmBrNeImm / I32AddImm2BrNe / I32AddImmBrI32Ne = i32_add then i32_ne;
        ],
        tested: [
            I32LoadBrNez / I32LoadBrEqz, indexed I32LoadIndexedBrNez / I32LoadIndexedBrEqz, scaled I32LoadScaledBrNez / I32LoadScaledBrEqz = i32_load(4), from I32Load / I32LoadIndexed / I32LoadScaled;
            I32Load8SBrNez / I32Load8SBrEqz, indexed I32Load8SIndexedBrNez / I32Load8SIndexedBrEqz, scaled I32Load8SScaledBrNez / I32Load8SScaledBrEqz = i32_load8_s(1), from I32Load8S / I32Load8SIndexed / I32Load8SScaled;
            I32Load8UBrNez / I32Load8UBrEqz, indexed I32Load8UIndexedBrNez / I32Load8UIndexedBrEqz, scaled I32Load8UScaledBrNez / I32Load8UScaledBrEqz = i32_load8_u(1), from I32Load8U / I32Load8UIndexed / I32Load8UScaled;
            I32Load16SBrNez / I32Load16SBrEqz, indexed I32Load16SIndexedBrNez / I32Load16SIndexedBrEqz, scaled I32Load16SScaledBrNez / I32Load16SScaledBrEqz = i32_load16_s(2), from I32Load16S / I32Load16SIndexed / I32Load16SScaled;
            I32Load16UBrNez / I32Load16UBrEqz, indexed I32Load16UIndexedBrNez / I32Load16UIndexedBrEqz, scaled I32Load16UScaledBrNez / I32Load16UScaledBrEqz = i32_load16_u(2), from I32Load16U / I32Load16UIndexed / I32Load16UScaled;
        ],
        doubled: [
            I32LoadPair = i32_load(4), from I32Load;
            I32Load8SPair = i32_load8_s(1), from I32Load8S;
            I32Load8UPair = i32_load8_u(1), from I32Load8U;
            I32Load16SPair = i32_load16_s(2), from I32Load16S;
            I32Load16UPair = i32_load16_u(2), from I32Load16U;
        ],
        }
    };
}
pub(crate) use with_op_table;
