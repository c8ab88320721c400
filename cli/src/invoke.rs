//! `--invoke NAME ARGS...`: calls one export with parameters parsed from the command line.

use anyhow::{anyhow, bail};
use interp::{Func, Instance, Store, Val};

use crate::values::{IntFormat, format_value_as, parse_value, type_name};
use shheap_wasi::WasiCtx;

/// What went wrong: before the call (bad name or arguments), or in wasm.
pub enum InvokeError {
    /// The export or the arguments do not fit; nothing ran.
    Usage(anyhow::Error),
    /// The call itself failed (trap, `proc_exit`, host error).
    Wasm(interp::Error),
}

/// Calls export `name` of `instance` with `args` and returns each result, formatted.
pub fn invoke(
    store: &mut Store<WasiCtx>,
    instance: Instance,
    name: &str,
    args: &[String],
    ints: IntFormat,
) -> Result<Vec<String>, InvokeError> {
    let (func, params) = prepare(store, instance, name, args).map_err(InvokeError::Usage)?;
    let mut results: Vec<Val> = func
        .ty(store)
        .results()
        .iter()
        .map(|&ty| Val::default_for(ty))
        .collect();
    func.call(store, &params, &mut results)
        .map_err(InvokeError::Wasm)?;
    Ok(results
        .into_iter()
        .map(|value| format_value_as(value, ints))
        .collect())
}

/// Finds the exported function and parses `args` by its parameter types.
fn prepare(
    store: &Store<WasiCtx>,
    instance: Instance,
    name: &str,
    args: &[String],
) -> anyhow::Result<(Func, Vec<Val>)> {
    let Some(func) = instance.get_func(store, name) else {
        let functions: Vec<&str> = instance
            .exports(store)
            .filter(|(_, export)| export.into_func().is_some())
            .map(|(export, _)| export)
            .collect();
        bail!(
            "the module exports no function named `{name}`: its exported functions are {}",
            if functions.is_empty() {
                "none".to_owned()
            } else {
                functions.join(", ")
            }
        );
    };
    let ty = func.ty(store);
    if ty.params().len() != args.len() {
        let signature: Vec<&str> = ty.params().iter().map(|&t| type_name(t)).collect();
        bail!(
            "`{name}` takes {} ({}) but {} given: pass one value per parameter after MODULE",
            match ty.params().len() {
                1 => "1 argument".to_owned(),
                n => format!("{n} arguments"),
            },
            signature.join(", "),
            match args.len() {
                1 => "1 was".to_owned(),
                n => format!("{n} were"),
            }
        );
    }
    let params = ty
        .params()
        .iter()
        .zip(args)
        .enumerate()
        .map(|(position, (&param, text))| {
            parse_value(text, param)
                .map_err(|why| anyhow!("argument {} of `{name}`: {why}", position + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((func, params))
}
