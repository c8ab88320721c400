//! A chain of a managed heap and a pre-allocated buffer: one instance produces, another
//! consumes, both by app address.

use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, HeapStats, PreAllocatedHeap};
use interp::{Engine, Module, Store, TypedFunc};

use crate::SampleError;
use crate::apps::{CONSUMER, PRODUCER, linker};
use crate::log::Log;

/// The pre-allocated tail: 4 KiB at the very top of the 32-bit space.
const TAIL_START: u32 = 0xFFFF_F000;
/// Notes go into the tail every 512 bytes.
const NOTE_STRIDE: u32 = 512;
const NOTES: u32 = 4;
/// Blocks of 1 KiB x i from the managed head.
const BLOCKS: std::ops::RangeInclusive<u32> = 1..=3;

/// Runs the sample and returns the managed member's statistics at the end.
pub fn run(log: &Log) -> Result<HeapStats, SampleError> {
    let chain = Chain::builder()
        .managed(DefaultManagedHeap::new(64 * 1024)?)
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; 4096])?)
        .build()?
        .into_shared();

    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let producer_module = Module::new(&engine, PRODUCER)?;
    let consumer_module = Module::new(&engine, CONSUMER)?;
    let producer = linker(&engine, "app 1", log)?.instantiate(&mut store, &producer_module)?;
    let consumer = linker(&engine, "app 2", log)?.instantiate(&mut store, &consumer_module)?;
    producer.attach_shared_heap(&mut store, &chain)?;
    consumer.attach_shared_heap(&mut store, &chain)?;

    let layout = producer
        .shared_heap_layout(&store)
        .ok_or("the producer has no chain attached")?;
    log.line(format!("chain layout:\n{}", layout.to_string().trim_end()));

    let produce: TypedFunc<i32, i32> = producer.get_typed_func(&store, "produce")?;
    let write_note: TypedFunc<(i32, i32), ()> = producer.get_typed_func(&store, "write_note")?;
    let consume: TypedFunc<i32, ()> = consumer.get_typed_func(&store, "consume")?;
    let show: TypedFunc<i32, ()> = consumer.get_typed_func(&store, "show")?;

    // Blocks from the managed head, handed over by app address and freed by the consumer.
    for i in BLOCKS {
        let addr = produce.call(&mut store, i as i32)? as u32;
        log.line(format!(
            "app 1 produced block {i} at {addr:#010x} (managed member)"
        ));
        consume.call(&mut store, addr as i32)?;
    }
    // Notes written by address into the pre-allocated tail; nothing is allocated there.
    for k in 0..NOTES {
        let addr = TAIL_START + NOTE_STRIDE * k;
        write_note.call(&mut store, (addr as i32, k as i32))?;
        log.line(format!(
            "app 1 wrote note {k} at {addr:#010x} (pre-allocated member)"
        ));
        show.call(&mut store, addr as i32)?;
    }
    // The host writes into the tail directly; app 2 reads it at the same app address.
    let host_note_addr = TAIL_START + NOTE_STRIDE * NOTES;
    producer.write_app_memory(
        &mut store,
        u64::from(host_note_addr),
        b"a note from the host\0",
    )?;
    log.line(format!("host wrote a note at {host_note_addr:#010x}"));
    show.call(&mut store, host_note_addr as i32)?;

    let stats = chain.stats().ok_or("the chain has no managed heap")?;
    log.line(format!(
        "managed member at the end: {} bytes in use, {} live blocks",
        stats.bytes_in_use, stats.live_blocks
    ));
    Ok(stats)
}
