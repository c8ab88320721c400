//! `poll_oneoff`: waits until a clock subscription's time comes or a descriptor is ready.
//! Files and in-memory stdio are always ready; host stdin and sockets are polled; clocks
//! sleep through the configured clock.

use std::io::Seek;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;

use interp::Caller;
use rustix::event::{PollFd, PollFlags};

use super::ctx;
use crate::abi::{
    EVENT_FD_READWRITE_HANGUP, SUBSCRIPTION_CLOCK_ABSTIME, eventtype, layout, rights,
};
use crate::clock::ClockId;
use crate::ctx::{WasiCtx, WasiView};
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};
use crate::stdio::Input;
use crate::table::Handle;

/// One `event` to report.
#[derive(Debug, Clone, Copy)]
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
    flags: u16,
}

impl Event {
    fn encode(&self) -> [u8; layout::EVENT] {
        let mut record = [0u8; layout::EVENT];
        record[0..8].copy_from_slice(&self.userdata.to_le_bytes());
        record[8..10].copy_from_slice(&self.error.code().to_le_bytes());
        record[10] = self.kind;
        record[16..24].copy_from_slice(&self.nbytes.to_le_bytes());
        record[24..26].copy_from_slice(&self.flags.to_le_bytes());
        record
    }
}

/// A subscription as read from memory.
#[derive(Debug, Clone, Copy)]
enum Subscription {
    /// Fires this long from now.
    Clock { userdata: u64, after: Duration },
    /// Readiness of a descriptor for reading (`kind` `FD_READ`) or writing.
    Fd { userdata: u64, kind: u8, fd: i32 },
}

fn word64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Decodes one 48-byte subscription; an unusable clock becomes an event at once.
fn decode(ctx: &WasiCtx, record: &[u8]) -> WasiResult<Result<Subscription, Event>> {
    let userdata = word64(record, 0);
    let error = |kind, errno| Event {
        userdata,
        error: errno,
        kind,
        nbytes: 0,
        flags: 0,
    };
    match record[8] {
        eventtype::CLOCK => {
            let id = u32::from_le_bytes([record[16], record[17], record[18], record[19]]);
            let timeout = word64(record, 24);
            let flags = u16::from_le_bytes([record[40], record[41]]);
            let Some(clock) = ClockId::from_raw(id) else {
                return Ok(Err(error(eventtype::CLOCK, Errno::INVAL)));
            };
            let nanos = if flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                timeout.saturating_sub(ctx.clock.now(clock))
            } else {
                timeout
            };
            Ok(Ok(Subscription::Clock {
                userdata,
                after: Duration::from_nanos(nanos),
            }))
        }
        kind @ (eventtype::FD_READ | eventtype::FD_WRITE) => {
            let fd = i32::from_le_bytes([record[16], record[17], record[18], record[19]]);
            Ok(Ok(Subscription::Fd { userdata, kind, fd }))
        }
        _ => Err(Errno::INVAL),
    }
}

/// How a descriptor answers a readiness question.
enum Readiness<'a> {
    /// Ready now (or failed now).
    Now(Event),
    /// The host must be asked about this descriptor.
    Host(BorrowedFd<'a>),
}

fn readiness<'a>(
    ctx: &'a WasiCtx,
    stdin: &'a std::io::Stdin,
    userdata: u64,
    kind: u8,
    fd: i32,
) -> Readiness<'a> {
    let event = |error, nbytes, flags| {
        Readiness::Now(Event {
            userdata,
            error,
            kind,
            nbytes,
            flags,
        })
    };
    let entry = match ctx.table.get(fd) {
        Ok(entry) => entry,
        Err(errno) => return event(errno, 0, 0),
    };
    if entry.require(rights::POLL_FD_READWRITE).is_err() {
        return event(Errno::NOTCAPABLE, 0, 0);
    }
    let reading = kind == eventtype::FD_READ;
    match &entry.handle {
        Handle::File(file) if reading => {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            let at = (&*file).stream_position().unwrap_or(size);
            event(Errno::SUCCESS, size.saturating_sub(at), 0)
        }
        Handle::File(_) => event(Errno::SUCCESS, 0, 0),
        Handle::Stdin(Input::Bytes { data, at }) if reading => {
            let left = data.len().saturating_sub(*at) as u64;
            let hangup = if left == 0 {
                EVENT_FD_READWRITE_HANGUP
            } else {
                0
            };
            event(Errno::SUCCESS, left, hangup)
        }
        Handle::Stdin(Input::Inherit) if reading => Readiness::Host(stdin.as_fd()),
        Handle::Stdout(_) | Handle::Stderr(_) if !reading => event(Errno::SUCCESS, 0, 0),
        Handle::Stream(stream) => Readiness::Host(stream.as_fd()),
        Handle::Listener(listener) if reading => Readiness::Host(listener.as_fd()),
        _ => event(Errno::BADF, 0, 0),
    }
}

/// `poll_oneoff(in, out, nsubscriptions, nevents) -> errno`.
pub fn poll_oneoff<T: WasiView>(
    caller: &mut Caller<'_, T>,
    input: i32,
    output: i32,
    count: i32,
    nevents: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let count = addr(count);
    if count == 0 {
        return Err(Errno::INVAL);
    }
    let size = count
        .checked_mul(layout::SUBSCRIPTION)
        .ok_or(Errno::FAULT)?;
    let records = guest.read(caller, addr(input), size)?;
    let out_size = (count as usize)
        .checked_mul(layout::EVENT)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or(Errno::FAULT)?;
    guest.check(caller, addr(output), out_size)?;
    let events = wait(ctx(caller), &records)?;
    let mut bytes = Vec::with_capacity(events.len() * layout::EVENT);
    for event in &events {
        bytes.extend_from_slice(&event.encode());
    }
    guest.write(caller, addr(output), &bytes)?;
    guest.write_size(caller, addr(nevents), events.len())
}

/// Waits as the subscriptions in `records` say and returns the events that happened.
fn wait(ctx: &WasiCtx, records: &[u8]) -> WasiResult<Vec<Event>> {
    let stdin = std::io::stdin();
    let mut events = Vec::new();
    let mut clocks = Vec::new();
    let mut host = Vec::new();
    for record in records.chunks_exact(layout::SUBSCRIPTION as usize) {
        match decode(ctx, record)? {
            Err(event) => events.push(event),
            Ok(Subscription::Clock { userdata, after }) => clocks.push((userdata, after)),
            Ok(Subscription::Fd { userdata, kind, fd }) => {
                match readiness(ctx, &stdin, userdata, kind, fd) {
                    Readiness::Now(event) => events.push(event),
                    Readiness::Host(borrowed) => host.push((userdata, kind, borrowed)),
                }
            }
        }
    }
    let soonest = clocks.iter().map(|&(_, after)| after).min();
    let timeout = if events.is_empty() {
        soonest
    } else {
        Some(Duration::ZERO)
    };
    if !host.is_empty() {
        let mut fds: Vec<PollFd<'_>> = host
            .iter()
            .map(|&(_, kind, fd)| {
                let wanted = if kind == eventtype::FD_READ {
                    PollFlags::IN
                } else {
                    PollFlags::OUT
                };
                PollFd::from_borrowed_fd(fd, wanted)
            })
            .collect();
        let timespec = timeout.map(|t| rustix::time::Timespec {
            tv_sec: t.as_secs() as i64,
            tv_nsec: i64::from(t.subsec_nanos()),
        });
        let ready = loop {
            match rustix::event::poll(&mut fds, timespec.as_ref()) {
                Err(rustix::io::Errno::INTR) => continue,
                other => break other?,
            }
        };
        if ready > 0 {
            for (fd, &(userdata, kind, _)) in fds.iter().zip(&host) {
                let revents = fd.revents();
                if revents.is_empty() {
                    continue;
                }
                let hangup = if revents.contains(PollFlags::HUP) {
                    EVENT_FD_READWRITE_HANGUP
                } else {
                    0
                };
                let error = if revents.contains(PollFlags::NVAL) {
                    Errno::BADF
                } else {
                    Errno::SUCCESS
                };
                events.push(Event {
                    userdata,
                    error,
                    kind,
                    nbytes: 0,
                    flags: hangup,
                });
            }
        }
    } else if events.is_empty()
        && let Some(duration) = soonest
    {
        ctx.clock.sleep(duration);
    }
    if events.is_empty()
        && let Some(soonest) = soonest
    {
        for &(userdata, after) in &clocks {
            if after <= soonest {
                events.push(Event {
                    userdata,
                    error: Errno::SUCCESS,
                    kind: eventtype::CLOCK,
                    nbytes: 0,
                    flags: 0,
                });
            }
        }
    }
    Ok(events)
}
