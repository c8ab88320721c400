//! Turning engine panics into failures of the one directive that caused them, with the panic's
//! message and location, without the default hook's noise on stderr.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// The message and location of the last panic on this thread, while one is being caught.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whether this thread is inside [`catch`]; panics elsewhere are printed as usual.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that records panics in a thread-local for [`catch`] to report.
/// Call once, before any worker starts.
pub fn install_recording_hook() {
    panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|at| format!(" at {}:{}:{}", at.file(), at.line(), at.column()))
            .unwrap_or_default();
        let message = payload_message(info.payload());
        if CATCHING.with(Cell::get) {
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{location}")));
        } else {
            eprintln!("panic: {message}{location}");
        }
    }));
}

/// Runs `work`; a panic becomes `Err` with its message and location.
pub fn catch<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    let was_catching = CATCHING.with(|catching| catching.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|catching| catching.set(was_catching));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_message(payload.as_ref()))
    })
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic with a non-text payload".to_string()
    }
}
