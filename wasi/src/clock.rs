//! The clocks preview1 reads and the sleeping `poll_oneoff` does: the host's, or one a test
//! controls.

use std::sync::Mutex;
use std::sync::PoisonError;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Preview1's `clockid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockId {
    /// Wall-clock time, nanoseconds since 1970-01-01 UTC.
    Realtime,
    /// A clock that never goes back.
    Monotonic,
    /// CPU time of the process.
    ProcessCpuTime,
    /// CPU time of the thread.
    ThreadCpuTime,
}

impl ClockId {
    /// The clock a raw `clockid` names, if any.
    pub fn from_raw(id: u32) -> Option<ClockId> {
        match id {
            0 => Some(ClockId::Realtime),
            1 => Some(ClockId::Monotonic),
            2 => Some(ClockId::ProcessCpuTime),
            3 => Some(ClockId::ThreadCpuTime),
            _ => None,
        }
    }
}

/// A source of time for a module. Implement it to make time deterministic.
pub trait Clock: Send + Sync {
    /// The clock's reading in nanoseconds.
    fn now(&self, clock: ClockId) -> u64;
    /// The clock's resolution in nanoseconds.
    fn resolution(&self, clock: ClockId) -> u64;
    /// Waits `duration` (what `poll_oneoff`'s clock subscriptions do).
    fn sleep(&self, duration: Duration);
}

/// The host's clocks; sleeping really sleeps.
#[derive(Debug)]
pub struct HostClock {
    started: Instant,
}

impl Default for HostClock {
    fn default() -> Self {
        HostClock {
            started: Instant::now(),
        }
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

impl Clock for HostClock {
    fn now(&self, clock: ClockId) -> u64 {
        let cpu = |id| {
            let time = rustix::time::clock_gettime(id);
            (time.tv_sec as u64)
                .saturating_mul(1_000_000_000)
                .saturating_add(time.tv_nsec as u64)
        };
        match clock {
            ClockId::Realtime => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(nanos)
                .unwrap_or(0),
            ClockId::Monotonic => nanos(self.started.elapsed()),
            ClockId::ProcessCpuTime => cpu(rustix::time::ClockId::ProcessCPUTime),
            ClockId::ThreadCpuTime => cpu(rustix::time::ClockId::ThreadCPUTime),
        }
    }

    fn resolution(&self, _clock: ClockId) -> u64 {
        1
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock for deterministic runs: every clock starts at a given reading and moves only
/// when the module sleeps, by exactly the time asked for.
#[derive(Debug)]
pub struct ManualClock {
    nanos: Mutex<u64>,
}

impl ManualClock {
    /// A clock reading `start_nanos` on every clock id.
    pub fn new(start_nanos: u64) -> Self {
        ManualClock {
            nanos: Mutex::new(start_nanos),
        }
    }
}

impl Clock for ManualClock {
    fn now(&self, _clock: ClockId) -> u64 {
        *self.nanos.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn resolution(&self, _clock: ClockId) -> u64 {
        1
    }

    fn sleep(&self, duration: Duration) {
        let mut now = self.nanos.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.saturating_add(nanos(duration));
    }
}
