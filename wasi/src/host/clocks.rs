//! `clock_res_get`, `clock_time_get` and `random_get`: what the configured clock and random
//! source say.

use interp::Caller;

use super::ctx;
use crate::clock::ClockId;
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};

/// `clock_res_get(id, resolution) -> errno`.
pub fn clock_res_get<T: WasiView>(
    caller: &mut Caller<'_, T>,
    id: i32,
    resolution: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let clock = ClockId::from_raw(id as u32).ok_or(Errno::INVAL)?;
    let value = ctx(caller).clock.resolution(clock);
    guest.write_u64(caller, addr(resolution), value)
}

/// `clock_time_get(id, precision, time) -> errno`; every reading is as precise as the
/// clock's, so the precision hint changes nothing.
pub fn clock_time_get<T: WasiView>(
    caller: &mut Caller<'_, T>,
    id: i32,
    _precision: i64,
    time: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let clock = ClockId::from_raw(id as u32).ok_or(Errno::INVAL)?;
    let value = ctx(caller).clock.now(clock);
    guest.write_u64(caller, addr(time), value)
}

/// Bytes fetched per step, so a large request never needs a buffer of its full size.
const RANDOM_CHUNK: u32 = 64 * 1024;

/// `random_get(buf, buf_len) -> errno`.
pub fn random_get<T: WasiView>(caller: &mut Caller<'_, T>, buf: i32, len: i32) -> WasiResult {
    let guest = Guest::of(caller)?;
    let (buf, len) = (addr(buf), addr(len));
    guest.check(caller, buf, len)?;
    let mut chunk = vec![0; RANDOM_CHUNK.min(len) as usize];
    let mut done = 0u32;
    while done < len {
        let step = (len - done).min(RANDOM_CHUNK);
        let bytes = &mut chunk[..step as usize];
        ctx(caller).random.fill(bytes)?;
        // `check` proved that `buf + len` fits, so `buf + done` does too.
        guest.write(caller, buf + done, bytes)?;
        done += step;
    }
    Ok(())
}
