//! Loads and stores of memory 0.

use super::prelude::*;

/// The arms, as fast handlers (`split`), then as their twins of the `cached` and `full`
/// tiers (see `mem_ptr!`).
macro_rules! arms {
    ($d:tt $mode:ident) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            Instr::I32LoadWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I64LoadWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 8, u64::from_le_bytes)
            };
            Instr::I32Load8SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            };
            Instr::I32Load8UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I32Load16SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            };
            Instr::I32Load16UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load8SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            };
            Instr::I64Load8UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I64Load16SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| i16::from_le_bytes(b) as i64 as u64)
            };
            Instr::I64Load16UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load32SWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| i32::from_le_bytes(b) as i64 as u64)
            };
            Instr::I64Load32UWrap { dst, base, imm } => {
                load_wrap!(dst, base, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I32StoreWrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    4,
                    (regs.get(value) as u32).to_le_bytes()
                )
            };
            Instr::I64StoreWrap { base, value, imm } => {
                store_to!(wrap_addr!(base, imm), 0, 8, regs.get(value).to_le_bytes())
            };
            Instr::I32Store8Wrap { base, value, imm } => {
                store_to!(wrap_addr!(base, imm), 0, 1, [regs.get(value) as u8])
            };
            Instr::I32Store16Wrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    2,
                    (regs.get(value) as u16).to_le_bytes()
                )
            };
            Instr::I64Store32Wrap { base, value, imm } => {
                store_to!(
                    wrap_addr!(base, imm),
                    0,
                    4,
                    (regs.get(value) as u32).to_le_bytes()
                )
            };
            Instr::I32StoreImmWrap { base, imm, value } => {
                store_to!(wrap_addr!(base, imm), 0, 4, value.to_le_bytes())
            };
            Instr::I64StoreImmWrap { base, imm, value } => {
                store_to!(wrap_addr!(base, imm), 0, 8, i64::from(value).to_le_bytes())
            };
            Instr::I32Store8ImmWrap { base, imm, value } => {
                store_to!(wrap_addr!(base, imm), 0, 1, [value as u8])
            };
            Instr::I32Store16ImmWrap { base, imm, value } => {
                store_to!(wrap_addr!(base, imm), 0, 2, (value as u16).to_le_bytes())
            };
            Instr::I64Store32ImmWrap { base, imm, value } => {
                store_to!(wrap_addr!(base, imm), 0, 4, value.to_le_bytes())
            };
            Instr::I32StoreImm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 4, imm.to_le_bytes())
            };
            Instr::I64StoreImm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 8, i64::from(imm).to_le_bytes())
            };
            Instr::I32Store8Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 1, [imm as u8])
            };
            Instr::I32Store16Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 2, (imm as u16).to_le_bytes())
            };
            Instr::I64Store32Imm { addr, imm, offset } => {
                store_to!(regs.get(addr), offset, 4, imm.to_le_bytes())
            };
            Instr::I32Load { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I64Load { dst, addr, offset } => load!(dst, addr, offset, 8, u64::from_le_bytes);
            Instr::I32Load8S { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            };
            Instr::I32Load8U { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I32Load16S { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            };
            Instr::I32Load16U { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load8S { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            };
            Instr::I64Load8U { dst, addr, offset } => {
                load!(dst, addr, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I64Load16S { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| i16::from_le_bytes(b) as i64
                    as u64)
            };
            Instr::I64Load16U { dst, addr, offset } => {
                load!(dst, addr, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load32S { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| i32::from_le_bytes(b) as i64
                    as u64)
            };
            Instr::I64Load32U { dst, addr, offset } => {
                load!(dst, addr, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I32Store { addr, value, offset, } => {
                store!(addr, value, offset, 4, |v: u64| (v as u32).to_le_bytes())
            };
            Instr::I64Store { addr, value, offset, } => {
                store!(addr, value, offset, 8, |v: u64| v.to_le_bytes())
            };
            Instr::I32Store8 { addr, value, offset, } => store!(addr, value, offset, 1, |v: u64| [v as u8]);
            Instr::I32Store16 { addr, value, offset, } => {
                store!(addr, value, offset, 2, |v: u64| (v as u16).to_le_bytes())
            };
            Instr::I64Store32 { addr, value, offset, } => {
                store!(addr, value, offset, 4, |v: u64| (v as u32).to_le_bytes())
            };

        }
    };
}

arms!($ split);

/// The `cached` twins: the same instructions, trying the shared heap hit last.
pub(super) mod cached {
    use super::super::prelude::*;

    arms!($ cached);
}

/// The slow twins: the same instructions, asking the shared-heap chain (or trapping) when
/// an access misses linear memory.
pub(super) mod slow {
    use super::super::prelude::*;

    arms!($ full);
}
