//! A host function with checked pointer arguments: `log(text: AppStr, bytes: AppRange)`. The
//! engine validates both against the calling app's linear memory and its attached
//! shared-heap chain before the body runs, so the body only copies; a bad pointer traps
//! "out of bounds memory access" and the body never sees it.
//!
//! Run: `cargo run -p shheap-interp --example checked_pointers`

use interp::chain::{Chain, PreAllocatedHeap};
use interp::{AppRange, AppStr, Caller, Engine, Error, Linker, Module, Store};

const APP: &str = r#"
(module
  (import "host" "log" (func $log (param i32 i32 i32)))
  (memory 1)
  (data (i32.const 0) "label\00")
  (data (i32.const 8) "from linear memory")
  ;; Logs the label with `len` bytes at `addr` (in linear memory or the shared heap).
  (func (export "log") (param $addr i32) (param $len i32)
    (call $log (i32.const 0) (local.get $addr) (local.get $len))))
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = Engine::default();
    let mut linker: Linker<()> = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "log",
        |caller: Caller<'_, ()>, label: AppStr, bytes: AppRange| -> Result<(), Error> {
            // Both were checked before this line runs; reading copies the bytes, since a
            // heap may be written by other threads' wasm meanwhile.
            let label = label.to_string_lossy(&caller)?;
            let bytes = bytes.read(&caller)?;
            println!("{label}: {}", String::from_utf8_lossy(&bytes));
            Ok(())
        },
    )?;
    let module = Module::from_wat(&engine, APP)?;
    let mut store = Store::new(&engine, ());
    let app = linker.instantiate(&mut store, &module)?;

    // A 4 KiB pre-allocated heap at the top of the address space: 0xFFFF_F000.
    let mut buffer = vec![0u8; 4096];
    buffer[..20].copy_from_slice(b"from the shared heap");
    let chain = Chain::builder()
        .pre_allocated(PreAllocatedHeap::from_vec(buffer)?)
        .build()?
        .into_shared();
    app.attach_shared_heap(&mut store, &chain)?;

    let log = app.get_typed_func::<(i32, i32), ()>(&store, "log")?;
    log.call(&mut store, (8, 18))?; // linear memory
    log.call(&mut store, (0xFFFF_F000_u32 as i32, 20))?; // the heap
    // Straddles the end of the heap (2^32): trapped before the body runs.
    let error = log
        .call(&mut store, (0xFFFF_FFF0_u32 as i32, 32))
        .expect_err("a bad pointer traps");
    println!("bad pointer: {error}");
    Ok(())
}
