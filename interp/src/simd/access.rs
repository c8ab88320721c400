//! The SIMD loads and stores as values (`SimdAccess`), for the instructions that reach a
//! memory other than memory 0 (`Instr::V128LoadAt`, `Instr::V128StoreAt`), which carry the
//! access in their `MemoryOperand` rather than in their own variant as memory 0's do.

use super::{V128, ops};

macro_rules! simd_access {
    (
        $d:tt
        simd_load: [$($vload:ident = $vloadf:ident($vloadn:literal);)*],
        simd_store: [$($vstore:ident = $vstoref:ident($vstoren:literal);)*],
        simd_load_lane: [$($vloadl:ident = $vloadlf:ident($vloadln:literal);)*],
        simd_store_lane: [$($vstorel:ident = $vstorelf:ident($vstoreln:literal);)*],
    ) => {
        /// A SIMD load or store row of the SIMD table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum SimdAccess {
            $($vload,)*
            $($vstore,)*
            $($vloadl,)*
            $($vstorel,)*
        }

        impl SimdAccess {
            /// Every access, in discriminant order.
            const ALL: &[SimdAccess] = &[
                $(SimdAccess::$vload,)*
                $(SimdAccess::$vstore,)*
                $(SimdAccess::$vloadl,)*
                $(SimdAccess::$vstorel,)*
            ];

            /// The access with code `code` (its discriminant), if any.
            pub(crate) fn from_code(code: u32) -> Option<SimdAccess> {
                Self::ALL.get(code as usize).copied()
            }

            /// The access of SIMD operator `op`, with its memarg and lane (0 if none).
            pub(crate) fn of(op: &wasmparser::Operator<'_>) -> Option<(SimdAccess, wasmparser::MemArg, u8)> {
                use wasmparser::Operator as O;
                Some(match *op {
                    $(O::$vload { memarg } => (SimdAccess::$vload, memarg, 0),)*
                    $(O::$vstore { memarg } => (SimdAccess::$vstore, memarg, 0),)*
                    $(O::$vloadl { memarg, lane } => (SimdAccess::$vloadl, memarg, lane),)*
                    $(O::$vstorel { memarg, lane } => (SimdAccess::$vstorel, memarg, lane),)*
                    _ => return None,
                })
            }

            /// Whether the access writes memory.
            pub(crate) fn is_store(self) -> bool {
                match self {
                    $(SimdAccess::$vstore => true,)*
                    $(SimdAccess::$vstorel => true,)*
                    _ => false,
                }
            }

            /// Whether the access is a lane load (which takes a vector operand).
            pub(crate) fn is_lane_load(self) -> bool {
                matches!(self, $(SimdAccess::$vloadl)|*)
            }

            /// How many bytes the access reads or writes.
            pub(crate) fn width(self) -> usize {
                match self {
                    $(SimdAccess::$vload => $vloadn,)*
                    $(SimdAccess::$vstore => $vstoren,)*
                    $(SimdAccess::$vloadl => $vloadln,)*
                    $(SimdAccess::$vstorel => $vstoreln,)*
                }
            }

            /// A load's result from the `width()` bytes read (in the front of `bytes`) and,
            /// for a lane load, the vector `src` and the lane; a store gives `src` back.
            pub(crate) fn load(self, bytes: [u8; 16], src: V128, lane: u8) -> V128 {
                match self {
                    $(SimdAccess::$vload => ops::$vloadf(front::<$vloadn>(bytes)),)*
                    $(SimdAccess::$vloadl => ops::$vloadlf(src, lane, front::<$vloadln>(bytes)),)*
                    _ => src,
                }
            }

            /// The bytes a store writes (the first `width()` of them) of `value`.
            pub(crate) fn store(self, value: V128, lane: u8) -> [u8; 16] {
                let mut out = [0u8; 16];
                match self {
                    $(SimdAccess::$vstore => out[..$vstoren].copy_from_slice(&ops::$vstoref(value)),)*
                    $(SimdAccess::$vstorel => out[..$vstoreln].copy_from_slice(&ops::$vstorelf(value, lane)),)*
                    _ => {}
                }
                out
            }
        }
    };
}

/// The first `N` of 16 bytes.
fn front<const N: usize>(bytes: [u8; 16]) -> [u8; N] {
    core::array::from_fn(|i| bytes[i])
}

crate::simd::table::simd_memory_rows!($ [simd_access] []);
