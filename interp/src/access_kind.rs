//! The kinds of load and store a memory other than memory 0 is accessed with (`LoadAt`,
//! `StoreAt` and their `MemoryOperand`): one instruction per direction, the kind an operand,
//! since these accesses take the slow path anyway.

/// A load or store kind: the width of the access and how a load extends its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum AccessKind {
    /// `i32.load` and `f32.load`.
    I32Load,
    /// `i64.load` and `f64.load`.
    I64Load,
    /// `i32.load8_s`.
    I32Load8S,
    /// `i32.load8_u`.
    I32Load8U,
    /// `i32.load16_s`.
    I32Load16S,
    /// `i32.load16_u`.
    I32Load16U,
    /// `i64.load8_s`.
    I64Load8S,
    /// `i64.load8_u`.
    I64Load8U,
    /// `i64.load16_s`.
    I64Load16S,
    /// `i64.load16_u`.
    I64Load16U,
    /// `i64.load32_s`.
    I64Load32S,
    /// `i64.load32_u`.
    I64Load32U,
    /// `i32.store` and `f32.store`.
    I32Store,
    /// `i64.store` and `f64.store`.
    I64Store,
    /// `i32.store8` and `i64.store8`.
    I32Store8,
    /// `i32.store16` and `i64.store16`.
    I32Store16,
    /// `i64.store32`.
    I64Store32,
}

impl AccessKind {
    const ALL: [AccessKind; 17] = [
        AccessKind::I32Load,
        AccessKind::I64Load,
        AccessKind::I32Load8S,
        AccessKind::I32Load8U,
        AccessKind::I32Load16S,
        AccessKind::I32Load16U,
        AccessKind::I64Load8S,
        AccessKind::I64Load8U,
        AccessKind::I64Load16S,
        AccessKind::I64Load16U,
        AccessKind::I64Load32S,
        AccessKind::I64Load32U,
        AccessKind::I32Store,
        AccessKind::I64Store,
        AccessKind::I32Store8,
        AccessKind::I32Store16,
        AccessKind::I64Store32,
    ];

    /// The kind encoded as `code` (`kind as u32`), if any.
    pub(crate) fn from_code(code: u32) -> Option<AccessKind> {
        Self::ALL.get(code as usize).copied()
    }

    /// Whether this is a store (else a load).
    pub(crate) fn is_store(self) -> bool {
        use AccessKind as K;
        matches!(
            self,
            K::I32Store | K::I64Store | K::I32Store8 | K::I32Store16 | K::I64Store32
        )
    }

    /// How many bytes the access touches.
    pub(crate) fn width(self) -> usize {
        use AccessKind as K;
        match self {
            K::I32Load8S | K::I32Load8U | K::I64Load8S | K::I64Load8U | K::I32Store8 => 1,
            K::I32Load16S | K::I32Load16U | K::I64Load16S | K::I64Load16U | K::I32Store16 => 2,
            K::I32Load | K::I64Load32S | K::I64Load32U | K::I32Store | K::I64Store32 => 4,
            K::I64Load | K::I64Store => 8,
        }
    }

    /// The slot bits a load of this kind produces from the little-endian `bytes` (only the
    /// first `width()` of which were read).
    pub(crate) fn extend(self, bytes: [u8; 8]) -> u64 {
        use AccessKind as K;
        let raw = u64::from_le_bytes(bytes);
        match self {
            K::I32Load8S => u64::from(raw as i8 as i32 as u32),
            K::I32Load16S => u64::from(raw as i16 as i32 as u32),
            K::I64Load8S => raw as i8 as i64 as u64,
            K::I64Load16S => raw as i16 as i64 as u64,
            K::I64Load32S => raw as i32 as i64 as u64,
            K::I32Load8U | K::I64Load8U => raw & 0xff,
            K::I32Load16U | K::I64Load16U => raw & 0xffff,
            K::I32Load | K::I64Load32U => raw & 0xffff_ffff,
            K::I64Load
            | K::I32Store
            | K::I64Store
            | K::I32Store8
            | K::I32Store16
            | K::I64Store32 => raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AccessKind;

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for (code, kind) in AccessKind::ALL.iter().enumerate() {
            assert_eq!(AccessKind::from_code(code as u32), Some(*kind));
            assert_eq!(*kind as u32, code as u32);
        }
        assert_eq!(AccessKind::from_code(AccessKind::ALL.len() as u32), None);
    }

    #[test]
    fn loads_extend_as_wasm_says() {
        let bytes = [0x80, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0x78];
        assert_eq!(AccessKind::I32Load8S.extend(bytes), 0xffff_ff80);
        assert_eq!(AccessKind::I32Load8U.extend(bytes), 0x80);
        assert_eq!(AccessKind::I32Load16S.extend(bytes), 0xffff_ff80);
        assert_eq!(AccessKind::I64Load16U.extend(bytes), 0xff80);
        assert_eq!(AccessKind::I64Load8S.extend(bytes), 0xffff_ffff_ffff_ff80);
        assert_eq!(AccessKind::I64Load32S.extend(bytes), 0xffff_ffff_ffff_ff80);
        assert_eq!(AccessKind::I64Load32U.extend(bytes), 0xffff_ff80);
        assert_eq!(AccessKind::I32Load.extend(bytes), 0xffff_ff80);
        assert_eq!(AccessKind::I64Load.extend(bytes), 0x7856_3412_ffff_ff80);
    }
}
