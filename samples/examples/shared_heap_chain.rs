//! A chain of a managed heap and a pre-allocated buffer (see `samples::shared_heap_chain`).

fn main() -> Result<(), samples::SampleError> {
    samples::shared_heap_chain::run(&samples::log::Log::new())?;
    Ok(())
}
