//! [`IntoFunc`]: turning typed Rust closures into host functions.

use super::{Caller, HostArg, WasmParams, WasmResults};
use crate::error::Error;
use crate::types::FuncType;
use crate::values::Val;
use std::sync::Arc;

/// The dynamic form every host function is stored in.
pub type DynHostFn<T> =
    Arc<dyn Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static>;

/// What a typed host closure may return: results, or `Result` of results.
pub trait WasmRet {
    /// The results.
    type Results: WasmResults;
    /// Converts to `Result`.
    fn into_result(self) -> Result<Self::Results, Error>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_result(self) -> Result<R, Error> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R, Error> {
    type Results = R;
    fn into_result(self) -> Result<R, Error> {
        self
    }
}

/// A closure usable as a host function: `Fn(A1, ..) -> R` or
/// `Fn(Caller<'_, T>, A1, ..) -> R`, where each `A` is a [`HostArg`] (a
/// [`WasmTy`](super::WasmTy), or a checked pointer such as `AppRange` that is validated
/// before the body runs) and `R` is `()`, a `WasmTy`, a tuple of them, or a
/// `Result<_, Error>` of one of those.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The signature and dynamic form.
    fn into_host_fn(self) -> (FuncType, DynHostFn<T>);
}

#[cold]
pub(super) fn arg_mismatch() -> Error {
    Error::usage("host function called with arguments of the wrong types")
}

/// The wasm parameter types of a host function whose parameters are `push`ed in order.
fn param_types(push: &[fn(&mut Vec<crate::types::ValType>)]) -> Vec<crate::types::ValType> {
    let mut types = Vec::with_capacity(push.len());
    for push in push {
        push(&mut types);
    }
    types
}

/// Writes a host function's results in place (no `Vec` in between: host calls allocate
/// nothing of their own).
fn write_results<R: WasmResults>(r: R, results: &mut [Val]) -> Result<(), Error> {
    if R::count() != results.len() {
        return Err(Error::usage(
            "host function produced the wrong number of results",
        ));
    }
    let mut slots = results.iter_mut();
    r.each_val(|v| {
        if let Some(slot) = slots.next() {
            *slot = v;
        }
    });
    Ok(())
}

macro_rules! into_func {
    ($($a:ident)*) => {
        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($a: HostArg),*> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            fn into_host_fn(self) -> (FuncType, DynHostFn<T>) {
                let ty = FuncType::new(param_types(&[$($a::push_types),*]), R::Results::types());
                let f = move |mut _caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
                    #[allow(unused_mut, unused_variables)]
                    let mut it = params.iter();
                    $(let $a = $a::decode(&mut _caller, &mut it)?;)*
                    write_results(self($($a),*).into_result()?, results)
                };
                (ty, Arc::new(f))
            }
        }

        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($a: HostArg),*> IntoFunc<T, (Caller<'_, T>, $($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            fn into_host_fn(self) -> (FuncType, DynHostFn<T>) {
                let ty = FuncType::new(param_types(&[$($a::push_types),*]), R::Results::types());
                // `mut` is unused when there are no parameters to decode.
                #[allow(unused_mut)]
                let f = move |mut caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
                    #[allow(unused_mut, unused_variables)]
                    let mut it = params.iter();
                    $(let $a = $a::decode(&mut caller, &mut it)?;)*
                    write_results(self(caller, $($a),*).into_result()?, results)
                };
                (ty, Arc::new(f))
            }
        }
    };
}

into_func!();
into_func!(A1);
into_func!(A1 A2);
into_func!(A1 A2 A3);
into_func!(A1 A2 A3 A4);
into_func!(A1 A2 A3 A4 A5);
into_func!(A1 A2 A3 A4 A5 A6);
into_func!(A1 A2 A3 A4 A5 A6 A7);
into_func!(A1 A2 A3 A4 A5 A6 A7 A8);
