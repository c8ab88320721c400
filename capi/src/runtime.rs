//! The runtime: one per process, created by `wasm_runtime_init` and torn down by
//! `wasm_runtime_destroy`, holding every handle table.

use std::ffi::CString;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use interp::{Engine, Instance, Module, Store};

use crate::boundary::guard;
use crate::error::CapiError;
use crate::ffi_types::{MODE_INTERP, RuntimeInitArgs};
use crate::handle::{HandleTable, Kind};
use crate::heaps::HeapRegistry;
use crate::natives::{NativeModule, register};

/// Everything the handles point at.
pub(crate) struct Runtime {
    /// `wasm_runtime_init` calls not yet matched by `wasm_runtime_destroy`.
    refs: u32,
    pub(crate) engine: Engine,
    pub(crate) modules: HandleTable<Module>,
    pub(crate) instances: HandleTable<InstanceRecord>,
    /// Each exec env names its instance.
    pub(crate) exec_envs: HandleTable<usize>,
    pub(crate) functions: HandleTable<FunctionRecord>,
    pub(crate) heaps: HeapRegistry,
    /// Registered natives, latest registration first.
    pub(crate) natives: Arc<Vec<NativeModule>>,
}

/// An instance as the registry sees it.
pub(crate) struct InstanceRecord {
    pub(crate) cell: Arc<InstanceCell>,
    /// Handles handed out by `wasm_runtime_lookup_function`, by export name.
    pub(crate) functions: Vec<(String, usize)>,
    pub(crate) exec_envs: Vec<usize>,
    /// The heap (chain head) attached to the instance, if any.
    pub(crate) attached: Option<usize>,
}

/// A function handle: the export of one instance.
pub(crate) struct FunctionRecord {
    pub(crate) instance: usize,
    pub(crate) func: interp::Func,
    pub(crate) ty: interp::FuncType,
}

/// The instance's store, locked while the host or wasm uses it.
pub(crate) type InstanceCell = Mutex<InstanceState>;

/// One instance in its own store (as in WAMR, instances share nothing but heaps).
pub(crate) struct InstanceState {
    pub(crate) store: Store<HostData>,
    pub(crate) instance: Instance,
}

/// What natives and the API need to find from inside a call.
#[derive(Default)]
pub(crate) struct HostData {
    /// This instance's handle.
    pub(crate) handle: usize,
    /// The exec env of the call under way (0 outside calls).
    pub(crate) exec_env: usize,
    /// The exception, as `wasm_runtime_get_exception` returns it.
    pub(crate) exception: Option<CString>,
}

static RUNTIME: Mutex<Option<Runtime>> = Mutex::new(None);

fn lock() -> MutexGuard<'static, Option<Runtime>> {
    // Every update leaves the tables consistent between statements that can panic, so a
    // poisoned lock is safe to take over.
    RUNTIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `f` on the runtime, refused when it is not initialized. Never call back into C or
/// run wasm inside `f`: the runtime's lock is held.
pub(crate) fn with_runtime<R>(
    f: impl FnOnce(&mut Runtime) -> Result<R, CapiError>,
) -> Result<R, CapiError> {
    let mut runtime = lock();
    let runtime = runtime.as_mut().ok_or(CapiError::NotInitialized)?;
    f(runtime)
}

/// A null check for handle and pointer arguments.
pub(crate) fn non_null<T>(ptr: *const T, what: &'static str) -> Result<usize, CapiError> {
    if ptr.is_null() {
        Err(CapiError::Null { what })
    } else {
        Ok(ptr.addr())
    }
}

/// The refusal for a handle that is not in `table`.
pub(crate) fn bad_handle<T>(table: &HandleTable<T>, what: &'static str) -> CapiError {
    CapiError::BadHandle {
        what,
        kind: table.kind().name(),
    }
}

fn init() -> Result<bool, CapiError> {
    let mut runtime = lock();
    match runtime.as_mut() {
        Some(existing) => existing.refs += 1,
        None => {
            *runtime = Some(Runtime {
                refs: 1,
                engine: Engine::default(),
                modules: HandleTable::new(Kind::Module),
                instances: HandleTable::new(Kind::Instance),
                exec_envs: HandleTable::new(Kind::ExecEnv),
                functions: HandleTable::new(Kind::Function),
                heaps: HeapRegistry::new(),
                natives: Arc::new(Vec::new()),
            })
        }
    }
    Ok(true)
}

/// Initializes the runtime. Calls nest: each needs a matching `wasm_runtime_destroy`.
/// Returns true.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_init() -> bool {
    guard(false, init)
}

/// Initializes the runtime and registers `init_args->native_symbols` under
/// `init_args->native_module_name`. Refused (false) for a NULL `init_args`, a running mode
/// other than the interpreter, or natives that `wasm_runtime_register_natives` refuses (the
/// runtime then stays uninitialized by this call).
///
/// # Safety
/// `init_args` must be NULL or point to a readable `RuntimeInitArgs` whose natives follow
/// the rules of `wasm_runtime_register_natives`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_full_init(init_args: *mut RuntimeInitArgs) -> bool {
    guard(false, || {
        non_null(init_args, "init_args")?;
        // SAFETY: non-null, and the caller promises it points to a RuntimeInitArgs.
        let args = unsafe { init_args.read() };
        if args.running_mode != 0 && args.running_mode != MODE_INTERP {
            return Err(CapiError::refused(format!(
                "running mode {} is not available: this runtime has only the interpreter (Mode_Interp = 1, or 0 for the default)",
                args.running_mode
            )));
        }
        init()?;
        if args.n_native_symbols > 0 {
            // SAFETY: forwarded from the caller's promise.
            let registered = unsafe {
                register(
                    args.native_module_name,
                    args.native_symbols,
                    args.n_native_symbols,
                )
            };
            if let Err(error) = registered {
                destroy();
                return Err(error);
            }
        }
        Ok(true)
    })
}

fn destroy() {
    let taken = {
        let mut runtime = lock();
        match runtime.as_mut() {
            Some(existing) if existing.refs > 1 => {
                existing.refs -= 1;
                None
            }
            _ => runtime.take(),
        }
    };
    // Dropped outside the lock: dropping instances drops their stores.
    drop(taken);
}

/// Ends one `wasm_runtime_init`; the last one destroys every module, instance, exec env and
/// shared heap (pre-allocated buffers stay the caller's). Calling it without a runtime does
/// nothing.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_destroy() {
    guard((), || {
        destroy();
        Ok(())
    })
}
