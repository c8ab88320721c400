//! Two apps on two threads share one managed heap, passing buffers by app address.

use std::sync::mpsc::{Receiver, Sender, channel};

use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, HeapStats, SharedChain};
use interp::{Engine, Module, Store, TypedFunc};

use crate::SampleError;
use crate::apps::{CONSUMER, PRODUCER, linker};
use crate::log::Log;

/// The managed heap's size: room for the ten buffers (1 KiB x 1 ..= 10 KiB x 10).
const HEAP_SIZE: usize = 256 * 1024;
/// Buffers 1..=5 come from the host API, 6..=10 from the app's own `shared_heap_malloc`.
const HOST_BUFFERS: std::ops::RangeInclusive<u32> = 1..=5;
const APP_BUFFERS: std::ops::RangeInclusive<u32> = 6..=10;

/// Runs the sample and returns the heap's statistics once both threads are done.
pub fn run(log: &Log) -> Result<HeapStats, SampleError> {
    let chain = Chain::builder()
        .managed(DefaultManagedHeap::new(HEAP_SIZE)?)
        .build()?
        .into_shared();
    let engine = Engine::default();
    let (sender, receiver) = channel();
    std::thread::scope(|scope| {
        let producer = scope.spawn(|| produce(&engine, &chain, sender, log));
        let consumer = scope.spawn(|| consume(&engine, &chain, receiver, log));
        // Join both before reporting either's error, so neither thread is left running.
        let produced = producer.join();
        let consumed = consumer.join();
        produced.map_err(|_| "the producer thread panicked")??;
        consumed.map_err(|_| "the consumer thread panicked")??;
        Ok::<(), SampleError>(())
    })?;
    let stats = chain.stats().ok_or("the chain has no managed heap")?;
    log.line(format!(
        "heap after both threads: {} bytes in use, {} live blocks, {} invalid frees",
        stats.bytes_in_use, stats.live_blocks, stats.invalid_frees
    ));
    Ok(stats)
}

/// Thread 1: instance 1 of the producer app fills buffers and sends their app addresses.
fn produce(
    engine: &Engine,
    chain: &SharedChain,
    sender: Sender<u32>,
    log: &Log,
) -> Result<(), SampleError> {
    let module = Module::new(engine, PRODUCER)?;
    let mut store = Store::new(engine, ());
    let instance = linker(engine, "app 1", log)?.instantiate(&mut store, &module)?;
    instance.attach_shared_heap(&mut store, chain)?;
    let write_message: TypedFunc<(i32, i32, i32), i32> =
        instance.get_typed_func(&store, "write_message")?;
    let produce: TypedFunc<i32, i32> = instance.get_typed_func(&store, "produce")?;

    for i in HOST_BUFFERS {
        let size = 1024 * i;
        let (addr, _native) = instance
            .shared_heap_malloc(&store, u64::from(size))
            .ok_or("the shared heap has no room for a buffer")?;
        let addr = u32::try_from(addr)?;
        write_message.call(&mut store, (addr as i32, i as i32, size as i32))?;
        log.line(format!(
            "thread 1: host malloc gave {size} bytes at app address {addr:#010x}; app 1 wrote message {i}"
        ));
        sender.send(addr)?;
    }
    for i in APP_BUFFERS {
        let addr = produce.call(&mut store, i as i32)? as u32;
        if addr == 0 {
            return Err("the app's shared_heap_malloc found no room".into());
        }
        log.line(format!(
            "thread 1: app 1 malloc gave {} bytes at app address {addr:#010x} and wrote message {i}",
            1024 * i
        ));
        sender.send(addr)?;
    }
    // Dropping the sender ends the consumer's loop.
    Ok(())
}

/// Thread 2: instance 2 of the consumer app prints each message and frees it from wasm.
fn consume(
    engine: &Engine,
    chain: &SharedChain,
    receiver: Receiver<u32>,
    log: &Log,
) -> Result<(), SampleError> {
    let module = Module::new(engine, CONSUMER)?;
    let mut store = Store::new(engine, ());
    let instance = linker(engine, "app 2", log)?.instantiate(&mut store, &module)?;
    instance.attach_shared_heap(&mut store, chain)?;
    let consume: TypedFunc<i32, ()> = instance.get_typed_func(&store, "consume")?;
    let mut received = 0;
    for addr in receiver {
        consume.call(&mut store, addr as i32)?;
        received += 1;
    }
    log.line(format!(
        "thread 2: received, printed and freed {received} messages"
    ));
    Ok(())
}
