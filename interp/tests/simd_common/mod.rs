//! Helpers shared by the SIMD integration tests: an app from text, and calls of its exports.
#![allow(dead_code)]

use interp::{Engine, Error, Instance, Linker, Module, Store, WasmParams, WasmResults};

/// A fresh store with the module in WebAssembly text `wat` instantiated (no imports).
pub fn instantiate(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).expect("valid text")).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

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
