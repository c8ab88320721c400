//! Host-call-heavy paths, for instruction counts (`valgrind --tool=cachegrind`): wasm calling
//! a host function in a loop, and the host calling a wasm function in a loop.
//!
//! Usage: `host_call_loop <wasm-to-host|host-to-wasm> [calls]` (default one million). Prints
//! the result, which the program also checks against its closed form.

use interp::{Caller, Engine, Error, Linker, Module, Store};

const MODULE: &str = r#"
(module
  (import "host" "add" (func $add (param i64 i64) (result i64)))
  (func (export "sum_via_host") (param $n i64) (result i64)
    (local $i i64) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $add (local.get $acc) (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $acc))
  (func (export "add") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1))))
"#;

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "wasm-to-host".to_owned());
    let calls: u64 = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let engine = Engine::default();
    let module = Module::from_wat(&engine, MODULE)?;
    let mut store = Store::new(&engine, 0u64);
    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "add",
        |mut caller: Caller<'_, u64>, a: i64, b: i64| {
            *caller.data_mut() += 1;
            a.wrapping_add(b)
        },
    )?;
    let instance = linker.instantiate(&mut store, &module)?;
    let sum = match mode.as_str() {
        "wasm-to-host" => {
            let f = instance.get_typed_func::<i64, i64>(&store, "sum_via_host")?;
            f.call(&mut store, calls as i64)?
        }
        "host-to-wasm" => {
            let f = instance.get_typed_func::<(i64, i64), i64>(&store, "add")?;
            let mut acc = 0i64;
            for i in 0..calls as i64 {
                acc = f.call(&mut store, (acc, i))?;
            }
            acc
        }
        other => {
            return Err(Error::msg(format!(
                "unknown mode `{other}`: use wasm-to-host or host-to-wasm"
            )));
        }
    };
    let expected = (calls.wrapping_mul(calls.wrapping_sub(1)) / 2) as i64;
    assert_eq!(sum, expected, "the loop's sum");
    println!(
        "{mode}: {calls} calls, sum {sum}, host calls counted {}",
        store.data()
    );
    Ok(())
}
