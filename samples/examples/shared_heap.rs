//! Two wasm apps on two threads share one managed heap (see `samples::shared_heap`).

fn main() -> Result<(), samples::SampleError> {
    samples::shared_heap::run(&samples::log::Log::new())?;
    Ok(())
}
