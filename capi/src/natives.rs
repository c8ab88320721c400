//! `wasm_runtime_register_natives`: C functions that wasm imports, called with their
//! pointer arguments checked and converted through linear memory and the attached chain.

use std::ffi::{CStr, c_char, c_void};
use std::ptr::NonNull;
use std::sync::Arc;

use interp::{Caller, Error, ExternType, Linker, Module, Val};

use crate::boundary::guard;
use crate::context::ActiveGuard;
use crate::error::CapiError;
use crate::ffi_types::NativeSymbol;
use crate::invoke::{FLOAT_REGS, INT_REGS, call_native};
use crate::runtime::{HostData, non_null, with_runtime};
use crate::signature::{Param, Ret, Signature};

/// The natives registered under one module name by one call.
pub(crate) struct NativeModule {
    pub(crate) name: String,
    pub(crate) symbols: Vec<Native>,
}

/// One registered native.
#[derive(Clone)]
pub(crate) struct Native {
    pub(crate) name: String,
    pub(crate) func: NonNull<c_void>,
    /// `None`: registered without a signature; the module's declared type is used.
    pub(crate) signature: Option<Signature>,
}

// SAFETY: `func` is the address of a C function, which any thread may call; the registrant
// promised (wasm_runtime_register_natives' contract) that it may be called from any thread
// running wasm that imports it.
unsafe impl Send for Native {}
// SAFETY: as above; the value is never mutated.
unsafe impl Sync for Native {}

/// Copies a C string argument.
///
/// # Safety
/// `text` must be NULL or a NUL-terminated string.
unsafe fn c_text(text: *const c_char, what: &'static str) -> Result<String, CapiError> {
    non_null(text, what)?;
    // SAFETY: non-null, and the caller promises NUL termination.
    let text = unsafe { CStr::from_ptr(text) };
    Ok(text
        .to_str()
        .map_err(|_| CapiError::NotUtf8 { what })?
        .to_owned())
}

/// Checks and copies the natives, then adds them to the runtime.
///
/// # Safety
/// As `wasm_runtime_register_natives`.
pub(crate) unsafe fn register(
    module_name: *const c_char,
    symbols: *const NativeSymbol,
    count: u32,
) -> Result<(), CapiError> {
    // SAFETY: the caller's contract.
    let name = unsafe { c_text(module_name, "module_name") }?;
    non_null(symbols, "native_symbols")?;
    let mut natives = Vec::with_capacity(count as usize);
    for index in 0..count as usize {
        // SAFETY: the caller promises `count` readable NativeSymbols at `symbols`.
        let symbol = unsafe { symbols.add(index).read() };
        // SAFETY: the caller's contract for each symbol's strings.
        let symbol_name = unsafe { c_text(symbol.symbol, "a native symbol's name") }?;
        let func = NonNull::new(symbol.func_ptr).ok_or_else(|| {
            CapiError::refused(format!(
                "native `{name}`.`{symbol_name}` has a NULL func_ptr"
            ))
        })?;
        let signature = if symbol.signature.is_null() {
            None
        } else {
            // SAFETY: the caller's contract.
            let text = unsafe { c_text(symbol.signature, "a native symbol's signature") }?;
            let signature = Signature::parse(&text).map_err(|why| {
                CapiError::refused(format!("native `{name}`.`{symbol_name}`: {why}"))
            })?;
            check_registers(&name, &symbol_name, &signature)?;
            Some(signature)
        };
        natives.push(Native {
            name: symbol_name,
            func,
            signature,
        });
    }
    with_runtime(|runtime| {
        let mut all: Vec<NativeModule> = Vec::with_capacity(runtime.natives.len() + 1);
        all.push(NativeModule {
            name,
            symbols: natives,
        });
        for existing in runtime.natives.iter() {
            all.push(NativeModule {
                name: existing.name.clone(),
                symbols: existing.symbols.clone(),
            });
        }
        runtime.natives = Arc::new(all);
        Ok(())
    })
}

/// Refuses signatures whose arguments do not all fit in registers (see `invoke`).
fn check_registers(module: &str, name: &str, signature: &Signature) -> Result<(), CapiError> {
    let (ints, floats) = signature.register_counts();
    if ints > INT_REGS || floats > FLOAT_REGS {
        return Err(CapiError::refused(format!(
            "native `{module}`.`{name}` takes {ints} integer or pointer arguments (the exec env included) and {floats} floating-point ones; this runtime calls natives with at most {INT_REGS} and {FLOAT_REGS}: pass a pointer to a struct instead"
        )));
    }
    Ok(())
}

/// Registers `n_native_symbols` natives that modules import as `module_name`.`symbol`.
/// Signature letters: `i` i32, `I` i64, `f` f32, `F` f64, `*` an app address checked (for
/// the byte count in the following `~` parameter, else 1 byte) and passed as a native
/// pointer, `~` that byte count, `$` the app address of a NUL-terminated string, checked and
/// passed as a native pointer; the result letter follows `)`. A bad address traps the call
/// with "out of bounds memory access". A NULL signature takes the importing module's type and
/// converts nothing. Natives registered later win over earlier ones of the same name. The
/// array is copied, so it need not outlive the call. Refused (false) for NULL arguments, a
/// malformed signature, or more arguments than fit in registers.
///
/// # Safety
/// `module_name` must be NULL or a NUL-terminated string; `native_symbols` must be NULL or
/// point to `n_native_symbols` readable entries whose strings are NULL or NUL-terminated and
/// whose `func_ptr` is a C function of the signature its string describes (the exec env
/// first), callable from any thread that runs wasm importing it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_register_natives(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
    n_native_symbols: u32,
) -> bool {
    guard(false, || {
        // SAFETY: forwarded from the caller's contract.
        unsafe { register(module_name, native_symbols, n_native_symbols) }?;
        Ok(true)
    })
}

/// The native registered for `module`.`name`, latest registration first.
fn find<'n>(natives: &'n [NativeModule], module: &str, name: &str) -> Option<&'n Native> {
    natives
        .iter()
        .filter(|m| m.name == module)
        .find_map(|m| m.symbols.iter().find(|s| s.name == name))
}

/// Defines in `linker` every registered native that `module` imports, with the type it
/// declares, refusing one whose signature does not match that type.
pub(crate) fn define_imports(
    linker: &mut Linker<HostData>,
    module: &Module,
    natives: &[NativeModule],
) -> Result<(), CapiError> {
    for import in module.imports() {
        let ExternType::Func(ty) = import.ty() else {
            continue;
        };
        let Some(native) = find(natives, import.module(), import.name()) else {
            continue;
        };
        let signature = match &native.signature {
            Some(signature) if signature.matches(&ty) => signature.clone(),
            Some(_) => {
                return Err(CapiError::refused(format!(
                    "import `{}`.`{}`: the module declares {:?} -> {:?}, which the registered native's signature does not describe",
                    import.module(),
                    import.name(),
                    ty.params(),
                    ty.results()
                )));
            }
            None => {
                let signature = Signature::from_type(&ty).ok_or_else(|| {
                    CapiError::refused(format!(
                        "import `{}`.`{}`: a C native cannot take or return {:?} -> {:?}",
                        import.module(),
                        import.name(),
                        ty.params(),
                        ty.results()
                    ))
                })?;
                check_registers(import.module(), import.name(), &signature)?;
                signature
            }
        };
        let func = native.func;
        let call = NativeCall { func, signature };
        linker.func_new(
            import.module(),
            import.name(),
            ty.clone(),
            move |caller: Caller<'_, HostData>, params: &[Val], results: &mut [Val]| {
                call.invoke(caller, params, results)
            },
        )?;
    }
    Ok(())
}

/// A native as linked into one instance.
struct NativeCall {
    func: NonNull<c_void>,
    signature: Signature,
}

// SAFETY: see `Native`.
unsafe impl Send for NativeCall {}
// SAFETY: see `Native`.
unsafe impl Sync for NativeCall {}

/// An address-sized argument as unsigned (i32 forms zero-extended).
fn unsigned(value: &Val) -> u64 {
    match value {
        Val::I32(v) => u64::from(*v as u32),
        Val::I64(v) => *v as u64,
        _ => 0,
    }
}

impl NativeCall {
    fn invoke(
        &self,
        mut caller: Caller<'_, HostData>,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<(), Error> {
        let instance = caller
            .instance()
            .ok_or_else(|| Error::msg("a native was called from outside an instance"))?;
        let mut ints = Vec::with_capacity(INT_REGS);
        let mut floats = Vec::with_capacity(FLOAT_REGS);
        ints.push(caller.data().exec_env as u64);
        for (k, (param, value)) in self.signature.params.iter().zip(params).enumerate() {
            match param {
                Param::I32 | Param::I64 | Param::Len => ints.push(match value {
                    // Sign-extended, as a C compiler would pass an int.
                    Val::I32(v) => *v as i64 as u64,
                    Val::I64(v) => *v as u64,
                    _ => 0,
                }),
                Param::F32 => floats.push(match value {
                    Val::F32(bits) => u64::from(*bits),
                    _ => 0,
                }),
                Param::F64 => floats.push(match value {
                    Val::F64(bits) => *bits,
                    _ => 0,
                }),
                Param::Ptr => {
                    let len = match self.signature.params.get(k + 1) {
                        Some(Param::Len) => params.get(k + 1).map_or(0, unsigned),
                        _ => 1,
                    };
                    // The same check as a Rust host function's `AppRange` argument.
                    let native =
                        instance.checked_app_range(caller.store_mut(), unsigned(value), len)?;
                    ints.push(native.as_ptr().addr() as u64);
                }
                Param::Str => {
                    // The same check as a Rust host function's `AppStr` argument.
                    let (native, _) =
                        instance.checked_app_c_str(caller.store_mut(), unsigned(value))?;
                    ints.push(native.as_ptr().addr() as u64);
                }
            }
        }
        let handle = caller.data().handle;
        caller.data_mut().exception = None;
        let bits = {
            let _active = ActiveGuard::push(handle, caller.store_mut(), instance);
            // SAFETY: the registrant promised a C function of this signature (checked
            // against the import's type when linking); the arguments were built from it,
            // and `check_registers` limited their counts to the registers.
            unsafe { call_native(self.func, &ints, &floats, self.signature.ret) }
        };
        if let Some(exception) = caller.data_mut().exception.take() {
            let text = exception.to_string_lossy();
            let text = text.strip_prefix("Exception: ").unwrap_or(&text);
            return Err(Error::msg(text.to_owned()));
        }
        if let Some(result) = results.first_mut() {
            *result = match self.signature.ret {
                Ret::I32 => Val::I32(bits as u32 as i32),
                Ret::I64 => Val::I64(bits as i64),
                Ret::F32 => Val::F32(bits as u32),
                Ret::F64 => Val::F64(bits),
                Ret::None => return Ok(()),
            };
        }
        Ok(())
    }
}
