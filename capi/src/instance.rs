//! Instances, exec envs and function lookup.

use std::ffi::{CStr, c_char, c_void};
use std::sync::{Arc, Mutex, PoisonError};

use interp::{Extern, Linker, Store};

use crate::boundary::guard;
use crate::context::is_active;
use crate::error::{CapiError, write_error_buf};
use crate::natives::define_imports;
use crate::runtime::{
    FunctionRecord, HostData, InstanceRecord, InstanceState, bad_handle, non_null, with_runtime,
};

/// Instantiates `module` in a store of its own, linking the registered natives it imports
/// and `env.shared_heap_malloc`/`env.shared_heap_free` (unless natives of those names are
/// registered), and runs its start function. NULL on refusal, with the reason in
/// `error_buf` and `shheap_last_error()`. `default_stack_size` and `host_managed_heap_size`
/// are ignored: wasm frames live on the heap, and there is no app heap besides the shared
/// heaps.
///
/// # Safety
/// `error_buf` must be NULL or writable for `error_buf_size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_instantiate(
    module: *mut c_void,
    default_stack_size: u32,
    host_managed_heap_size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> *mut c_void {
    let _ = (default_stack_size, host_managed_heap_size);
    let mut reason = None;
    let instance = guard(core::ptr::null_mut(), || {
        let result = instantiate(module);
        if let Err(error) = &result {
            reason = Some(error.to_string());
        }
        result
    });
    if let Some(reason) = reason {
        // SAFETY: the caller's contract for `error_buf`.
        unsafe { write_error_buf(error_buf, error_buf_size, &reason) };
    }
    instance
}

fn instantiate(module: *mut c_void) -> Result<*mut c_void, CapiError> {
    non_null(module, "module")?;
    let (engine, module, natives) = with_runtime(|runtime| {
        let found = runtime
            .modules
            .get(module.addr())
            .cloned()
            .ok_or_else(|| bad_handle(&runtime.modules, "module"))?;
        Ok((runtime.engine.clone(), found, runtime.natives.clone()))
    })?;
    let mut linker = Linker::new(&engine);
    linker.define_shared_heap_functions()?;
    linker.allow_shadowing(true);
    define_imports(&mut linker, &module, &natives)?;
    let mut store = Store::new(&engine, HostData::default());
    // Run without the runtime's lock: the start function may call natives that call us.
    let instance = linker.instantiate(&mut store, &module)?;
    with_runtime(|runtime| {
        let cell = Arc::new(Mutex::new(InstanceState { store, instance }));
        let handle = runtime
            .instances
            .insert(InstanceRecord {
                cell: cell.clone(),
                functions: Vec::new(),
                exec_envs: Vec::new(),
                attached: None,
            })
            .ok_or_else(|| CapiError::refused("too many module instances"))?;
        cell.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .store
            .data_mut()
            .handle = handle;
        Ok(handle as *mut c_void)
    })
}

/// Destroys an instance: detaches its heap, and invalidates its exec envs and function
/// handles. A NULL or bad handle is ignored; an instance whose native is running on this
/// thread is not destroyed (reason in `shheap_last_error()`).
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_deinstantiate(module_inst: *mut c_void) {
    guard((), || {
        let inst = non_null(module_inst, "module_inst")?;
        if is_active(inst) {
            return Err(CapiError::refused(
                "an instance cannot be deinstantiated from inside one of its own native calls",
            ));
        }
        let record = with_runtime(|runtime| {
            let record = runtime
                .instances
                .remove(inst)
                .ok_or_else(|| bad_handle(&runtime.instances, "module_inst"))?;
            for (_, function) in &record.functions {
                runtime.functions.remove(*function);
            }
            for exec_env in &record.exec_envs {
                runtime.exec_envs.remove(*exec_env);
            }
            Ok(record)
        })?;
        // Waits for a call on another thread to finish, then drops the store and with it
        // the instance's handle to its chain.
        let cell = record.cell;
        {
            let mut state = cell.lock().unwrap_or_else(PoisonError::into_inner);
            let instance = state.instance;
            instance.detach_shared_heap(&mut state.store);
        }
        drop(cell);
        if let Some(head) = record.attached {
            with_runtime(|runtime| {
                runtime.heaps.count_detach(head);
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// The exported function `name` of the instance; NULL if there is none (or on a bad
/// handle). The handle lives as long as the instance; looking the same name up again
/// returns the same handle.
///
/// # Safety
/// `name` must be NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_runtime_lookup_function(
    module_inst: *mut c_void,
    name: *const c_char,
) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        let inst = non_null(module_inst, "module_inst")?;
        non_null(name, "name")?;
        // SAFETY: non-null and NUL-terminated by the caller's contract.
        let name = unsafe { CStr::from_ptr(name) }
            .to_str()
            .map_err(|_| CapiError::NotUtf8 { what: "name" })?
            .to_owned();
        let known = with_runtime(|runtime| {
            let record = runtime
                .instances
                .get(inst)
                .ok_or_else(|| bad_handle(&runtime.instances, "module_inst"))?;
            Ok(record
                .functions
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, h)| *h))
        })?;
        if let Some(handle) = known {
            return Ok(handle as *mut c_void);
        }
        let (func, ty) = crate::context::with_instance(inst, |store, instance| {
            match instance.get_export(store, &name) {
                Some(Extern::Func(func)) => Ok((func, func.ty(store))),
                _ => Err(CapiError::refused(format!(
                    "the instance exports no function named `{name}`"
                ))),
            }
        })?;
        with_runtime(|runtime| {
            if runtime.instances.get(inst).is_none() {
                return Err(bad_handle(&runtime.instances, "module_inst"));
            }
            let handle = runtime
                .functions
                .insert(FunctionRecord {
                    instance: inst,
                    func,
                    ty,
                })
                .ok_or_else(|| CapiError::refused("too many function handles"))?;
            if let Some(record) = runtime.instances.get_mut(inst) {
                record.functions.push((name, handle));
            }
            Ok(handle as *mut c_void)
        })
    })
}

/// An exec env for calling the instance's functions (`stack_size` is ignored: wasm frames
/// live on the heap). NULL on a bad handle. Destroyed with the instance at the latest.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_create_exec_env(
    module_inst: *mut c_void,
    stack_size: u32,
) -> *mut c_void {
    let _ = stack_size;
    guard(core::ptr::null_mut(), || {
        let inst = non_null(module_inst, "module_inst")?;
        with_runtime(|runtime| {
            if runtime.instances.get(inst).is_none() {
                return Err(bad_handle(&runtime.instances, "module_inst"));
            }
            let handle = runtime
                .exec_envs
                .insert(inst)
                .ok_or_else(|| CapiError::refused("too many exec envs"))?;
            if let Some(record) = runtime.instances.get_mut(inst) {
                record.exec_envs.push(handle);
            }
            Ok(handle as *mut c_void)
        })
    })
}

/// Destroys an exec env; a NULL or bad handle (e.g. destroyed twice) is ignored.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_destroy_exec_env(exec_env: *mut c_void) {
    guard((), || {
        let env = non_null(exec_env, "exec_env")?;
        with_runtime(|runtime| {
            let inst = runtime
                .exec_envs
                .remove(env)
                .ok_or_else(|| bad_handle(&runtime.exec_envs, "exec_env"))?;
            if let Some(record) = runtime.instances.get_mut(inst) {
                record.exec_envs.retain(|&e| e != env);
            }
            Ok(())
        })
    })
}

/// The instance an exec env calls into; NULL for a NULL or bad handle.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_runtime_get_module_inst(exec_env: *mut c_void) -> *mut c_void {
    guard(core::ptr::null_mut(), || {
        let env = non_null(exec_env, "exec_env")?;
        with_runtime(|runtime| {
            runtime
                .exec_envs
                .get(env)
                .map(|&inst| inst as *mut c_void)
                .ok_or_else(|| bad_handle(&runtime.exec_envs, "exec_env"))
        })
    })
}
