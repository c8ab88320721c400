//! A single-producer single-consumer ring buffer in a pre-allocated shared heap between two
//! apps on two threads (`apps/samples/ring_producer.c`, `ring_consumer.c`).
//!
//! The apps synchronise only through the heap: atomic loads and stores of the ring's two
//! counters, and `memory.atomic.wait32` / `memory.atomic.notify` on them when the ring is
//! full or empty. The host builds the chain, starts one app per thread with the ring's app
//! address, and reads their results; no value passes through the host.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use interp::chain::{Chain, PreAllocatedHeap};
use interp::{Engine, Instance, Linker, Module, Store, TypedFunc};

use crate::SampleError;
use crate::apps::{RING_CONSUMER, RING_PRODUCER};
use crate::log::Log;

/// Bytes of the pre-allocated heap holding the ring (`struct ring` of `ring.h` takes 4224).
const HEAP_BYTES: usize = 8192;

/// What a run measured.
#[derive(Clone, Copy, Debug)]
pub struct RingReport {
    /// Values passed from the producer to the consumer.
    pub values: u32,
    /// Values the consumer did not receive as the next in order (lost, duplicated or
    /// reordered): 0 when the ring works.
    pub wrong: u32,
    /// How often the producer found the ring full and waited.
    pub producer_waits: u32,
    /// From both apps starting to both finishing.
    pub elapsed: Duration,
}

impl RingReport {
    /// Values handed from one thread to the other per second.
    pub fn hand_offs_per_second(&self) -> f64 {
        f64::from(self.values) / self.elapsed.as_secs_f64()
    }
}

/// One app of the sample on the current thread: its store and instance, attached to `chain`.
fn start_app(
    engine: &Engine,
    module: &Module,
    chain: &interp::chain::SharedChain,
) -> Result<(Store<()>, Instance), SampleError> {
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, module)?;
    instance.attach_shared_heap(&mut store, chain)?;
    Ok((store, instance))
}

/// Runs `export(ring, values)` of `module` on this thread once both apps are ready.
fn run_app(
    engine: &Engine,
    module: &Module,
    chain: &interp::chain::SharedChain,
    export: &str,
    values: u32,
    ready: &Barrier,
) -> Result<(u32, Instant), SampleError> {
    let (mut store, instance) = start_app(engine, module, chain)?;
    let layout = instance
        .shared_heap_layout(&store)
        .ok_or("the app has no chain attached")?;
    let ring = layout.members.first().ok_or("the chain is empty")?.start;
    let ring = u32::try_from(ring)?;
    let f: TypedFunc<(i32, i32), i32> = instance.get_typed_func(&store, export)?;
    ready.wait();
    let result = f.call(&mut store, (ring as i32, values as i32))?;
    Ok((result as u32, Instant::now()))
}

/// Passes `values` values through the ring and reports what arrived.
pub fn run(log: &Log, values: u32) -> Result<RingReport, SampleError> {
    let chain = Chain::builder()
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; HEAP_BYTES])?)
        .build()?
        .into_shared();
    let engine = Engine::default();
    let producer = Module::new(&engine, RING_PRODUCER)?;
    let consumer = Module::new(&engine, RING_CONSUMER)?;
    // Both app threads and this one: the clock starts when all three are there.
    let ready = Barrier::new(3);
    let (produced, consumed, started) = std::thread::scope(|scope| {
        let (engine, chain, ready) = (&engine, &chain, &ready);
        let producer = &producer;
        let consumer = &consumer;
        let p = scope.spawn(move || run_app(engine, producer, chain, "produce", values, ready));
        let c = scope.spawn(move || run_app(engine, consumer, chain, "consume", values, ready));
        ready.wait();
        let started = Instant::now();
        let produced = p.join().map_err(|_| "the producer thread panicked");
        let consumed = c.join().map_err(|_| "the consumer thread panicked");
        (produced, consumed, started)
    });
    let (producer_waits, produced_at) = produced??;
    let (wrong, consumed_at) = consumed??;
    let elapsed = produced_at.max(consumed_at).duration_since(started);
    let report = RingReport {
        values,
        wrong,
        producer_waits,
        elapsed,
    };
    log.line(format!(
        "app 1 produced {values} values on thread 1 (found the ring full {producer_waits} times)"
    ));
    log.line(format!(
        "app 2 consumed {values} values on thread 2: {wrong} lost, duplicated or out of order"
    ));
    log.line(format!(
        "{:.0} hand-offs per second ({:.3} s)",
        report.hand_offs_per_second(),
        elapsed.as_secs_f64()
    ));
    Ok(report)
}
