//! `wasm_runtime_call_wasm` and `wasm_runtime_call_wasm_a`.

use std::ffi::c_void;

use interp::{FuncType, Val, ValType};

use crate::boundary::guard;
use crate::context::with_instance;
use crate::error::CapiError;
use crate::exception::raise;
use crate::ffi_types::{WASM_F32, WASM_F64, WASM_I32, WASM_I64, wasm_val_t};
use crate::runtime::{bad_handle, non_null, with_runtime};

/// The instance of `exec_env` and the function, checked to belong together.
fn resolve(
    exec_env: *mut c_void,
    function: *mut c_void,
) -> Result<(usize, usize, interp::Func, FuncType), CapiError> {
    let env = non_null(exec_env, "exec_env")?;
    non_null(function, "function")?;
    with_runtime(|runtime| {
        let inst = *runtime
            .exec_envs
            .get(env)
            .ok_or_else(|| bad_handle(&runtime.exec_envs, "exec_env"))?;
        let record = runtime
            .functions
            .get(function.addr())
            .ok_or_else(|| bad_handle(&runtime.functions, "function"))?;
        if record.instance != inst {
            return Err(CapiError::refused(
                "the function belongs to another module instance than the exec env",
            ));
        }
        Ok((env, inst, record.func, record.ty.clone()))
    })
}

/// Refuses types with references, which C cells and `wasm_val_t` here do not carry.
fn check_numeric(ty: &FuncType) -> Result<(), CapiError> {
    if ty.params().iter().chain(ty.results()).any(|t| t.is_ref()) {
        return Err(CapiError::refused(
            "functions taking or returning references cannot be called through this C API",
        ));
    }
    Ok(())
}

/// Runs the call with `params` on exec env `env` of instance `inst`, recording a trap as the
/// instance's exception.
fn run(
    env: usize,
    inst: usize,
    func: interp::Func,
    ty: &FuncType,
    params: &[Val],
) -> Result<Vec<Val>, CapiError> {
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    let outcome = with_instance(inst, |store, _| {
        store.data_mut().exception = None;
        let outer = core::mem::replace(&mut store.data_mut().exec_env, env);
        let called = func.call(store, params, &mut results);
        store.data_mut().exec_env = outer;
        Ok(called)
    })?;
    match outcome {
        Ok(()) => Ok(results),
        Err(error) => {
            let text = error.to_string();
            raise(inst, &text)?;
            Err(CapiError::refused(format!("Exception: {text}")))
        }
    }
}

/// Refuses a call's arguments: the reason becomes the instance's exception too.
fn refuse_arguments(inst: usize, text: String) -> CapiError {
    let _ = raise(inst, &text);
    CapiError::refused(format!("Exception: {text}"))
}

/// Calls `function` with `argc` 32-bit cells of arguments at `argv` (i32 and f32 take one
/// cell, i64 and f64 two, low half first) and writes the results back to `argv` the same
/// way. False on a trap or refusal; the reason is the instance's exception (see
/// `wasm_runtime_get_exception`).
///
/// # Safety
/// `argv` must be readable for `argc` cells and writable for the results' cells.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_call_wasm(
    exec_env: *mut c_void,
    function: *mut c_void,
    argc: u32,
    argv: *mut u32,
) -> bool {
    guard(false, || {
        let (env, inst, func, ty) = resolve(exec_env, function)?;
        check_numeric(&ty)?;
        let cells = |types: &[ValType]| -> usize {
            types
                .iter()
                .map(|t| {
                    if matches!(t, ValType::I64 | ValType::F64) {
                        2
                    } else {
                        1
                    }
                })
                .sum()
        };
        let (needed, returned) = (cells(ty.params()), cells(ty.results()));
        if (argc as usize) < needed {
            return Err(refuse_arguments(
                inst,
                format!("invalid argument count {argc}, must be no smaller than {needed}"),
            ));
        }
        if argv.is_null() && (needed > 0 || returned > 0) {
            return Err(refuse_arguments(
                inst,
                "argv is NULL, but the function takes or returns values".to_owned(),
            ));
        }
        let mut params = Vec::with_capacity(ty.params().len());
        let mut cell = 0;
        // SAFETY: `needed <= argc` cells are readable at `argv` by the caller's contract.
        let read = |at: usize| unsafe { argv.add(at).read() };
        for t in ty.params() {
            let low = read(cell);
            params.push(match t {
                ValType::I32 => Val::I32(low as i32),
                ValType::F32 => Val::F32(low),
                ValType::I64 | ValType::F64 => {
                    let bits = u64::from(low) | (u64::from(read(cell + 1)) << 32);
                    cell += 1;
                    if *t == ValType::I64 {
                        Val::I64(bits as i64)
                    } else {
                        Val::F64(bits)
                    }
                }
                _ => Val::I32(0),
            });
            cell += 1;
        }
        let results = run(env, inst, func, &ty, &params)?;
        let mut cell = 0;
        // SAFETY: the results' cells are writable at `argv` by the caller's contract.
        let write = |at: usize, value: u32| unsafe { argv.add(at).write(value) };
        for result in results {
            match result {
                Val::I32(v) => write(cell, v as u32),
                Val::F32(bits) => write(cell, bits),
                Val::I64(v) => {
                    write(cell, v as u64 as u32);
                    write(cell + 1, (v as u64 >> 32) as u32);
                    cell += 1;
                }
                Val::F64(bits) => {
                    write(cell, bits as u32);
                    write(cell + 1, (bits >> 32) as u32);
                    cell += 1;
                }
                _ => {}
            }
            cell += 1;
        }
        Ok(true)
    })
}

/// Calls `function` with `num_args` values at `args` into `num_results` values at
/// `results`; the counts and kinds must match the function's type exactly. False on a trap
/// or refusal; the reason is the instance's exception.
///
/// # Safety
/// `args` must be readable for `num_args` values and `results` writable for `num_results`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_call_wasm_a(
    exec_env: *mut c_void,
    function: *mut c_void,
    num_results: u32,
    results: *mut wasm_val_t,
    num_args: u32,
    args: *mut wasm_val_t,
) -> bool {
    guard(false, || {
        let (env, inst, func, ty) = resolve(exec_env, function)?;
        check_numeric(&ty)?;
        if num_args as usize != ty.params().len() || num_results as usize != ty.results().len() {
            return Err(refuse_arguments(
                inst,
                format!(
                    "the function takes {} arguments and returns {} results, but num_args is {num_args} and num_results is {num_results}",
                    ty.params().len(),
                    ty.results().len()
                ),
            ));
        }
        if (num_args > 0 && args.is_null()) || (num_results > 0 && results.is_null()) {
            return Err(refuse_arguments(
                inst,
                "args or results is NULL, but the function takes or returns values".to_owned(),
            ));
        }
        let mut params = Vec::with_capacity(ty.params().len());
        for (k, t) in ty.params().iter().enumerate() {
            // SAFETY: `k < num_args` values are readable at `args` by the caller's contract.
            let arg = unsafe { args.add(k).read() };
            let value = match (arg.kind, t) {
                (WASM_I32, ValType::I32) => Val::I32(arg.of as u32 as i32),
                (WASM_I64, ValType::I64) => Val::I64(arg.of as i64),
                (WASM_F32, ValType::F32) => Val::F32(arg.of as u32),
                (WASM_F64, ValType::F64) => Val::F64(arg.of),
                _ => {
                    return Err(refuse_arguments(
                        inst,
                        format!(
                            "argument {k} has kind {} but the function takes {t:?} there",
                            arg.kind
                        ),
                    ));
                }
            };
            params.push(value);
        }
        let values = run(env, inst, func, &ty, &params)?;
        for (k, value) in values.into_iter().enumerate() {
            let (kind, of) = match value {
                Val::I32(v) => (WASM_I32, u64::from(v as u32)),
                Val::I64(v) => (WASM_I64, v as u64),
                Val::F32(bits) => (WASM_F32, u64::from(bits)),
                Val::F64(bits) => (WASM_F64, bits),
                _ => continue,
            };
            // SAFETY: `k < num_results` values are writable at `results`.
            unsafe {
                results.add(k).write(wasm_val_t {
                    kind,
                    _paddings: [0; 7],
                    of,
                })
            };
        }
        Ok(true)
    })
}
