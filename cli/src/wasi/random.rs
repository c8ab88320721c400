//! `random_get`: bytes from the host's cryptographic random source.

use std::fs::File;
use std::io::Read;

use interp::Caller;

use super::WasiCtx;
use super::errno::{Errno, WasiResult, to_code};
use super::guest::Guest;

/// The host's random source: the kernel's CSPRNG, which never blocks once seeded.
const RANDOM_SOURCE: &str = "/dev/urandom";

/// Bytes fetched per step, so that a large request never needs a buffer of its full size.
const CHUNK: u32 = 64 * 1024;

/// `random_get(buf: *mut u8, buf_len: size) -> errno`.
pub fn random_get(mut caller: Caller<'_, WasiCtx>, buffer: i32, len: i32) -> i32 {
    to_code(fill(&mut caller, buffer as u32, len as u32))
}

fn fill(caller: &mut Caller<'_, WasiCtx>, buffer: u32, len: u32) -> WasiResult {
    let guest = Guest::of(caller)?;
    guest.check(caller, buffer, len)?;
    let mut source = File::open(RANDOM_SOURCE).map_err(|_| Errno::Io)?;
    let mut chunk = vec![0; CHUNK.min(len) as usize];
    let mut done = 0u32;
    while done < len {
        let step = (len - done).min(CHUNK);
        let bytes = chunk.get_mut(..step as usize).ok_or(Errno::Io)?;
        source.read_exact(bytes).map_err(|_| Errno::Io)?;
        // `check` above proved `buffer + len` fits, so `buffer + done` cannot overflow.
        guest.write(caller, buffer + done, bytes)?;
        done += step;
    }
    Ok(())
}
