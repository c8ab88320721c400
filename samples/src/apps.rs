//! The two sample apps and the host side they import.

use interp::{Caller, Engine, Error, Linker};

use crate::log::Log;

/// The producing app (`apps/samples/producer.c`).
pub(crate) const PRODUCER: &[u8] = include_bytes!("../../apps/samples/producer.wasm");
/// The consuming app (`apps/samples/consumer.c`).
pub(crate) const CONSUMER: &[u8] = include_bytes!("../../apps/samples/consumer.wasm");

/// The ring-buffer producer (`apps/samples/ring_producer.c`).
pub(crate) const RING_PRODUCER: &[u8] = include_bytes!("../../apps/samples/ring_producer.wasm");
/// The ring-buffer consumer (`apps/samples/ring_consumer.c`).
pub(crate) const RING_CONSUMER: &[u8] = include_bytes!("../../apps/samples/ring_consumer.wasm");

/// A linker with the shared-heap functions and `env.print_str`, which prints the
/// NUL-terminated string at an app address, in linear memory or in the attached chain, as
/// `<who> prints: <text>`.
pub(crate) fn linker(engine: &Engine, who: &'static str, log: &Log) -> Result<Linker<()>, Error> {
    let mut linker = Linker::new(engine);
    linker.define_shared_heap_functions()?;
    let log = log.clone();
    linker.func_wrap(
        "env",
        "print_str",
        move |caller: Caller<'_, ()>, addr: i32| -> Result<(), Error> {
            let instance = caller
                .instance()
                .ok_or_else(|| Error::msg("print_str was called from outside an instance"))?;
            // Pointers of wasm32 apps are unsigned.
            let text = instance.read_app_c_str(caller.store(), u64::from(addr as u32))?;
            log.line(format!("{who} prints: {}", String::from_utf8_lossy(&text)));
            Ok(())
        },
    )?;
    Ok(linker)
}
