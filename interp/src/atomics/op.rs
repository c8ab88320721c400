//! [`AtomicOp`]: which threads-proposal instruction an `Instr::Atomic` runs, and the table
//! that maps every wasm atomic operator to one.

use wasmparser::{MemArg, Operator};

/// Calls `$m!` with the read-modify-write operations, one `Name name: "what it does"` each
/// (`name` as in `*.atomic.rmw*.name`): the one list both [`AtomicKind`] and the host API's
/// `AtomicRmwOp` are made from.
macro_rules! with_rmw_ops {
    ($m:ident) => {
        $m! {
            Add add: "wrapping addition",
            Sub sub: "wrapping subtraction",
            And and: "bitwise and",
            Or or: "bitwise or",
            Xor xor: "bitwise exclusive or",
            Xchg xchg: "replacement",
        }
    };
}
#[cfg(feature = "shared-heap")]
pub(crate) use with_rmw_ops;

/// Defines [`AtomicKind`] with the read-modify-write operations of [`with_rmw_ops!`].
macro_rules! atomic_kinds {
    ($($rmw:ident $wasm:ident: $what:literal,)*) => {
        /// What an atomic instruction does. Integer types do not appear: every operation reads
        /// and writes `width` bytes and zero-extends what it reads, which is all the i32 and i64
        /// forms differ in (slots hold i32 values zero-extended).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum AtomicKind {
            /// `*.atomic.load*`: the value read.
            Load,
            /// `*.atomic.store*`.
            Store,
            $(
                #[doc = concat!("`*.atomic.rmw*.", stringify!($wasm), "`: the old value; ", $what, ".")]
                $rmw,
            )*
            /// `*.atomic.rmw*.cmpxchg`: the old value; replaces it if it equals the expected one.
            Cmpxchg,
            /// `memory.atomic.wait32/64`: 0 woken, 1 not equal, 2 timed out.
            Wait,
            /// `memory.atomic.notify`: how many waiters it woke.
            Notify,
            /// `atomic.fence`.
            Fence,
        }

        impl AtomicKind {
            /// Every kind, in discriminant order (for decoding): the variants' own list.
            const ALL: [AtomicKind; [$(stringify!($rmw)),*].len() + 6] = [
                AtomicKind::Load,
                AtomicKind::Store,
                $(AtomicKind::$rmw,)*
                AtomicKind::Cmpxchg,
                AtomicKind::Wait,
                AtomicKind::Notify,
                AtomicKind::Fence,
            ];
        }
    };
}
with_rmw_ops!(atomic_kinds);

impl AtomicKind {
    /// How many operands the instruction pops (the address first).
    pub(crate) fn operands(self) -> usize {
        match self {
            AtomicKind::Fence => 0,
            AtomicKind::Load => 1,
            AtomicKind::Cmpxchg | AtomicKind::Wait => 3,
            _ => 2,
        }
    }

    /// Whether the instruction may write memory (so a read-only heap refuses it).
    pub(crate) fn writes(self) -> bool {
        !matches!(
            self,
            AtomicKind::Load | AtomicKind::Wait | AtomicKind::Notify | AtomicKind::Fence
        )
    }

    /// Whether the instruction pushes a result.
    pub(crate) fn has_result(self) -> bool {
        !matches!(self, AtomicKind::Store | AtomicKind::Fence)
    }
}

/// An atomic instruction's kind and access width in bytes, packed into the 16 bits the
/// instruction encoding has room for (any bit pattern decodes: the translator only makes
/// valid ones, and an invalid one would decode as some other valid operation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct AtomicOp(u16);

impl AtomicOp {
    /// `atomic.fence`.
    pub(crate) const FENCE: AtomicOp = AtomicOp::new(AtomicKind::Fence, 1);

    /// The operation `kind` on `width` bytes (1, 2, 4 or 8).
    pub(crate) const fn new(kind: AtomicKind, width: u8) -> AtomicOp {
        AtomicOp(((kind as u16) << 8) | width as u16)
    }

    /// What the instruction does.
    #[inline]
    pub(crate) fn kind(self) -> AtomicKind {
        let i = usize::from(self.0 >> 8);
        AtomicKind::ALL[i % AtomicKind::ALL.len()]
    }

    /// The access width in bytes: 1, 2, 4 or 8.
    #[inline]
    pub(crate) fn width(self) -> u8 {
        match self.0 as u8 {
            w @ (1 | 2 | 4) => w,
            _ => 8,
        }
    }
}

/// The operation and memory argument of `op`, if it is one of the threads proposal's
/// memory instructions (`atomic.fence` has no memory argument and is not one).
pub(crate) fn atomic_memory_operator(op: &Operator<'_>) -> Option<(AtomicOp, MemArg)> {
    use AtomicKind::*;
    macro_rules! operators {
        ($($name:ident => $kind:ident $width:literal,)*) => {
            match *op {
                $(Operator::$name { memarg } => Some((AtomicOp::new($kind, $width), memarg)),)*
                _ => None,
            }
        };
    }
    operators! {
        I32AtomicLoad => Load 4,
        I64AtomicLoad => Load 8,
        I32AtomicLoad8U => Load 1,
        I32AtomicLoad16U => Load 2,
        I64AtomicLoad8U => Load 1,
        I64AtomicLoad16U => Load 2,
        I64AtomicLoad32U => Load 4,
        I32AtomicStore => Store 4,
        I64AtomicStore => Store 8,
        I32AtomicStore8 => Store 1,
        I32AtomicStore16 => Store 2,
        I64AtomicStore8 => Store 1,
        I64AtomicStore16 => Store 2,
        I64AtomicStore32 => Store 4,
        I32AtomicRmwAdd => Add 4,
        I64AtomicRmwAdd => Add 8,
        I32AtomicRmw8AddU => Add 1,
        I32AtomicRmw16AddU => Add 2,
        I64AtomicRmw8AddU => Add 1,
        I64AtomicRmw16AddU => Add 2,
        I64AtomicRmw32AddU => Add 4,
        I32AtomicRmwSub => Sub 4,
        I64AtomicRmwSub => Sub 8,
        I32AtomicRmw8SubU => Sub 1,
        I32AtomicRmw16SubU => Sub 2,
        I64AtomicRmw8SubU => Sub 1,
        I64AtomicRmw16SubU => Sub 2,
        I64AtomicRmw32SubU => Sub 4,
        I32AtomicRmwAnd => And 4,
        I64AtomicRmwAnd => And 8,
        I32AtomicRmw8AndU => And 1,
        I32AtomicRmw16AndU => And 2,
        I64AtomicRmw8AndU => And 1,
        I64AtomicRmw16AndU => And 2,
        I64AtomicRmw32AndU => And 4,
        I32AtomicRmwOr => Or 4,
        I64AtomicRmwOr => Or 8,
        I32AtomicRmw8OrU => Or 1,
        I32AtomicRmw16OrU => Or 2,
        I64AtomicRmw8OrU => Or 1,
        I64AtomicRmw16OrU => Or 2,
        I64AtomicRmw32OrU => Or 4,
        I32AtomicRmwXor => Xor 4,
        I64AtomicRmwXor => Xor 8,
        I32AtomicRmw8XorU => Xor 1,
        I32AtomicRmw16XorU => Xor 2,
        I64AtomicRmw8XorU => Xor 1,
        I64AtomicRmw16XorU => Xor 2,
        I64AtomicRmw32XorU => Xor 4,
        I32AtomicRmwXchg => Xchg 4,
        I64AtomicRmwXchg => Xchg 8,
        I32AtomicRmw8XchgU => Xchg 1,
        I32AtomicRmw16XchgU => Xchg 2,
        I64AtomicRmw8XchgU => Xchg 1,
        I64AtomicRmw16XchgU => Xchg 2,
        I64AtomicRmw32XchgU => Xchg 4,
        I32AtomicRmwCmpxchg => Cmpxchg 4,
        I64AtomicRmwCmpxchg => Cmpxchg 8,
        I32AtomicRmw8CmpxchgU => Cmpxchg 1,
        I32AtomicRmw16CmpxchgU => Cmpxchg 2,
        I64AtomicRmw8CmpxchgU => Cmpxchg 1,
        I64AtomicRmw16CmpxchgU => Cmpxchg 2,
        I64AtomicRmw32CmpxchgU => Cmpxchg 4,
        MemoryAtomicWait32 => Wait 4,
        MemoryAtomicWait64 => Wait 8,
        MemoryAtomicNotify => Notify 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_width_round_trips() {
        for kind in AtomicKind::ALL {
            for width in [1, 2, 4, 8] {
                let op = AtomicOp::new(kind, width);
                assert_eq!((op.kind(), op.width()), (kind, width));
            }
        }
    }
}
