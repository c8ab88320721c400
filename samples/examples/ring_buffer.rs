//! A ring buffer between two apps on two threads (see `samples::ring_buffer`); the first
//! argument is how many values to pass (default 1,000,000).

fn main() -> Result<(), samples::SampleError> {
    let values = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 1_000_000,
    };
    let log = samples::log::Log::new();
    let report = samples::ring_buffer::run(&log, values)?;
    if report.wrong != 0 {
        return Err(format!("{} values arrived wrong", report.wrong).into());
    }
    Ok(())
}
