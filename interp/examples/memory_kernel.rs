//! A memory-heavy wasm kernel for measuring what shared heaps cost (SHARED_HEAP.md section 8).
//!
//! Usage: `memory_kernel <mode> [rounds]`, where mode is
//! - `no-chain`: no chain attached, the buffer in linear memory;
//! - `chain-linear`: a chain attached, the kernel still touches only linear memory;
//! - `chain-heap`: the same kernel over a buffer malloc'ed from the chain's managed heap.
//!
//! Built without the `shared-heap` feature only `no-chain` exists. Compare instruction
//! counts with `valgrind --tool=callgrind` (see the shared-heap report for the commands).

use interp::{Engine, Error, Linker, Module, Store};

/// One round walks a 1 MiB buffer word by word: read, mix into a checksum, write back + 1;
/// then byte by byte: read and add.
const KERNEL: &str = r#"
(module
  (memory (export "memory") 17)
  (func (export "kernel") (param $base i32) (param $len i32) (param $rounds i32) (result i32)
    (local $i i32) (local $acc i32) (local $v i32)
    (block $finished
      (loop $round
        (br_if $finished (i32.eqz (local.get $rounds)))
        (local.set $i (i32.const 0))
        (loop $words
          (local.set $v (i32.load (i32.add (local.get $base) (local.get $i))))
          (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 5)) (local.get $v)))
          (i32.store (i32.add (local.get $base) (local.get $i)) (i32.add (local.get $v) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $words (i32.lt_u (local.get $i) (local.get $len))))
        (local.set $i (i32.const 0))
        (loop $bytes
          (local.set $acc (i32.add (local.get $acc)
            (i32.load8_u (i32.add (local.get $base) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $bytes (i32.lt_u (local.get $i) (local.get $len))))
        (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
        (br $round)))
    (local.get $acc)))
"#;

/// The buffer's size.
const BUFFER: u64 = 1 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "no-chain".to_string());
    let rounds: i32 = match args.next() {
        Some(text) => text.parse()?,
        None => 4,
    };
    let engine = Engine::default();
    let module = Module::from_wat(&engine, KERNEL)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let base = buffer_for(&mode, &mut store, instance)?;
    let kernel = instance.get_typed_func::<(i32, i32, i32), i32>(&store, "kernel")?;
    let checksum = kernel.call(&mut store, (base as i32, BUFFER as i32, rounds))?;
    println!("{mode}: buffer at {base:#x}, {rounds} rounds, checksum {checksum:#010x}");
    Ok(())
}

/// Sets up `mode` and returns the buffer's app address.
#[cfg(feature = "shared-heap")]
fn buffer_for(mode: &str, store: &mut Store<()>, instance: interp::Instance) -> Result<u64, Error> {
    use interp::chain::Chain;
    let chain = || {
        let heap = heap_alloc::DefaultManagedHeap::new(2 * BUFFER as usize)
            .map_err(|e| Error::msg(e.to_string()))?;
        let chain = Chain::builder()
            .managed(heap)
            .build()
            .map_err(Error::host)?;
        Ok::<_, Error>(chain.into_shared())
    };
    match mode {
        "no-chain" => Ok(0),
        "chain-linear" => {
            instance.attach_shared_heap(store, &chain()?)?;
            Ok(0)
        }
        "chain-heap" => {
            instance.attach_shared_heap(store, &chain()?)?;
            let (addr, _) = instance
                .shared_heap_malloc(store, BUFFER)
                .ok_or_else(|| Error::msg("the managed heap has no room for the buffer"))?;
            Ok(addr)
        }
        other => Err(unknown_mode(other)),
    }
}

/// Sets up `mode` and returns the buffer's app address (no shared heaps in this build).
#[cfg(not(feature = "shared-heap"))]
fn buffer_for(
    mode: &str,
    _store: &mut Store<()>,
    _instance: interp::Instance,
) -> Result<u64, Error> {
    match mode {
        "no-chain" => Ok(0),
        other => Err(unknown_mode(other)),
    }
}

fn unknown_mode(mode: &str) -> Error {
    Error::msg(format!(
        "unknown mode `{mode}`: use no-chain, chain-linear or chain-heap (the last two need the shared-heap feature)"
    ))
}
