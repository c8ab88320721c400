//! The reasons a wasm computation traps, worded as the WebAssembly spec words them.

use core::fmt;

/// Why execution trapped. `Display` prints the spec's wording, e.g. "integer divide by zero".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// The `unreachable` instruction ran.
    Unreachable,
    /// A load, store or bulk memory operation touched bytes outside its memory.
    MemoryOutOfBounds,
    /// A table access or bulk table operation went outside its table.
    TableOutOfBounds,
    /// `call_indirect` named an index outside the table.
    UndefinedElement,
    /// `call_indirect` found a null reference in the table.
    UninitializedElement,
    /// `call_indirect` found a function whose type differs from the expected one.
    IndirectCallTypeMismatch,
    /// Signed division overflowed, or a float-to-integer truncation was out of range.
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivideByZero,
    /// A float-to-integer truncation was given NaN.
    InvalidConversionToInteger,
    /// The call stack exceeded the store's depth limit.
    CallStackExhausted,
    /// `ref.as_non_null` was given a null reference.
    NullReference,
    /// `call_ref` or `return_call_ref` was given a null function reference.
    NullFunctionReference,
    /// The store ran out of fuel ([`crate::Config::consume_fuel`]); add more with
    /// [`crate::Store::set_fuel`] and call again.
    OutOfFuel,
    /// An [`crate::InterruptHandle`] asked the store's wasm code to stop.
    Interrupted,
    /// A store, atomic write or `memory.fill`/`copy`/`init` wrote into a shared heap that
    /// is read-only for wasm code (`Chain::set_read_only`). Not a spec trap: the spec has
    /// no read-only memory; a plain out-of-bounds access still traps with
    /// [`TrapCode::MemoryOutOfBounds`].
    ReadOnlyHeapWrite,
    /// An atomic instruction's effective address is not a multiple of its access width.
    UnalignedAtomic,
    /// `memory.atomic.wait32/64` on a linear memory not declared `shared`.
    ExpectedSharedMemory,
}

impl TrapCode {
    /// The spec's wording for this trap.
    pub fn message(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::MemoryOutOfBounds => "out of bounds memory access",
            Self::TableOutOfBounds => "out of bounds table access",
            Self::UndefinedElement => "undefined element",
            Self::UninitializedElement => "uninitialized element",
            Self::IndirectCallTypeMismatch => "indirect call type mismatch",
            Self::IntegerOverflow => "integer overflow",
            Self::IntegerDivideByZero => "integer divide by zero",
            Self::InvalidConversionToInteger => "invalid conversion to integer",
            Self::CallStackExhausted => "call stack exhausted",
            Self::NullReference => "null reference",
            Self::NullFunctionReference => "null function reference",
            Self::OutOfFuel => "all fuel consumed",
            Self::Interrupted => "interrupted",
            Self::ReadOnlyHeapWrite => "write to read-only shared heap",
            Self::UnalignedAtomic => "unaligned atomic",
            Self::ExpectedSharedMemory => "expected shared memory",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}
