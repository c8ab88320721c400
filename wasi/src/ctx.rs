//! [`WasiCtx`]: everything a module's preview1 calls see, and [`WasiView`], how host
//! functions find it in the store's data.

use crate::clock::Clock;
use crate::random::RandomSource;
use crate::table::Table;

/// The WASI state of one module instance: arguments, environment, descriptors, clock and
/// random source. Build one with [`WasiCtxBuilder`](crate::WasiCtxBuilder).
pub struct WasiCtx {
    pub(crate) args: Vec<Vec<u8>>,
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) table: Table,
    pub(crate) clock: Box<dyn Clock>,
    pub(crate) random: Box<dyn RandomSource>,
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args.len())
            .field("env", &self.env.len())
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

/// How the preview1 functions reach the [`WasiCtx`] inside a store's data.
pub trait WasiView: 'static {
    /// The WASI state.
    fn wasi(&mut self) -> &mut WasiCtx;
}

impl WasiView for WasiCtx {
    fn wasi(&mut self) -> &mut WasiCtx {
        self
    }
}
