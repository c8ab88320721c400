//! The preview1 functions' bodies, one file per group of the witx. Each takes the caller and
//! the raw wasm arguments and returns `Ok` or the errno; `linking` turns that into the `i32`.

pub(crate) mod args_env;
pub(crate) mod clocks;
pub(crate) mod fd;
pub(crate) mod fd_dir;
pub(crate) mod fd_stat;
pub(crate) mod path;
pub(crate) mod poll;
pub(crate) mod proc;
pub(crate) mod sock;

use interp::Caller;

use crate::ctx::{WasiCtx, WasiView};

/// The caller's WASI state.
pub(crate) fn ctx<'c, T: WasiView>(caller: &'c mut Caller<'_, T>) -> &'c mut WasiCtx {
    caller.data_mut().wasi()
}

/// The most bytes one read or write moves; a larger request gets a short count, which
/// every caller must handle anyway, so no single call copies gigabytes.
pub(crate) const MAX_IO: usize = 16 << 20;
