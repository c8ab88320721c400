//! Every handler form of the operations in the operation table (and the counted-loop
//! instructions that fuse an i32 step with a compare-and-branch) (`crate::op_table`): each
//! row's forms differ only in where their operands come from ([`Operand`]), and all call
//! the row's one function in `numeric::ops`.

use super::prelude::*;

/// The handlers of the unary, binary and compare rows (with their compare-and-branch and
/// loop-step forms).
macro_rules! compute_handlers {
    (
        $d:tt
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
        load: [$($load:tt)*],
        store: [$($store:tt)*],
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
        stepped: [$($ss:tt)*],
        moved: [$($mv:tt)*],
        counted: [$(
            $cz:ident / $cn:ident / $cni:ident / $c2:ident / $co:ident = $caf:ident then $ccf:ident;
        )*],
        tested: [$($t:tt)*],
        doubled: [$($dbl:tt)*],
    ) => {
        handlers! {
            $d full [cx, ip, regs, mem]
            $(
                Instr::$un { dst, src } => unary!(dst, ops::$unf, InSlot(src));
                Instr::$un_acc { dst } => unary!(dst, ops::$unf, InAcc);
            )*
            $(
                Instr::$bin { dst, lhs, rhs } => binary!(dst, ops::$binf, InSlot(lhs), InSlot(rhs));
                Instr::$bin_acc { dst, rhs } => binary!(dst, ops::$binf, InAcc, InSlot(rhs));
                $(
                    Instr::$bimm { dst, lhs, imm } => binary!(dst, ops::$binf, InSlot(lhs), InImm(imm));
                    Instr::$bimm_acc { dst, imm } => binary!(dst, ops::$binf, InAcc, InImm(imm));
                )?
            )*
            $(
                Instr::$cmp { dst, lhs, rhs } => binary!(dst, ops::$cmpf, InSlot(lhs), InSlot(rhs));
                Instr::$cmp_acc { dst, rhs } => binary!(dst, ops::$cmpf, InAcc, InSlot(rhs));
                Instr::$cmpi { dst, lhs, imm } => binary!(dst, ops::$cmpf, InSlot(lhs), InImm(imm));
                Instr::$cmpi_acc { dst, imm } => binary!(dst, ops::$cmpf, InAcc, InImm(imm));
                Instr::$bcmp { lhs, rhs, target } => branch_if!(target, ops::$cmpf, InSlot(lhs), InSlot(rhs));
                Instr::$bcmp_acc { rhs, target } => branch_if!(target, ops::$cmpf, InAcc, InSlot(rhs));
                Instr::$bcmpi { lhs, imm, target } => branch_if!(target, ops::$cmpf, InSlot(lhs), InImm(imm));
                Instr::$bcmpi_acc { imm, target } => branch_if!(target, ops::$cmpf, InAcc, InImm(imm));
                $(
                    Instr::$cstep { x, step, bound, target } => {
                        add_br!(x, step, bound, ops::$cmpf, target)
                    };
                )?
            )*
            $(
                Instr::$sh { imm, dst, lhs, src } => {
                    let shifted = ops::$shg(Operand::read(InSlot(src), regs), Operand::read(InImm(i32::from(imm)), regs));
                    binary!(dst, ops::$shf, InSlot(lhs), InValue(shifted))
                };
                Instr::$sh_acc { imm, dst, src } => {
                    let shifted = ops::$shg(Operand::read(InSlot(src), regs), Operand::read(InImm(i32::from(imm)), regs));
                    binary!(dst, ops::$shf, InAcc, InValue(shifted))
                };
                Instr::$sh_src_acc { imm, dst, lhs } => {
                    let shifted = ops::$shg(Operand::read(InAcc, regs), Operand::read(InImm(i32::from(imm)), regs));
                    binary!(dst, ops::$shf, InSlot(lhs), InValue(shifted))
                };
            )*
            $(
                Instr::$pr { dst, lhs, a, b } => {
                    let (a, b) = (InSlot(u32::from(a)), InSlot(u32::from(b)));
                    let p = tr!(Outcome::into_result(ops::$prg(Operand::read(a, regs), Operand::read(b, regs))));
                    binary!(u32::from(dst), ops::$prf, InSlot(u32::from(lhs)), InValue(p))
                };
                Instr::$pr_acc_a { dst, lhs, b } => {
                    let b = InSlot(u32::from(b));
                    let p = tr!(Outcome::into_result(ops::$prg(Operand::read(InAcc, regs), Operand::read(b, regs))));
                    binary!(u32::from(dst), ops::$prf, InSlot(u32::from(lhs)), InValue(p))
                };
                Instr::$pr_acc_b { dst, lhs, a } => {
                    let a = InSlot(u32::from(a));
                    let p = tr!(Outcome::into_result(ops::$prg(Operand::read(a, regs), Operand::read(InAcc, regs))));
                    binary!(u32::from(dst), ops::$prf, InSlot(u32::from(lhs)), InValue(p))
                };
            )*
            $(
                Instr::$ro { imm, dst, lhs, rhs } => {
                    let v = ops::$rof(Operand::read(InSlot(lhs), regs), Operand::read(InSlot(rhs), regs));
                    binary!(dst, ops::$rog, InValue(v), InImm(i32::from(imm)))
                };
                Instr::$ro_acc { imm, dst, rhs } => {
                    let v = ops::$rof(Operand::read(InAcc, regs), Operand::read(InSlot(rhs), regs));
                    binary!(dst, ops::$rog, InValue(v), InImm(i32::from(imm)))
                };
            )*
            $(
                Instr::$pa { a, b, imm_a, imm_b } => {
                    let (a, b) = (u32::from(a), u32::from(b));
                    let first = tr!(Outcome::into_result(ops::$paf(Operand::read(InSlot(a), regs), Operand::read(InImm(imm_a), regs))));
                    regs.set(a, SlotValue::into_bits(first));
                    binary!(b, ops::$paf, InSlot(b), InImm(imm_b))
                };
            )*
            $(
                Instr::$cz { slot, imm, target } => {
                    let v = ops::$caf(regs.u32(slot), imm as u32);
                    regs.set_u32(slot, v);
                    if ops::$ccf(v, 0) {
                        jump!(target)
                    }
                    next!()
                };
                Instr::$cn { slots, imm, target } => {
                    let (slot, bound) = (slots & 0xffff, slots >> 16);
                    let v = ops::$caf(regs.u32(slot), imm as u32);
                    regs.set_u32(slot, v);
                    if ops::$ccf(v, regs.u32(bound)) {
                        jump!(target)
                    }
                    next!()
                };
                Instr::$cni { slot_imm, bound, target } => {
                    let (slot, imm) = (slot_imm & 0xffff, (slot_imm >> 16) as u16 as i16);
                    let v = ops::$caf(regs.u32(slot), imm as i32 as u32);
                    regs.set_u32(slot, v);
                    if ops::$ccf(v, bound as u32) {
                        jump!(target)
                    }
                    next!()
                };
                Instr::$c2 { bound, slots, imms, target } => {
                    let (a, x) = (slots & 0xffff, slots >> 16);
                    let (imm_a, imm_x) = (imms as u16 as i16, (imms >> 16) as u16 as i16);
                    regs.set_u32(a, ops::$caf(regs.u32(a), imm_a as i32 as u32));
                    let v = ops::$caf(regs.u32(x), imm_x as i32 as u32);
                    regs.set_u32(x, v);
                    if ops::$ccf(v, regs.u32(u32::from(bound))) {
                        jump!(target)
                    }
                    next!()
                };
                Instr::$co { x, slots, imm, target } => {
                    let x = u32::from(x);
                    regs.set_u32(x, ops::$caf(regs.u32(x), imm as u32));
                    if ops::$ccf(regs.u32(slots & 0xffff), regs.u32(slots >> 16)) {
                        jump!(target)
                    }
                    next!()
                };
            )*
            $(
                Instr::$cv { dst, lhs, src } => {
                    let converted = ops::$cvg(Operand::read(InSlot(src), regs));
                    binary!(dst, ops::$cvf, InSlot(lhs), InValue(converted))
                };
                Instr::$cv_acc { dst, lhs } => {
                    let converted = ops::$cvg(Operand::read(InAcc, regs));
                    binary!(dst, ops::$cvf, InSlot(lhs), InValue(converted))
                };
            )*
        }
    };
}

crate::op_table::with_op_table!($ compute_handlers);

/// The handlers of the load and store rows in tier `$mode` (see `with_mem_ptr!`).
macro_rules! memory_handlers {
    (
        $d:tt $mode:ident
        unary: [$($un:tt)*],
        binary: [$($bin:tt)*],
        compare: [$($cmp:tt)*],
        load: [$(
            $load:ident / $load_acc:ident, wrap $loadw:ident / $loadw_acc:ident,
indexed $loadx:ident, scaled $loads:ident = $loadf:ident($loadn:literal);
        )*],
        store: [$(
            $store:ident / $store_acc:ident, wrap $storew:ident, imm $storei:ident,
            imm_wrap $storeiw:ident, indexed $storex:ident / $storeix:ident
            = $storef:ident($storen:literal);
        )*],
        shifted: [$($sh:tt)*],
        product: [$($pr:tt)*],
        rotated: [$($ro:tt)*],
        paired: [$($pa:tt)*],
        converted: [$($cv:tt)*],
        stepped: [$(
            $ss:ident = $ssf:ident($ssn:literal) then $sscmp:ident, from $ssstore:ident of $ssbr:ident;
        )*],
        moved: [$(
            $mv:ident = $mvf:ident($mvn:literal) of $mvg:ident($mvm:literal), from $mvstore:ident of $mvload:ident;
        )*],
        counted: [$($c:tt)*],
        tested: [$(
            $tn:ident / $te:ident, indexed $txn:ident / $txe:ident, scaled $tsn:ident / $tse:ident
            = $tf:ident($tnb:literal), from $tload:ident / $tloadx:ident / $tloads:ident;
        )*],
        doubled: [$(
            $dd:ident = $ddf:ident($ddn:literal), from $ddload:ident;
        )*],
    ) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            $(
                Instr::$load { dst, addr, offset } => {
                    load!(dst, ops::$loadf, $loadn, addr32!(InSlot(addr)), offset)
                };
                Instr::$load_acc { dst, offset } => {
                    load!(dst, ops::$loadf, $loadn, addr32!(InAcc), offset)
                };
                Instr::$loadw { dst, base, imm } => {
                    load!(dst, ops::$loadf, $loadn, wrap_addr!(InSlot(base), imm), 0)
                };
                Instr::$loadw_acc { dst, imm } => {
                    load!(dst, ops::$loadf, $loadn, wrap_addr!(InAcc, imm), 0)
                };
                Instr::$loadx { dst, base, index } => {
                    load!(dst, ops::$loadf, $loadn, index_addr!(base, index), 0)
                };
                Instr::$loads { shift, dst, base, index } => {
                    load!(dst, ops::$loadf, $loadn, scaled_addr!(base, index, shift), 0)
                };
            )*
            $(
                Instr::$store { addr, value, offset } => store!(
                    ops::$storef, $storen, addr32!(InSlot(addr)), offset,
                    Operand::read(InSlot(value), regs)
                );
                Instr::$store_acc { addr, offset } => store!(
                    ops::$storef, $storen, addr32!(InSlot(addr)), offset,
                    Operand::read(InAcc, regs)
                );
                Instr::$storew { base, value, imm } => store!(
                    ops::$storef, $storen, wrap_addr!(InSlot(base), imm), 0,
                    Operand::read(InSlot(value), regs)
                );
                Instr::$storei { addr, imm, offset } => store!(
                    ops::$storef, $storen, addr32!(InSlot(addr)), offset,
                    Operand::read(InImm(imm), regs)
                );
                Instr::$storeiw { base, imm, value } => store!(
                    ops::$storef, $storen, wrap_addr!(InSlot(base), imm), 0,
                    Operand::read(InImm(value), regs)
                );
                Instr::$storex { base, index, value } => store!(
                    ops::$storef, $storen, index_addr!(base, index), 0,
                    Operand::read(InSlot(value), regs)
                );
                Instr::$storeix { base, index, value } => store!(
                    ops::$storef, $storen, index_addr!(base, index), 0,
                    Operand::read(InImm(value), regs)
                );
            )*
            $(
                Instr::$ss { base, index, value } => store!(
                    ops::$ssf, $ssn, index_addr!(base, index), 0,
                    Operand::read(InImm(value), regs),
                    then step_loop!($ssbr, ops::$sscmp, ops::$ssf, $ssn, base,
                        Operand::read(InImm(value), regs))
                );
            )*
            $(
                Instr::$mv { src, dst, src_offset, dst_offset } => load!(
                    $mvm, addr32!(InSlot(u32::from(src))), src_offset, then |bytes| {
                        let value = SlotValue::into_bits(ops::$mvg(bytes));
                        store!(ops::$mvf, $mvn, addr32!(InSlot(u32::from(dst))), dst_offset, value)
                    }
                );
            )*
            $(
                Instr::$tn { dst, addr, offset } => {
                    load!(dst, ops::$tf, $tnb, addr32!(InSlot(addr)), offset, then branch_after!(true))
                };
                Instr::$te { dst, addr, offset } => {
                    load!(dst, ops::$tf, $tnb, addr32!(InSlot(addr)), offset, then branch_after!(false))
                };
                Instr::$txn { dst, base, index } => {
                    load!(dst, ops::$tf, $tnb, index_addr!(base, index), 0, then branch_after!(true))
                };
                Instr::$txe { dst, base, index } => {
                    load!(dst, ops::$tf, $tnb, index_addr!(base, index), 0, then branch_after!(false))
                };
                Instr::$tsn { shift, dst, base, index } => {
                    load!(dst, ops::$tf, $tnb, scaled_addr!(base, index, shift), 0, then branch_after!(true))
                };
                Instr::$tse { shift, dst, base, index } => {
                    load!(dst, ops::$tf, $tnb, scaled_addr!(base, index, shift), 0, then branch_after!(false))
                };
            )*
            $(
                Instr::$dd { dst, addr, offset } => {
                    load!(dst, ops::$ddf, $ddn, addr32!(InSlot(addr)), offset, then load_after!($ddload, ops::$ddf, $ddn))
                };
            )*
        }
    };
}

crate::op_table::with_op_table!($ memory_handlers split);

/// The slow twins: the same instructions, asking the shared-heap chain (or trapping) when
/// an access misses linear memory.
pub(super) mod slow {
    use super::super::prelude::*;

    crate::op_table::with_op_table!($ memory_handlers full);
}
