//! Calling an app's export with typed parameters and results: the one helper the common
//! modules of the integration tests share.

use interp::{Error, Instance, Store, WasmParams, WasmResults};

/// Calls export `name` of `instance` with `params`.
pub fn call<P: WasmParams, R: WasmResults>(
    store: &mut Store<()>,
    instance: Instance,
    name: &str,
    params: P,
) -> Result<R, Error> {
    instance
        .get_typed_func::<P, R>(&*store, name)
        .expect("export")
        .call(store, params)
}
