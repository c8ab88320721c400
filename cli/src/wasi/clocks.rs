//! `clock_res_get` and `clock_time_get`: wall-clock time, and time since the runner started.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use interp::Caller;

use super::WasiCtx;
use super::errno::{Errno, WasiResult, to_code};
use super::guest::Guest;

/// The clocks preview1 names (`clockid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClockId {
    /// Wall-clock time since 1970-01-01 UTC.
    Realtime,
    /// A clock that never goes back; its origin is when the runner started.
    Monotonic,
    /// CPU time of the process. The interpreter runs the module on one thread and never
    /// sleeps, so time since start is a close upper bound; it is what this subset reports.
    ProcessCpuTime,
    /// CPU time of the thread; the same approximation.
    ThreadCpuTime,
}

impl ClockId {
    fn from_raw(id: i32) -> Result<Self, Errno> {
        match id {
            0 => Ok(Self::Realtime),
            1 => Ok(Self::Monotonic),
            2 => Ok(Self::ProcessCpuTime),
            3 => Ok(Self::ThreadCpuTime),
            _ => Err(Errno::Inval),
        }
    }
}

/// `clock_res_get(id: clockid, resolution: *mut timestamp) -> errno`: every clock here
/// counts in nanoseconds.
pub fn clock_res_get(mut caller: Caller<'_, WasiCtx>, id: i32, resolution_ptr: i32) -> i32 {
    to_code(resolution(&mut caller, id, resolution_ptr as u32))
}

/// `clock_time_get(id: clockid, precision: timestamp, time: *mut timestamp) -> errno`, in
/// nanoseconds. The precision hint is ignored: every reading is as precise as the host's.
pub fn clock_time_get(
    mut caller: Caller<'_, WasiCtx>,
    id: i32,
    _precision: i64,
    time_ptr: i32,
) -> i32 {
    to_code(time(&mut caller, id, time_ptr as u32))
}

fn resolution(caller: &mut Caller<'_, WasiCtx>, id: i32, resolution_ptr: u32) -> WasiResult {
    ClockId::from_raw(id)?;
    Guest::of(caller)?.write_u64(caller, resolution_ptr, 1)
}

fn time(caller: &mut Caller<'_, WasiCtx>, id: i32, time_ptr: u32) -> WasiResult {
    let since = match ClockId::from_raw(id)? {
        // A host clock set before 1970 reads as the epoch rather than failing.
        ClockId::Realtime => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO),
        ClockId::Monotonic | ClockId::ProcessCpuTime | ClockId::ThreadCpuTime => {
            caller.data().started.elapsed()
        }
    };
    let nanos = u64::try_from(since.as_nanos()).map_err(|_| Errno::Overflow)?;
    Guest::of(caller)?.write_u64(caller, time_ptr, nanos)
}
