//! Reaching an instance from the API: through the native running on this thread, or by
//! locking the instance.
//!
//! While wasm runs, its instance's lock is held by the calling thread. A native it calls
//! receives the exec env and usually calls back into this API with its instance
//! (`wasm_runtime_addr_app_to_native`, `wasm_runtime_shared_heap_malloc`, ...). Locking again
//! would deadlock, so each native call records its store on a per-thread stack, and the API
//! uses that store when the handle names the instance of the innermost native call.

use std::cell::RefCell;
use std::sync::PoisonError;

use interp::{Instance, Store};

use crate::error::CapiError;
use crate::runtime::{HostData, with_runtime};

/// A native call under way on this thread.
struct Active {
    handle: usize,
    store: *mut Store<HostData>,
    instance: Instance,
}

thread_local! {
    static ACTIVE: RefCell<Vec<Active>> = const { RefCell::new(Vec::new()) };
}

/// Marks a native call of instance `handle` as under way until dropped.
pub(crate) struct ActiveGuard(());

impl ActiveGuard {
    /// Pushes the call; `store` must stay borrowed for the guard's whole life and not be
    /// used except through this module while the guard lives.
    pub(crate) fn push(handle: usize, store: &mut Store<HostData>, instance: Instance) -> Self {
        let store: *mut Store<HostData> = store;
        ACTIVE.with(|active| {
            active.borrow_mut().push(Active {
                handle,
                store,
                instance,
            })
        });
        ActiveGuard(())
    }
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        let _ = ACTIVE.try_with(|active| active.borrow_mut().pop());
    }
}

/// Whether instance `handle` has a native call under way on this thread.
pub(crate) fn is_active(handle: usize) -> bool {
    ACTIVE.with(|active| active.borrow().iter().any(|a| a.handle == handle))
}

/// Runs `f` on instance `handle`'s store: the innermost native call's store if it belongs
/// to that instance, else the instance's own, locked (waiting while another thread runs
/// it).
pub(crate) fn with_instance<R>(
    handle: usize,
    f: impl FnOnce(&mut Store<HostData>, Instance) -> Result<R, CapiError>,
) -> Result<R, CapiError> {
    if handle == 0 {
        return Err(CapiError::Null {
            what: "module_inst",
        });
    }
    let innermost = ACTIVE.with(|active| {
        let active = active.borrow();
        match active.last() {
            Some(top) if top.handle == handle => Ok(Some((top.store, top.instance))),
            _ if active.iter().any(|a| a.handle == handle) => Err(CapiError::refused(
                "this module instance is busy: a native function of it is running further up this thread's stack, and only the innermost native call may use its instance",
            )),
            _ => Ok(None),
        }
    })?;
    if let Some((store, instance)) = innermost {
        // SAFETY: the pointer was taken from the `&mut Store` the innermost native call
        // borrows for as long as its guard lives, and that call is running below us on this
        // thread, using the store only through this stack until the native returns.
        return f(unsafe { &mut *store }, instance);
    }
    let cell = with_runtime(|runtime| {
        runtime
            .instances
            .get(handle)
            .map(|record| record.cell.clone())
            .ok_or_else(|| crate::runtime::bad_handle(&runtime.instances, "module_inst"))
    })?;
    let mut state = cell.lock().unwrap_or_else(PoisonError::into_inner);
    let instance = state.instance;
    f(&mut state.store, instance)
}
