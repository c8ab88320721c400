//! [`HostArg`]: what a parameter of a typed host function may be. A plain [`WasmTy`] takes
//! one wasm value as it is; a checked pointer (`AppRange`, `AppStr` and their memory64
//! forms, with the `shared-heap` feature) takes one or two values and validates them against
//! the calling instance's linear memory and attached chain before the function body runs,
//! trapping "out of bounds memory access" when they do not hold.

use super::{Caller, WasmTy};
use crate::error::Error;
use crate::types::ValType;
use crate::values::Val;

/// A parameter of a host function made with [`Func::wrap`](crate::Func::wrap) or
/// [`Linker::func_wrap`](crate::Linker::func_wrap): the wasm values it takes, and how they
/// become the Rust value the body receives.
pub trait HostArg: Sized + 'static {
    /// Appends the wasm types of the values this parameter takes (one or more).
    fn push_types(types: &mut Vec<ValType>);

    /// Takes this parameter's values from `params` and converts (and for checked pointers,
    /// validates) them; an error ends the call with it (a trap for a bad pointer).
    fn decode<T>(
        caller: &mut Caller<'_, T>,
        params: &mut core::slice::Iter<'_, Val>,
    ) -> Result<Self, Error>;
}

impl<W: WasmTy> HostArg for W {
    fn push_types(types: &mut Vec<ValType>) {
        types.push(W::val_type());
    }

    #[inline]
    fn decode<T>(
        _caller: &mut Caller<'_, T>,
        params: &mut core::slice::Iter<'_, Val>,
    ) -> Result<Self, Error> {
        params
            .next()
            .and_then(|value| W::from_val(*value))
            .ok_or_else(super::into_func::arg_mismatch)
    }
}
