//! The internal code: a register machine over frame slots.
//!
//! Every wasm local and every operand-stack position is a fixed slot of the function's
//! frame (slot = number of locals + stack height, known from validation), so instructions
//! name their operand and result slots directly. Branch targets are resolved at translation;
//! in finished code each is stored as the offset (an `i32` in a `u32`) from the branch to
//! its target.

use crate::code_cell::CodeCell;
use crate::fast_callee::FastCallee;

/// A frame slot index.
pub(crate) type Slot = u32;

macro_rules! define_instrs {
    (
        $d:tt
        simd_unary: [$($vun:ident = $vunf:ident;)*],
        simd_binary: [$($vbin:ident = $vbinf:ident;)*],
        simd_ternary: [$($vter:ident = $vterf:ident;)*],
        simd_shift: [$($vsh:ident = $vshf:ident;)*],
        simd_splat: [$($vsplat:ident = $vsplatf:ident;)*],
        simd_test: [$($vtest:ident = $vtestf:ident;)*],
        simd_extract: [$($vext:ident = $vextf:ident;)*],
        simd_replace: [$($vrep:ident = $vrepf:ident;)*],
        simd_load: [$($vload:ident = $vloadf:ident($vloadn:literal);)*],
        simd_store: [$($vstore:ident = $vstoref:ident($vstoren:literal);)*],
        simd_load_lane: [$($vloadl:ident = $vloadlf:ident($vloadln:literal);)*],
        simd_store_lane: [$($vstorel:ident = $vstorelf:ident($vstoreln:literal);)*],
        unary: [$($un:ident / $un_acc:ident = $unf:ident;)*],
        binary: [$(
            $bin:ident / $bin_acc:ident = $binf:ident, commutative: $bin_comm:literal
            $(, imm $bimm:ident / $bimm_acc:ident)?;
        )*],
        compare: [$(
            $cmp:ident / $cmp_acc:ident = $cmpf:ident, commutative: $cmp_comm:literal,
            imm $cmpi:ident / $cmpi_acc:ident mirrored $cmp_mirror:ident,
            branch $bcmp:ident / $bcmp_acc:ident, $bcmpi:ident / $bcmpi_acc:ident,
            inverse $binv:ident / $binvi:ident $(, step $cstep:ident)?;
        )*],
        load: [$(
            $load:ident / $load_acc:ident, wrap $loadw:ident / $loadw_acc:ident,
            indexed $loadx:ident, scaled $loads:ident = $loadf:ident($loadn:literal);
        )*],
        store: [$(
            $store:ident / $store_acc:ident, wrap $storew:ident, imm $storei:ident,
            imm_wrap $storeiw:ident, indexed $storex:ident / $storeix:ident
            = $storef:ident($storen:literal);
        )*],
        shifted: [$(
            $sh:ident / $sh_acc:ident / $sh_src_acc:ident = $shf:ident($shg:ident),
            from $shbin:ident of $shimm:ident;
        )*],
        product: [$(
            $pr:ident / $pr_acc_a:ident / $pr_acc_b:ident = $prf:ident($prg:ident),
            from $prbin:ident of $prinner:ident, commutative: $pr_comm:literal;
        )*],
        rotated: [$(
            $ro:ident / $ro_acc:ident = $rog:ident($rof:ident), from $roimm:ident of $robin:ident;
        )*],
        paired: [$(
            $pa:ident = $paf:ident, from $paimm:ident;
        )*],
        converted: [$(
            $cv:ident / $cv_acc:ident = $cvf:ident($cvg:ident), from $cvbin:ident of $cvun:ident;
        )*],
        stepped: [$(
            $ss:ident = $ssf:ident($ssn:literal) then $sscmp:ident, from $ssstore:ident of $ssbr:ident;
        )*],
        moved: [$(
            $mv:ident = $mvf:ident($mvn:literal) of $mvg:ident($mvm:literal), from $mvstore:ident of $mvload:ident;
        )*],
        counted: [$(
            $cz:ident / $cn:ident / $cni:ident / $c2:ident / $co:ident = $caf:ident then $ccf:ident;
        )*],
        tested: [$(
            $tn:ident / $te:ident, indexed $txn:ident / $txe:ident, scaled $tsn:ident / $tse:ident
            = $tf:ident($tnb:literal), from $tload:ident / $tloadx:ident / $tloads:ident;
        )*],
        doubled: [$(
            $dd:ident = $ddf:ident($ddn:literal), from $ddload:ident;
        )*],
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
            $(
                #[doc = concat!("`slot = ", stringify!($caf), "(slot, imm)`, then a jump to `target` if `", stringify!($ccf), "(slot, 0)`: a counted loop's step and back edge in one dispatch.")]
                $cz { slot: Slot, imm: i32, target: u32 },
                #[doc = concat!("`slot = ", stringify!($caf), "(slot, imm)`, then a jump to `target` if `", stringify!($ccf), "(slot, bound)`, with `slots = slot | bound << 16` (16-bit fields would sit next to the tag, and the compiler then loads them on every dispatch).")]
                $cn { slots: u32, imm: i32, target: u32 },
                #[doc = concat!("`slot = ", stringify!($caf), "(slot, imm)`, then a jump to `target` if `", stringify!($ccf), "(slot, bound)`, with `slot_imm = slot | (imm as i16 as u16) << 16`.")]
                $cni { slot_imm: u32, bound: i32, target: u32 },
                #[doc = concat!("`a = ", stringify!($caf), "(a, imm_a)`, then `x = ", stringify!($caf), "(x, imm_x)` and a jump to `target` if `", stringify!($ccf), "(x, bound)`, with `slots = a | x << 16` and `imms = imm_a as u16 | imm_x << 16`: a loop's pointer step, counter step and back edge in one dispatch.")]
                $c2 { bound: u16, slots: u32, imms: u32, target: u32 },
                #[doc = concat!("`x = ", stringify!($caf), "(x, imm)`, then a jump to `target` if `", stringify!($ccf), "(lhs, rhs)`, with `slots = lhs | rhs << 16`: a step of one loop variable and the back edge that tests others, in one dispatch.")]
                $co { x: u16, slots: u32, imm: i32, target: u32 },
            )*
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
            /// `dst = if cond != 0 { first } else { other }`, for slots below 2^16: a
            /// `select` whose first operand is in a slot of its own (a local) or whose
            /// result `local.set` moves, so that neither takes a `Copy`.
            SelectOf { dst: u16, first: u16, other: u16, cond: u16 },
            /// `SelectOf` with the accumulator as `cond` (a comparison just before).
            SelectOfAcc { dst: u16, first: u16, other: u16 },
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
            /// Threads-proposal operation `op` on memory 0 at `slot[base] + offset`, with its
            /// other operands in the slots after `base` and its result (if any) to `base`.
            Atomic { op: crate::atomics::AtomicOp, base: Slot, offset: u32 },
            $(
                #[doc = concat!("`dst = ", stringify!($unf), "(src)`.")]
                $un { dst: Slot, src: Slot },
                #[doc = concat!("`", stringify!($un), "` of the accumulator.")]
                $un_acc { dst: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($binf), "(lhs, rhs)`.")]
                $bin { dst: Slot, lhs: Slot, rhs: Slot },
                #[doc = concat!("`", stringify!($bin), "` with the accumulator as `lhs`.")]
                $bin_acc { dst: Slot, rhs: Slot },
                $(
                    #[doc = concat!("`dst = ", stringify!($binf), "(lhs, imm)` (imm sign-extended).")]
                    $bimm { dst: Slot, lhs: Slot, imm: i32 },
                    #[doc = concat!("`", stringify!($bimm), "` with the accumulator as `lhs`.")]
                    $bimm_acc { dst: Slot, imm: i32 },
                )?
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($cmpf), "(lhs, rhs)`.")]
                $cmp { dst: Slot, lhs: Slot, rhs: Slot },
                #[doc = concat!("`", stringify!($cmp), "` with the accumulator as `lhs`.")]
                $cmp_acc { dst: Slot, rhs: Slot },
                #[doc = concat!("`dst = ", stringify!($cmpf), "(lhs, imm)` (imm sign-extended).")]
                $cmpi { dst: Slot, lhs: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($cmpi), "` with the accumulator as `lhs`.")]
                $cmpi_acc { dst: Slot, imm: i32 },
                #[doc = concat!("Jumps to `target` if `", stringify!($cmpf), "(lhs, rhs)`.")]
                $bcmp { lhs: Slot, rhs: Slot, target: u32 },
                #[doc = concat!("`", stringify!($bcmp), "` with the accumulator as `lhs`.")]
                $bcmp_acc { rhs: Slot, target: u32 },
                #[doc = concat!("Jumps to `target` if `", stringify!($cmpf), "(lhs, imm)`.")]
                $bcmpi { lhs: Slot, imm: i32, target: u32 },
                #[doc = concat!("`", stringify!($bcmpi), "` with the accumulator as `lhs`.")]
                $bcmpi_acc { imm: i32, target: u32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($loadf), "(addr + offset)`.")]
                $load { dst: Slot, addr: Slot, offset: u32 },
                #[doc = concat!("`", stringify!($load), "` with the accumulator as `addr`.")]
                $load_acc { dst: Slot, offset: u32 },
                #[doc = concat!("`dst = ", stringify!($loadf), "` at the 32-bit address `base + imm` (wrapping, as `i32.add` does; memory32 only).")]
                $loadw { dst: Slot, base: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($loadw), "` with the accumulator as `base`.")]
                $loadw_acc { dst: Slot, imm: i32 },
                #[doc = concat!("`dst = ", stringify!($loadf), "` at the 32-bit address `base + index` (wrapping, as `i32.add` does; memory32 only).")]
                $loadx { dst: Slot, base: Slot, index: Slot },
                #[doc = concat!("`dst = ", stringify!($loadf), "` at the 32-bit address `base + (index << shift)` (wrapping, as `i32.add` and `i32.shl` do; memory32 only).")]
                $loads { shift: u8, dst: Slot, base: Slot, index: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($storef), "(addr + offset, value)`.")]
                $store { addr: Slot, value: Slot, offset: u32 },
                #[doc = concat!("`", stringify!($store), "` with the accumulator as `value`.")]
                $store_acc { addr: Slot, offset: u32 },
                #[doc = concat!("`", stringify!($storef), "` of `value` at the 32-bit address `base + imm` (wrapping; memory32 only).")]
                $storew { base: Slot, value: Slot, imm: i32 },
                #[doc = concat!("`", stringify!($storef), "(addr + offset, imm)` with a constant value (sign-extended for i64).")]
                $storei { addr: Slot, imm: i32, offset: u32 },
                #[doc = concat!("`", stringify!($storef), "` of the constant `value` at the 32-bit address `base + imm` (wrapping; memory32 only).")]
                $storeiw { base: Slot, imm: i32, value: i32 },
                #[doc = concat!("`", stringify!($storef), "` of `value` at the 32-bit address `base + index` (wrapping; memory32 only).")]
                $storex { base: Slot, index: Slot, value: Slot },
                #[doc = concat!("`", stringify!($storef), "` of the constant `value` at the 32-bit address `base + index` (wrapping; memory32 only).")]
                $storeix { base: Slot, index: Slot, value: i32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($shf), "(lhs, ", stringify!($shg), "(src, imm))`: `", stringify!($shbin), "` of what `", stringify!($shimm), "` computed just before (`imm` first, so the slots keep their alignment).")]
                $sh { imm: u8, dst: Slot, lhs: Slot, src: Slot },
                #[doc = concat!("`", stringify!($sh), "` with the accumulator as `lhs`.")]
                $sh_acc { imm: u8, dst: Slot, src: Slot },
                #[doc = concat!("`", stringify!($sh), "` with the accumulator as `src`.")]
                $sh_src_acc { imm: u8, dst: Slot, lhs: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($prf), "(lhs, ", stringify!($prg), "(a, b))`: `", stringify!($prbin), "` of what `", stringify!($prinner), "` computed just before (16-bit slots).")]
                $pr { dst: u16, lhs: u16, a: u16, b: u16 },
                #[doc = concat!("`", stringify!($pr), "` with the accumulator as `a`.")]
                $pr_acc_a { dst: u16, lhs: u16, b: u16 },
                #[doc = concat!("`", stringify!($pr), "` with the accumulator as `b`.")]
                $pr_acc_b { dst: u16, lhs: u16, a: u16 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($rog), "(", stringify!($rof), "(lhs, rhs), imm)`: `", stringify!($roimm), "` of what `", stringify!($robin), "` computed just before.")]
                $ro { imm: u8, dst: Slot, lhs: Slot, rhs: Slot },
                #[doc = concat!("`", stringify!($ro), "` with the accumulator as `lhs`.")]
                $ro_acc { imm: u8, dst: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`a = ", stringify!($paf), "(a, imm_a)`, then `b = ", stringify!($paf), "(b, imm_b)`: two in-place `", stringify!($paimm), "` in one (16-bit slots).")]
                $pa { a: u16, b: u16, imm_a: i32, imm_b: i32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($cvf), "(lhs, ", stringify!($cvg), "(src))`: `", stringify!($cvbin), "` of what `", stringify!($cvun), "` computed just before, as `rhs`.")]
                $cv { dst: Slot, lhs: Slot, src: Slot },
                #[doc = concat!("`", stringify!($cv), "` with the accumulator as `src`.")]
                $cv_acc { dst: Slot, lhs: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($ssf), "(base + index, value)`, then the `", stringify!($ssbr), "` after it (which steps `index`), run without a dispatch of its own.")]
                $ss { base: Slot, index: Slot, value: i32 },
            )*
            $(
                #[doc = concat!("`", stringify!($mvf), "(dst + dst_offset, ", stringify!($mvg), "(src + src_offset))`: `", stringify!($mvstore), "` of what `", stringify!($mvload), "` read just before (16-bit address slots).")]
                $mv { src: u16, dst: u16, src_offset: u32, dst_offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($tload), "`, then the `BrIfNezAcc` after it (which tests the loaded value), run without a dispatch of its own.")]
                $tn { dst: Slot, addr: Slot, offset: u32 },
                #[doc = concat!("`", stringify!($tload), "`, then the `BrIfEqzAcc` after it.")]
                $te { dst: Slot, addr: Slot, offset: u32 },
                #[doc = concat!("`", stringify!($tloadx), "`, then the `BrIfNezAcc` after it.")]
                $txn { dst: Slot, base: Slot, index: Slot },
                #[doc = concat!("`", stringify!($tloadx), "`, then the `BrIfEqzAcc` after it.")]
                $txe { dst: Slot, base: Slot, index: Slot },
                #[doc = concat!("`", stringify!($tloads), "`, then the `BrIfNezAcc` after it.")]
                $tsn { shift: u8, dst: Slot, base: Slot, index: Slot },
                #[doc = concat!("`", stringify!($tloads), "`, then the `BrIfEqzAcc` after it.")]
                $tse { shift: u8, dst: Slot, base: Slot, index: Slot },
            )*
            $(
                #[doc = concat!("`", stringify!($ddload), "`, then the `", stringify!($ddload), "` after it, run without a dispatch of its own while its access is in linear memory.")]
                $dd { dst: Slot, addr: Slot, offset: u32 },
            )*
            /// `BrIfNez` with the accumulator as `cond`.
            BrIfNezAcc { target: u32 },
            /// `BrIfEqz` with the accumulator as `cond`.
            BrIfEqzAcc { target: u32 },
            /// `BrTable` with the accumulator as `index`.
            BrTableAcc { len: u32 },
            /// Tail call (`return_call`): the arguments at `base` move to slots
            /// `0..params` and function `func` (module index) replaces the running one. A
            /// `Return` follows (taken after a host function's results are in place).
            ReturnCall { func: u32, base: Slot },
            /// Tail call through the table named by the following `TableOperand` (then a
            /// `Return`), checking the signature id against `type_id`.
            ReturnCallIndirect { type_id: u32, index: Slot, base: Slot },
            /// Calls the function referenced by slot `func_ref`, trapping on null;
            /// arguments start at `base`, which receives the results.
            CallRef { func_ref: Slot, base: Slot },
            /// Tail call of the function referenced by slot `func_ref`, trapping on null
            /// (a `Return` follows).
            ReturnCallRef { func_ref: Slot, base: Slot },
            /// Traps "null reference" if slot `src` holds null.
            RefAsNonNull { src: Slot },
            /// `dst = memory.size` of memory `memory` (any index but 0).
            MemorySizeAt { dst: Slot, memory: u32 },
            /// `dst = memory.grow(delta)` on memory `memory` (any index but 0).
            MemoryGrowAt { dst: Slot, delta: Slot, memory: u32 },
            /// `memory.fill` of memory `memory`; operands `dst, value, len` at `base`.
            MemoryFillAt { base: Slot, memory: u32 },
            /// `memory.copy` from memory `src_memory` to `dst_memory` (not both 0);
            /// operands `dst, src, len` at `base`.
            MemoryCopyAt { base: Slot, dst_memory: u32, src_memory: u32 },
            /// `memory.init` of memory `memory` from segment `data`; operands at `base`.
            MemoryInitAt { base: Slot, data: u32, memory: u32 },
            /// A load from a memory other than 0 (or from a memory64 memory 0):
            /// `dst = load(addr + offset)`, of the kind and memory the following
            /// `MemoryOperand` names.
            LoadAt { dst: Slot, addr: Slot, offset: u32 },
            /// A store to a memory other than 0 (or to a memory64 memory 0) of `value` at
            /// `addr + offset`, of the kind and memory the following `MemoryOperand` names.
            StoreAt { addr: Slot, value: Slot, offset: u32 },
            /// An extra operand of the preceding `LoadAt`, `StoreAt` or `AtomicAt`: the memory
            /// index and the access kind (`exec::memory_at::AccessKind`; 0 for `AtomicAt`);
            /// never executed.
            MemoryOperand { memory: u32, kind: u32 },
            /// `Atomic` on a memory other than 0: the memory the following `MemoryOperand`
            /// names.
            AtomicAt { op: crate::atomics::AtomicOp, base: Slot, offset: u32 },
            /// `dst = v128` with the low half `lo`; the high half is the following
            /// `V128Imm`.
            V128Const { dst: Slot, lo: u64 },
            /// 64 bits of an immediate of the preceding SIMD instruction; never executed.
            V128Imm { bits: u64 },
            /// `dst = i8x16.shuffle(lhs, rhs)` with the lane indices in the two following
            /// `V128Imm`s (low half first).
            I8x16Shuffle { dst: Slot, lhs: Slot, rhs: Slot },
            /// `dst = lhs * rhs + addend` for f32x4 lanes: an `f32x4.mul` whose result only
            /// an `f32x4.add` reads, fused by translation (two roundings, as the pair has).
            /// `addend` is a slot below 2^16 (translation fuses only those, so the four
            /// operands fit one instruction).
            F32x4MulAdd { addend: u16, dst: Slot, lhs: Slot, rhs: Slot },
            /// `F32x4MulAdd` for f64x2 lanes.
            F64x2MulAdd { addend: u16, dst: Slot, lhs: Slot, rhs: Slot },
            /// `dst = src` for a v128 (two slots each).
            CopyV128 { dst: Slot, src: Slot },
            /// `if cond == 0 { dst = other }` for v128s.
            SelectV128 { dst: Slot, other: Slot, cond: Slot },
            /// `dst = globals[global]`, a v128.
            GlobalGetV128 { dst: Slot, global: u32 },
            /// `globals[global] = src`, a v128.
            GlobalSetV128 { src: Slot, global: u32 },
            /// A SIMD load from a memory other than 0 into `dst`, at `addr + offset`; the
            /// following `MemoryOperand` names the memory and the access
            /// (`simd::access::SimdAccess` code, lane << 8), the `V128Imm` after it the slot
            /// of a lane load's vector operand.
            V128LoadAt { dst: Slot, addr: Slot, offset: u32 },
            /// A SIMD store of `value` to a memory other than 0 at `addr + offset`, with its
            /// `MemoryOperand` after it as for `V128LoadAt`.
            V128StoreAt { addr: Slot, value: Slot, offset: u32 },
            $(
                #[doc = concat!("`dst = ", stringify!($vunf), "(src)` on v128s.")]
                $vun { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vbinf), "(lhs, rhs)` on v128s.")]
                $vbin { dst: Slot, lhs: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`base = ", stringify!($vterf), "(base, base + 2, base + 4)` on v128s.")]
                $vter { base: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vshf), "(lhs, rhs)`, shifting v128 `lhs` by i32 `rhs`.")]
                $vsh { dst: Slot, lhs: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vsplatf), "(src)`, a scalar to a v128.")]
                $vsplat { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vtestf), "(src)`, a v128 to an i32.")]
                $vtest { dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vextf), "(src, lane)`.")]
                $vext { lane: u16, dst: Slot, src: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vrepf), "(lhs, lane, rhs)`.")]
                $vrep { lane: u16, dst: Slot, lhs: Slot, rhs: Slot },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vloadf), "(addr + offset)` on memory 0.")]
                $vload { dst: Slot, addr: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($vstoref), "(addr + offset, value)` on memory 0.")]
                $vstore { addr: Slot, value: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`dst = ", stringify!($vloadlf), "(src, lane, addr + offset)` on memory 0, with slot `src` in the following `V128Imm`.")]
                $vloadl { lane: u16, dst: Slot, addr: Slot, offset: u32 },
            )*
            $(
                #[doc = concat!("`", stringify!($vstorelf), "(value, lane)` to `addr + offset` on memory 0.")]
                $vstorel { lane: u16, addr: Slot, value: Slot, offset: u32 },
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
                    $($cz, $cn, $cni, $c2, $co,)*
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
                    SelectOf,
                    SelectOfAcc,
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
                    Atomic,
                    $($un, $un_acc,)*
                    $($bin, $bin_acc, $($bimm, $bimm_acc,)?)*
                    $($cmp, $cmp_acc, $cmpi, $cmpi_acc, $bcmp, $bcmp_acc, $bcmpi, $bcmpi_acc,)*
                    $($load, $load_acc, $loadw, $loadw_acc, $loadx, $loads,)*
                    $($store, $store_acc, $storew, $storei, $storeiw, $storex, $storeix,)*
                    $($sh, $sh_acc, $sh_src_acc,)*
                    $($pr, $pr_acc_a, $pr_acc_b,)*
                    $($ro, $ro_acc,)*
                    $($pa,)*
                    $($cv, $cv_acc,)*
                    $($ss,)*
                    $($mv,)*
                    $($tn, $te, $txn, $txe, $tsn, $tse,)*
                    $($dd,)*
                    BrIfNezAcc,
                    BrIfEqzAcc,
                    BrTableAcc,
                    ReturnCall,
                    ReturnCallIndirect,
                    CallRef,
                    ReturnCallRef,
                    RefAsNonNull,
                    MemorySizeAt,
                    MemoryGrowAt,
                    MemoryFillAt,
                    MemoryCopyAt,
                    MemoryInitAt,
                    LoadAt,
                    StoreAt,
                    MemoryOperand,
                    AtomicAt,
                    V128Const,
                    V128Imm,
                    I8x16Shuffle,
                    F32x4MulAdd,
                    F64x2MulAdd,
                    CopyV128,
                    SelectV128,
                    GlobalGetV128,
                    GlobalSetV128,
                    V128LoadAt,
                    V128StoreAt,
                    $($vun,)*
                    $($vbin,)*
                    $($vter,)*
                    $($vsh,)*
                    $($vsplat,)*
                    $($vtest,)*
                    $($vext,)*
                    $($vrep,)*
                    $($vload,)*
                    $($vstore,)*
                    $($vloadl,)*
                    $($vstorel,)*
                }
            };
        }
        pub(crate) use with_instr_names;

        impl Instr {
            /// Makes an instruction that writes one fresh result write `new_dst` instead;
            /// false for instructions whose destination is also an input.
            pub(crate) fn retarget(&mut self, new_dst: Slot) -> bool {
                match self {
                    $(Instr::$un { dst, .. } | Instr::$un_acc { dst } => *dst = new_dst,)*
                    $(
                        Instr::$bin { dst, .. } | Instr::$bin_acc { dst, .. } => *dst = new_dst,
                        $(Instr::$bimm { dst, .. } | Instr::$bimm_acc { dst, .. } => *dst = new_dst,)?
                    )*
                    $(
                        Instr::$cmp { dst, .. }
                        | Instr::$cmp_acc { dst, .. }
                        | Instr::$cmpi { dst, .. }
                        | Instr::$cmpi_acc { dst, .. } => *dst = new_dst,
                    )*
                    $(
                        Instr::$load { dst, .. }
                        | Instr::$load_acc { dst, .. }
                        | Instr::$loadw { dst, .. }
                        | Instr::$loadw_acc { dst, .. }
                        | Instr::$loadx { dst, .. }
                        | Instr::$loads { dst, .. } => *dst = new_dst,
                    )*
                    $(
                        Instr::$sh { dst, .. }
                        | Instr::$sh_acc { dst, .. }
                        | Instr::$sh_src_acc { dst, .. } => *dst = new_dst,
                    )*
                    $(
                        Instr::$pr { dst, .. }
                        | Instr::$pr_acc_a { dst, .. }
                        | Instr::$pr_acc_b { dst, .. } => match u16::try_from(new_dst) {
                            Ok(narrow) => *dst = narrow,
                            Err(_) => return false,
                        },
                    )*
                    $(Instr::$ro { dst, .. } | Instr::$ro_acc { dst, .. } => *dst = new_dst,)*
                    $(Instr::$cv { dst, .. } | Instr::$cv_acc { dst, .. } => *dst = new_dst,)*
                    // Every operand is read before `dst` is written.
                    Instr::SelectOf { dst, .. } | Instr::SelectOfAcc { dst, .. } => {
                        match u16::try_from(new_dst) {
                            Ok(narrow) => *dst = narrow,
                            Err(_) => return false,
                        }
                    }
                    Instr::Const32 { dst, .. }
                    | Instr::Const64 { dst, .. }
                    | Instr::GlobalGet { dst, .. }
                    | Instr::RefIsNull { dst, .. }
                    | Instr::RefFunc { dst, .. }
                    | Instr::TableGet { dst, .. }
                    | Instr::TableSize { dst, .. }
                    | Instr::MemorySize { dst }
                    | Instr::MemoryGrow { dst, .. } => *dst = new_dst,
                    $(Instr::$vun { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vbin { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vsh { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vsplat { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vtest { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vext { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vrep { dst, .. } => *dst = new_dst,)*
                    $(Instr::$vload { dst, .. } => *dst = new_dst,)*
                    Instr::V128Const { dst, .. }
                    | Instr::I8x16Shuffle { dst, .. }
                    | Instr::F32x4MulAdd { dst, .. }
                    | Instr::F64x2MulAdd { dst, .. }
                    | Instr::GlobalGetV128 { dst, .. } => *dst = new_dst,
                    _ => return false,
                }
                true
            }

            /// The slot this instruction writes as its only effect on the frame, when its
            /// handler leaves that value in the accumulator too (a single slot write).
            pub(crate) fn acc_result(&self) -> Option<Slot> {
                match *self {
                    $(Instr::$un { dst, .. } | Instr::$un_acc { dst } => Some(dst),)*
                    $(
                        Instr::$bin { dst, .. } | Instr::$bin_acc { dst, .. } => Some(dst),
                        $(Instr::$bimm { dst, .. } | Instr::$bimm_acc { dst, .. } => Some(dst),)?
                    )*
                    $(
                        Instr::$cmp { dst, .. }
                        | Instr::$cmp_acc { dst, .. }
                        | Instr::$cmpi { dst, .. }
                        | Instr::$cmpi_acc { dst, .. } => Some(dst),
                    )*
                    $(
                        Instr::$load { dst, .. }
                        | Instr::$load_acc { dst, .. }
                        | Instr::$loadw { dst, .. }
                        | Instr::$loadw_acc { dst, .. }
                        | Instr::$loadx { dst, .. }
                        | Instr::$loads { dst, .. } => Some(dst),
                    )*
                    $(
                        Instr::$sh { dst, .. }
                        | Instr::$sh_acc { dst, .. }
                        | Instr::$sh_src_acc { dst, .. } => Some(dst),
                    )*
                    $(
                        Instr::$pr { dst, .. }
                        | Instr::$pr_acc_a { dst, .. }
                        | Instr::$pr_acc_b { dst, .. } => Some(Slot::from(dst)),
                    )*
                    $(Instr::$ro { dst, .. } | Instr::$ro_acc { dst, .. } => Some(dst),)*
                    // The second write is the last: the accumulator holds `b`.
                    $(Instr::$pa { b, .. } => Some(Slot::from(b)),)*
                    $(Instr::$cv { dst, .. } | Instr::$cv_acc { dst, .. } => Some(dst),)*
                    Instr::SelectOf { dst, .. } | Instr::SelectOfAcc { dst, .. } => {
                        Some(Slot::from(dst))
                    }
                    Instr::Const32 { dst, .. }
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
                    $(
                        Instr::$bcmp { .. }
                        | Instr::$bcmpi { .. }
                        | Instr::$bcmp_acc { .. }
                        | Instr::$bcmpi_acc { .. }
                    )|*
                    | $(
                        Instr::$store { .. }
                        | Instr::$storew { .. }
                        | Instr::$storei { .. }
                        | Instr::$storeiw { .. }
                        | Instr::$store_acc { .. }
                        | Instr::$storex { .. }
                        | Instr::$storeix { .. }
                    )|*
                    | Instr::BrIfNez { .. }
                    | Instr::BrIfEqz { .. }
                    | Instr::BrIfNezAcc { .. }
                    | Instr::BrIfEqzAcc { .. }
                )
            }

            /// This instruction reading the accumulator in place of slot `slot`, if it has
            /// a form for that (a commutative operation swaps its operands to get one).
            pub(crate) fn with_acc_operand(self, slot: Slot) -> Option<Instr> {
                Some(match self {
                    $(Instr::$un { dst, src } if src == slot => Instr::$un_acc { dst },)*
                    $(
                        Instr::$bin { dst, lhs, rhs } if lhs == slot => Instr::$bin_acc { dst, rhs },
                        Instr::$bin { dst, lhs, rhs } if $bin_comm && rhs == slot => {
                            Instr::$bin_acc { dst, rhs: lhs }
                        }
                        $(Instr::$bimm { dst, lhs, imm } if lhs == slot => Instr::$bimm_acc { dst, imm },)?
                    )*
                    $(
                        Instr::$cmp { dst, lhs, rhs } if lhs == slot => Instr::$cmp_acc { dst, rhs },
                        Instr::$cmp { dst, lhs, rhs } if $cmp_comm && rhs == slot => {
                            Instr::$cmp_acc { dst, rhs: lhs }
                        }
                        Instr::$cmpi { dst, lhs, imm } if lhs == slot => Instr::$cmpi_acc { dst, imm },
                        Instr::$bcmp { lhs, rhs, target } if lhs == slot => {
                            Instr::$bcmp_acc { rhs, target }
                        }
                        Instr::$bcmpi { lhs, imm, target } if lhs == slot => {
                            Instr::$bcmpi_acc { imm, target }
                        }
                    )*
                    $(
                        Instr::$load { dst, addr, offset } if addr == slot => {
                            Instr::$load_acc { dst, offset }
                        }
                        Instr::$loadw { dst, base, imm } if base == slot => {
                            Instr::$loadw_acc { dst, imm }
                        }
                    )*
                    $(
                        Instr::$store { addr, value, offset } if value == slot => {
                            Instr::$store_acc { addr, offset }
                        }
                    )*
                    $(
                        Instr::$sh { imm, dst, lhs, src } if lhs == slot => {
                            Instr::$sh_acc { imm, dst, src }
                        }
                        Instr::$sh { imm, dst, lhs, src } if src == slot => {
                            Instr::$sh_src_acc { imm, dst, lhs }
                        }
                    )*
                    $(
                        Instr::$pr { dst, lhs, a, b } if Slot::from(a) == slot => {
                            Instr::$pr_acc_a { dst, lhs, b }
                        }
                        Instr::$pr { dst, lhs, a, b } if Slot::from(b) == slot => {
                            Instr::$pr_acc_b { dst, lhs, a }
                        }
                    )*
                    $(
                        Instr::$ro { imm, dst, lhs, rhs } if lhs == slot => Instr::$ro_acc { imm, dst, rhs },
                        // The inner operation is commutative.
                        Instr::$ro { imm, dst, lhs, rhs } if rhs == slot => {
                            Instr::$ro_acc { imm, dst, rhs: lhs }
                        }
                    )*
                    $(Instr::$cv { dst, lhs, src } if src == slot => Instr::$cv_acc { dst, lhs },)*
                    Instr::SelectOf { dst, first, other, cond } if Slot::from(cond) == slot => {
                        Instr::SelectOfAcc { dst, first, other }
                    }
                    Instr::BrIfNez { cond, target } if cond == slot => Instr::BrIfNezAcc { target },
                    Instr::BrIfEqz { cond, target } if cond == slot => Instr::BrIfEqzAcc { target },
                    Instr::BrTable { index, len } if index == slot => Instr::BrTableAcc { len },
                    _ => return None,
                })
            }

            /// The jump target of a branch instruction (`None` for every other instruction:
            /// the match names each variant, so a new branch cannot be left out).
            pub(crate) fn branch_target_mut(&mut self) -> Option<&mut u32> {
                match self {
                    Instr::Br { target }
                    | Instr::BrIfNez { target, .. }
                    | Instr::BrIfEqz { target, .. }
                    | Instr::CopyBr { target, .. }
                    | Instr::I32AddBrLtU { target, .. }
                    | Instr::I32AddBrLtS { target, .. }
                    | Instr::I32AddBrNe { target, .. }
                    | Instr::BrIfNezAcc { target }
                    | Instr::BrIfEqzAcc { target } => Some(target),
                    $(
                        Instr::$cz { target, .. }
                        | Instr::$cn { target, .. }
                        | Instr::$cni { target, .. }
                        | Instr::$c2 { target, .. }
                        | Instr::$co { target, .. } => Some(target),
                    )*
                    $(
                        Instr::$bcmp { target, .. }
                        | Instr::$bcmp_acc { target, .. }
                        | Instr::$bcmpi { target, .. }
                        | Instr::$bcmpi_acc { target, .. } => Some(target),
                    )*
                    // Table branches keep their targets in the `Br` entries after them.
                    Instr::BrTable { .. } | Instr::BrTableAcc { .. } => None,
                    Instr::Unreachable
                    | Instr::ConsumeFuel { .. }
                    | Instr::Return
                    | Instr::Copy { .. }
                    | Instr::Copy2 { .. }
                    | Instr::Call { .. }
                    | Instr::CallIndirect { .. }
                    | Instr::TableOperand { .. }
                    | Instr::Select { .. }
                    | Instr::SelectOf { .. }
                    | Instr::SelectOfAcc { .. }
                    | Instr::Const32 { .. }
                    | Instr::Const64 { .. }
                    | Instr::GlobalGet { .. }
                    | Instr::GlobalSet { .. }
                    | Instr::RefIsNull { .. }
                    | Instr::RefFunc { .. }
                    | Instr::TableGet { .. }
                    | Instr::TableSet { .. }
                    | Instr::TableSize { .. }
                    | Instr::TableGrow { .. }
                    | Instr::TableFill { .. }
                    | Instr::TableCopy { .. }
                    | Instr::TableInit { .. }
                    | Instr::ElemDrop { .. }
                    | Instr::MemorySize { .. }
                    | Instr::MemoryGrow { .. }
                    | Instr::MemoryFill { .. }
                    | Instr::MemoryCopy { .. }
                    | Instr::MemoryInit { .. }
                    | Instr::DataDrop { .. }
                    | Instr::AddrAdd { .. }
                    | Instr::Atomic { .. } => None,
                    Instr::ReturnCall { .. }
                    | Instr::ReturnCallIndirect { .. }
                    | Instr::CallRef { .. }
                    | Instr::ReturnCallRef { .. }
                    | Instr::RefAsNonNull { .. }
                    | Instr::MemorySizeAt { .. }
                    | Instr::MemoryGrowAt { .. }
                    | Instr::MemoryFillAt { .. }
                    | Instr::MemoryCopyAt { .. }
                    | Instr::MemoryInitAt { .. }
                    | Instr::LoadAt { .. }
                    | Instr::StoreAt { .. }
                    | Instr::MemoryOperand { .. }
                    | Instr::AtomicAt { .. } => None,
                    Instr::V128Const { .. }
                    | Instr::V128Imm { .. }
                    | Instr::I8x16Shuffle { .. }
                    | Instr::F32x4MulAdd { .. }
                    | Instr::F64x2MulAdd { .. }
                    | Instr::CopyV128 { .. }
                    | Instr::SelectV128 { .. }
                    | Instr::GlobalGetV128 { .. }
                    | Instr::GlobalSetV128 { .. }
                    | Instr::V128LoadAt { .. }
                    | Instr::V128StoreAt { .. } => None,
                    $(Instr::$vun { .. } => None,)*
                    $(Instr::$vbin { .. } => None,)*
                    $(Instr::$vter { .. } => None,)*
                    $(Instr::$vsh { .. } => None,)*
                    $(Instr::$vsplat { .. } => None,)*
                    $(Instr::$vtest { .. } => None,)*
                    $(Instr::$vext { .. } => None,)*
                    $(Instr::$vrep { .. } => None,)*
                    $(Instr::$vload { .. } => None,)*
                    $(Instr::$vstore { .. } => None,)*
                    $(Instr::$vloadl { .. } => None,)*
                    $(Instr::$vstorel { .. } => None,)*
                    $(Instr::$un { .. } | Instr::$un_acc { .. } => None,)*
                    $(
                        Instr::$bin { .. } | Instr::$bin_acc { .. } => None,
                        $(Instr::$bimm { .. } | Instr::$bimm_acc { .. } => None,)?
                    )*
                    $(
                        Instr::$cmp { .. }
                        | Instr::$cmp_acc { .. }
                        | Instr::$cmpi { .. }
                        | Instr::$cmpi_acc { .. } => None,
                    )*
                    $(
                        Instr::$load { .. }
                        | Instr::$load_acc { .. }
                        | Instr::$loadw { .. }
                        | Instr::$loadw_acc { .. }
                        | Instr::$loadx { .. }
                        | Instr::$loads { .. } => None,
                    )*
                    $(
                        Instr::$store { .. }
                        | Instr::$store_acc { .. }
                        | Instr::$storew { .. }
                        | Instr::$storei { .. }
                        | Instr::$storeiw { .. }
                        | Instr::$storex { .. }
                        | Instr::$storeix { .. } => None,
                    )*
                    $(
                        Instr::$sh { .. } | Instr::$sh_acc { .. } | Instr::$sh_src_acc { .. } => None,
                    )*
                    $(
                        Instr::$pr { .. } | Instr::$pr_acc_a { .. } | Instr::$pr_acc_b { .. } => None,
                    )*
                    $(Instr::$ro { .. } | Instr::$ro_acc { .. } => None,)*
                    $(Instr::$pa { .. } => None,)*
                    $(Instr::$cv { .. } | Instr::$cv_acc { .. } => None,)*
                    $(Instr::$mv { .. } => None,)*
                    $(Instr::$ss { .. } => None,)*
                    $(
                        Instr::$tn { .. }
                        | Instr::$te { .. }
                        | Instr::$txn { .. }
                        | Instr::$txe { .. }
                        | Instr::$tsn { .. }
                        | Instr::$tse { .. } => None,
                    )*
                    $(Instr::$dd { .. } => None,)*
                }
            }

            /// Load `self` fused with `next`, a load of the same plain form right after it
            /// (a `doubled` row).
            pub(crate) fn with_load_after(self, next: Instr) -> Option<Instr> {
                match (self, next) {
                    $(
                        (Instr::$ddload { dst, addr, offset }, Instr::$ddload { .. }) => {
                            Some(Instr::$dd { dst, addr, offset })
                        }
                    )*
                    _ => None,
                }
            }

            /// Load `self` fused with `branch`, the zero test of its value right after it
            /// (`BrIfNezAcc` or `BrIfEqzAcc`, which then reads the accumulator the load
            /// wrote), if the operation table has that load (a `tested` row).
            pub(crate) fn with_branch_after(self, branch: Instr) -> Option<Instr> {
                let nez = match branch {
                    Instr::BrIfNezAcc { .. } => true,
                    Instr::BrIfEqzAcc { .. } => false,
                    _ => return None,
                };
                match self {
                    $(
                        Instr::$tload { dst, addr, offset } => Some(if nez {
                            Instr::$tn { dst, addr, offset }
                        } else {
                            Instr::$te { dst, addr, offset }
                        }),
                        Instr::$tloadx { dst, base, index } => Some(if nez {
                            Instr::$txn { dst, base, index }
                        } else {
                            Instr::$txe { dst, base, index }
                        }),
                        Instr::$tloads { shift, dst, base, index } => Some(if nez {
                            Instr::$tsn { shift, dst, base, index }
                        } else {
                            Instr::$tse { shift, dst, base, index }
                        }),
                    )*
                    _ => None,
                }
            }

            /// Binary operation `self` fused with `conv`, the conversion that computed its
            /// `rhs` just before (into a fresh temp that only `self` reads), if the
            /// operation table has that pair (`converted` rows).
            pub(crate) fn with_converted_operand(self, conv: Instr) -> Option<Instr> {
                match (self, conv) {
                    $(
                        (Instr::$cvbin { dst, lhs, rhs }, Instr::$cvun { dst: temp, src })
                            if temp == rhs && temp != lhs =>
                        {
                            Some(Instr::$cv { dst, lhs, src })
                        }
                    )*
                    _ => None,
                }
            }

            /// Constant store `self` at `base + x` fused with `step`, the loop step of `x`
            /// after it (a `stepped` row).
            pub(crate) fn with_step_after(self, step: Instr) -> Option<Instr> {
                match (self, step) {
                    $(
                        (Instr::$ssstore { base, index, value }, Instr::$ssbr { x, .. })
                            if index == Slot::from(x) =>
                        {
                            Some(Instr::$ss { base, index, value })
                        }
                    )*
                    _ => None,
                }
            }

            /// Store `self` of the fresh temp that load `load` wrote just before (and that
            /// nothing else reads), as one copy from memory to memory (a `moved` row), if
            /// both address slots fit 16 bits.
            pub(crate) fn with_loaded_value(self, load: Instr) -> Option<Instr> {
                let narrow = |slot: Slot| u16::try_from(slot).ok();
                match (self, load) {
                    $(
                        (
                            Instr::$mvstore { addr: dst, value, offset: dst_offset },
                            Instr::$mvload { dst: temp, addr: src, offset: src_offset },
                        ) if value == temp && dst != temp => Some(Instr::$mv {
                            src: narrow(src)?,
                            dst: narrow(dst)?,
                            src_offset,
                            dst_offset,
                        }),
                    )*
                    _ => None,
                }
            }

            /// `self` and `next`, two adjacent in-place instructions of a `paired` row's
            /// immediate form, as that row's one instruction, if their slots fit 16 bits.
            pub(crate) fn paired_with(self, next: Instr) -> Option<Instr> {
                let narrow = |slot: Slot| u16::try_from(slot).ok();
                match (self, next) {
                    $(
                        (
                            Instr::$paimm { dst: a, lhs: la, imm: imm_a },
                            Instr::$paimm { dst: b, lhs: lb, imm: imm_b },
                        ) if a == la && b == lb => Some(Instr::$pa {
                            a: narrow(a)?,
                            b: narrow(b)?,
                            imm_a,
                            imm_b,
                        }),
                    )*
                    _ => None,
                }
            }

            /// Binary operation `self` fused with `shift`, the immediate shift or rotate
            /// that computed one of its operands just before it (into a fresh temp that
            /// only `self` reads), if the operation table has that pair.
            pub(crate) fn with_shifted_operand(self, shift: Instr) -> Option<Instr> {
                match (self, shift) {
                    $(
                        (Instr::$shbin { dst, lhs, rhs }, Instr::$shimm { dst: temp, lhs: src, imm })
                            if temp == rhs || temp == lhs =>
                        {
                            // The operation is commutative: the other operand is `lhs`.
                            let lhs = if temp == rhs { lhs } else { rhs };
                            // Shift counts are taken modulo the width (at most 64).
                            Some(Instr::$sh { imm: (imm & 63) as u8, dst, lhs, src })
                        }
                    )*
                    _ => None,
                }
            }

            /// The immediate form of binary operation `self` with the constant `c` (slot
            /// bits) as its `rhs`, or, if `swapped`, as its `lhs`; `None` if the operation
            /// has no such form or `c` does not fit its immediate.
            pub(crate) fn with_imm_operand(self, c: u64, swapped: bool) -> Option<Instr> {
                use crate::slot_bits::rhs_imm;
                match self {
                    $($(
                        Instr::$bin { dst, lhs, rhs } if !swapped || $bin_comm => {
                            let imm = rhs_imm(crate::numeric::ops::$binf, c)?;
                            let lhs = if swapped { rhs } else { lhs };
                            Some(Instr::$bimm { dst, lhs, imm })
                        }
                    )?)*
                    $(
                        Instr::$cmp { dst, lhs, rhs } => {
                            let imm = rhs_imm(crate::numeric::ops::$cmpf, c)?;
                            Some(if swapped {
                                Instr::$cmp_mirror { dst, lhs: rhs, imm }
                            } else {
                                Instr::$cmpi { dst, lhs, imm }
                            })
                        }
                    )*
                    _ => None,
                }
            }

            /// Immediate rotate `self` fused with `inner`, the operation that computed its
            /// operand just before it into `temp`, a fresh temp that only `self` reads, if
            /// the operation table has that pair.
            pub(crate) fn with_rotated_operand(self, inner: Instr, temp: Slot) -> Option<Instr> {
                match (self, inner) {
                    $(
                        (Instr::$roimm { dst, lhs: operand, imm }, Instr::$robin { dst: t, lhs, rhs })
                            if t == temp && operand == temp =>
                        {
                            // Rotate counts are taken modulo the width (at most 64).
                            Some(Instr::$ro { imm: (imm & 63) as u8, dst, lhs, rhs })
                        }
                    )*
                    _ => None,
                }
            }

            /// Binary operation `self` fused with `inner`, the operation that computed one of
            /// its operands just before it (into a fresh temp that only `self` reads), if
            /// the operation table has that pair and every slot fits 16 bits.
            pub(crate) fn with_product_operand(self, inner: Instr) -> Option<Instr> {
                let narrow = |slot: Slot| u16::try_from(slot).ok();
                match (self, inner) {
                    $(
                        (Instr::$prbin { dst, lhs, rhs }, Instr::$prinner { dst: temp, lhs: a, rhs: b })
                            if temp == rhs || ($pr_comm && temp == lhs) =>
                        {
                            let lhs = if temp == rhs { lhs } else { rhs };
                            Some(Instr::$pr {
                                dst: narrow(dst)?,
                                lhs: narrow(lhs)?,
                                a: narrow(a)?,
                                b: narrow(b)?,
                            })
                        }
                    )*
                    _ => None,
                }
            }

            /// The compare-and-branch form of comparison `self` (jumping when the
            /// comparison is false, if `negate`), with its target left to patch.
            pub(crate) fn compare_branch_form(self, negate: bool) -> Option<Instr> {
                const TARGET: u32 = u32::MAX;
                match self {
                    $(
                        Instr::$cmp { lhs, rhs, .. } => Some(if negate {
                            Instr::$binv { lhs, rhs, target: TARGET }
                        } else {
                            Instr::$bcmp { lhs, rhs, target: TARGET }
                        }),
                        Instr::$cmpi { lhs, imm, .. } => Some(if negate {
                            Instr::$binvi { lhs, imm, target: TARGET }
                        } else {
                            Instr::$bcmpi { lhs, imm, target: TARGET }
                        }),
                    )*
                    _ => None,
                }
            }

            /// The branch taken exactly when conditional branch `self` is not, to `target`.
            pub(crate) fn inverted_branch(self, target: u32) -> Option<Instr> {
                match self {
                    Instr::BrIfNez { cond, .. } => Some(Instr::BrIfEqz { cond, target }),
                    Instr::BrIfEqz { cond, .. } => Some(Instr::BrIfNez { cond, target }),
                    $(
                        Instr::$bcmp { lhs, rhs, .. } => Some(Instr::$binv { lhs, rhs, target }),
                        Instr::$bcmpi { lhs, imm, .. } => Some(Instr::$binvi { lhs, imm, target }),
                    )*
                    _ => None,
                }
            }

            /// The counted-loop instruction that does `x += step` and then
            /// compare-and-branch `self`, if this comparison has one, `self` tests `x`, and
            /// every slot fits 16 bits.
            pub(crate) fn step_branch_form(self, x: Slot, step: Slot) -> Option<Instr> {
                let narrow = |slot: Slot| u16::try_from(slot).ok();
                match self {
                    $($(
                        Instr::$bcmp { lhs, rhs, target } if lhs == x => Some(Instr::$cstep {
                            x: narrow(x)?,
                            step: narrow(step)?,
                            bound: narrow(rhs)?,
                            target,
                        }),
                    )?)*
                    _ => None,
                }
            }

            /// The wrapping `base + imm` form of load or store `self`.
            pub(crate) fn with_wrapped_address(self, base: Slot, imm: i32) -> Option<Instr> {
                match self {
                    $(Instr::$load { dst, .. } => Some(Instr::$loadw { dst, base, imm }),)*
                    $(
                        Instr::$store { value, .. } => Some(Instr::$storew { base, value, imm }),
                        // The i64 form's value stays sign-extended from 32 bits.
                        Instr::$storei { imm: value, .. } => {
                            Some(Instr::$storeiw { base, imm, value })
                        }
                    )*
                    _ => None,
                }
            }

            /// The `base + index` form of load or store `self` (offset 0), for an address
            /// an `i32.add` of the two slots computed.
            pub(crate) fn with_indexed_address(self, base: Slot, index: Slot) -> Option<Instr> {
                match self {
                    $(Instr::$load { dst, .. } => Some(Instr::$loadx { dst, base, index }),)*
                    $(
                        Instr::$store { value, .. } => Some(Instr::$storex { base, index, value }),
                        Instr::$storei { imm: value, .. } => {
                            Some(Instr::$storeix { base, index, value })
                        }
                    )*
                    _ => None,
                }
            }

            /// The `base + (index << shift)` form of load `self` (offset 0), for an address
            /// an `I32AddShl` computed.
            pub(crate) fn with_scaled_address(self, base: Slot, index: Slot, shift: u8) -> Option<Instr> {
                match self {
                    $(Instr::$load { dst, .. } => Some(Instr::$loads { shift, dst, base, index }),)*
                    _ => None,
                }
            }

            /// The constant-value form of store `self`, storing `c` (slot bits), if `c`
            /// fits the form's 32-bit immediate (sign-extended for the i64 store).
            pub(crate) fn with_imm_value(self, c: u64) -> Option<Instr> {
                match self {
                    $(
                        Instr::$store { addr, offset, .. } => {
                            let imm = store_imm($storen, c)?;
                            Some(Instr::$storei { addr, imm, offset })
                        }
                    )*
                    _ => None,
                }
            }
        }
    };
}

/// The immediate of a constant store of `width` bytes storing `c`: stores of up to 4 bytes
/// keep only the low 32 bits, the 8-byte store needs `c` to fit an i32 sign-extended.
fn store_imm(width: u32, c: u64) -> Option<i32> {
    if width == 8 {
        i32::try_from(c as i64).ok()
    } else {
        Some(c as u32 as i32)
    }
}

crate::simd::table::with_all_ops!($ define_instrs);

/// A translated function body.
#[derive(Debug)]
pub(crate) struct CompiledFunc {
    /// The code, threaded ([`crate::code_cell`]); always ends with `Return` and every
    /// branch target is in range.
    pub code: Box<[CodeCell]>,
    /// Number of parameters (slots `0..num_params`).
    pub num_params: u32,
    /// Number of params plus declared locals (slots `num_params..num_locals` start at zero).
    pub num_locals: u32,
    /// Slots the frame needs: locals, the deepest operand stack, and results.
    pub frame_size: u32,
    /// The fast call path's entry for this function ([`FastCallee::of`], empty when the
    /// general path enters it), made once here: `call_indirect` reads it on every call.
    pub fast: FastCallee,
}

impl CompiledFunc {
    /// A translated function: `code` (finished: branches resolved) with frames of
    /// `frame_size` slots, whose first `num_locals` slots are its parameters and then its
    /// declared locals. Threads the code here, once.
    pub fn new(code: &[Instr], num_params: u32, num_locals: u32, frame_size: u32) -> Self {
        let mut f = CompiledFunc {
            code: crate::code_cell::thread(code),
            num_params,
            num_locals,
            frame_size,
            fast: FastCallee::NONE,
        };
        // The code stays where it is: moving the box moves only the pointer.
        f.fast = FastCallee::of(&f).unwrap_or(FastCallee::NONE);
        f
    }
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
