//! Loads addressed by the accumulator and stores of it.

use super::prelude::*;

/// The arms, as fast handlers (`split`), then as their twins of the `cached` and `full`
/// tiers (see `mem_ptr!`).
macro_rules! arms {
    ($d:tt $mode:ident) => {
        handlers! {
            $d $mode [cx, ip, regs, mem]
            Instr::I32LoadAcc { dst, offset } => {
                load_acc!(dst, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I64LoadAcc { dst, offset } => load_acc!(dst, offset, 8, u64::from_le_bytes);
            Instr::I32Load8SAcc { dst, offset } => {
                load_acc!(dst, offset, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            };
            Instr::I32Load8UAcc { dst, offset } => {
                load_acc!(dst, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I32Load16SAcc { dst, offset } => {
                load_acc!(dst, offset, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            };
            Instr::I32Load16UAcc { dst, offset } => {
                load_acc!(dst, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load8SAcc { dst, offset } => {
                load_acc!(dst, offset, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            };
            Instr::I64Load8UAcc { dst, offset } => {
                load_acc!(dst, offset, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I64Load16SAcc { dst, offset } => {
                load_acc!(dst, offset, 2, |b| i16::from_le_bytes(b) as i64
                    as u64)
            };
            Instr::I64Load16UAcc { dst, offset } => {
                load_acc!(dst, offset, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load32SAcc { dst, offset } => {
                load_acc!(dst, offset, 4, |b| i32::from_le_bytes(b) as i64
                    as u64)
            };
            Instr::I64Load32UAcc { dst, offset } => {
                load_acc!(dst, offset, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I32StoreAcc { addr, offset } => {
                store_acc!(addr, offset, 4, |v: u64| (v as u32).to_le_bytes())
            };
            Instr::I64StoreAcc { addr, offset } => {
                store_acc!(addr, offset, 8, |v: u64| v.to_le_bytes())
            };
            Instr::I32Store8Acc { addr, offset } => store_acc!(addr, offset, 1, |v: u64| [v as u8]);
            Instr::I32Store16Acc { addr, offset } => {
                store_acc!(addr, offset, 2, |v: u64| (v as u16).to_le_bytes())
            };
            Instr::I64Store32Acc { addr, offset } => {
                store_acc!(addr, offset, 4, |v: u64| (v as u32).to_le_bytes())
            };
            Instr::I32LoadWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
            };
            Instr::I64LoadWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 8, u64::from_le_bytes)
            };
            Instr::I32Load8SWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 1, |b: [u8; 1]| u64::from(
                    b[0] as i8 as i32 as u32
                ))
            };
            Instr::I32Load8UWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I32Load16SWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 2, |b| u64::from(
                    i16::from_le_bytes(b) as i32 as u32
                ))
            };
            Instr::I32Load16UWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load8SWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 1, |b: [u8; 1]| b[0] as i8 as i64 as u64)
            };
            Instr::I64Load8UWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 1, |b: [u8; 1]| u64::from(b[0]))
            };
            Instr::I64Load16SWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 2, |b| i16::from_le_bytes(b) as i64 as u64)
            };
            Instr::I64Load16UWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 2, |b| u64::from(u16::from_le_bytes(b)))
            };
            Instr::I64Load32SWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 4, |b| i32::from_le_bytes(b) as i64 as u64)
            };
            Instr::I64Load32UWrapAcc { dst, imm } => {
                load_wrap_acc!(dst, imm, 4, |b| u64::from(u32::from_le_bytes(b)))
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
