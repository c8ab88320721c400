//! How operand types live in a frame slot (a `u64`) and in an instruction's 32-bit
//! immediate. The handlers read every operand through these traits, whatever its form
//! (slot, accumulator, immediate), so the forms of one operation cannot decode differently.

use crate::TrapCode;

/// A value type a slot holds. 32-bit values sit in the low half, zero-extended (the slot
/// encoding memory32 addresses rely on).
pub(crate) trait SlotValue: Copy {
    /// The value in slot bits `bits`.
    fn from_bits(bits: u64) -> Self;
    /// The slot bits of this value.
    fn into_bits(self) -> u64;
}

/// An integer type an instruction can carry as a 32-bit immediate, sign-extended.
pub(crate) trait ImmValue: SlotValue {
    /// The value of immediate `imm`.
    fn from_imm(imm: i32) -> Self;
    /// The immediate that stands for the value with slot bits `bits`, if one does.
    fn imm_of(bits: u64) -> Option<i32>;
}

macro_rules! slot_values {
    ($($ty:ty: |$b:ident| $from:expr, |$v:ident| $into:expr;)*) => {
        $(
            impl SlotValue for $ty {
                #[inline(always)]
                fn from_bits($b: u64) -> Self {
                    $from
                }
                #[inline(always)]
                fn into_bits(self) -> u64 {
                    let $v = self;
                    $into
                }
            }
        )*
    };
}

slot_values! {
    u64: |b| b, |v| v;
    i64: |b| b as i64, |v| v as u64;
    u32: |b| b as u32, |v| u64::from(v);
    i32: |b| b as u32 as i32, |v| u64::from(v as u32);
    f32: |b| f32::from_bits(b as u32), |v| u64::from(v.to_bits());
    f64: |b| f64::from_bits(b), |v| v.to_bits();
    bool: |b| b != 0, |v| u64::from(v);
}

impl ImmValue for u32 {
    #[inline(always)]
    fn from_imm(imm: i32) -> Self {
        imm as u32
    }
    fn imm_of(bits: u64) -> Option<i32> {
        Some(bits as u32 as i32)
    }
}

impl ImmValue for i32 {
    #[inline(always)]
    fn from_imm(imm: i32) -> Self {
        imm
    }
    fn imm_of(bits: u64) -> Option<i32> {
        Some(bits as u32 as i32)
    }
}

impl ImmValue for u64 {
    #[inline(always)]
    fn from_imm(imm: i32) -> Self {
        i64::from(imm) as u64
    }
    fn imm_of(bits: u64) -> Option<i32> {
        i32::try_from(bits as i64).ok()
    }
}

impl ImmValue for i64 {
    #[inline(always)]
    fn from_imm(imm: i32) -> Self {
        i64::from(imm)
    }
    fn imm_of(bits: u64) -> Option<i32> {
        i32::try_from(bits as i64).ok()
    }
}

/// What an operation returns: its value, or (for the operations that can trap) a result.
pub(crate) trait Outcome {
    /// The value type.
    type Value: SlotValue;
    /// The value or the trap.
    fn into_result(self) -> Result<Self::Value, TrapCode>;
}

impl<V: SlotValue> Outcome for V {
    type Value = V;
    #[inline(always)]
    fn into_result(self) -> Result<V, TrapCode> {
        Ok(self)
    }
}

impl<V: SlotValue> Outcome for Result<V, TrapCode> {
    type Value = V;
    #[inline(always)]
    fn into_result(self) -> Result<V, TrapCode> {
        self
    }
}

/// The immediate for constant `bits` as the right-hand operand of binary operation `_op`
/// (whose type names how the constant is read), if the constant fits one.
pub(crate) fn rhs_imm<A, B: ImmValue, R>(_op: fn(A, B) -> R, bits: u64) -> Option<i32> {
    B::imm_of(bits)
}
