//! Sockets the host preopened (`WasiCtxBuilder::preopened_listener`): `sock_accept`,
//! `sock_recv`, `sock_send`, `sock_shutdown`. Any other descriptor is `ENOTSOCK`.

use std::net::{Shutdown, TcpStream};

use interp::Caller;
use rustix::net::{RecvFlags, SendFlags};

use super::fd::retry;
use super::{MAX_IO, ctx};
use crate::abi::{fdflags, rights, sock};
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};
use crate::table::{Entry, Handle};

/// The connected socket behind `fd`, with `needed` rights.
fn stream(entry: &Entry, needed: u64) -> WasiResult<&TcpStream> {
    match &entry.handle {
        Handle::Stream(stream) => {
            entry.require(needed)?;
            Ok(stream)
        }
        Handle::Listener(_) => Err(Errno::NOTCONN),
        _ => Err(Errno::NOTSOCK),
    }
}

/// `sock_accept(fd, flags: fdflags, result_fd) -> errno`: only `nonblock` may be given.
pub fn sock_accept<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    flags: i32,
    result: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
    if flags & !fdflags::NONBLOCK != 0 {
        return Err(Errno::INVAL);
    }
    let table = &mut ctx(caller).table;
    let entry = table.get(fd)?;
    let listener = match &entry.handle {
        Handle::Listener(listener) => listener,
        // A connected socket does not listen: Linux's answer.
        Handle::Stream(_) => return Err(Errno::INVAL),
        _ => return Err(Errno::NOTSOCK),
    };
    entry.require(rights::SOCK_ACCEPT)?;
    let (stream, _peer) = retry(|| listener.accept())?;
    stream.set_nonblocking(flags & fdflags::NONBLOCK != 0)?;
    let accepted = Entry {
        handle: Handle::Stream(stream),
        base: entry.inheriting & rights::SOCKET,
        inheriting: 0,
        preopen: None,
    };
    let new_fd = table.insert(accepted)?;
    guest.write_u32(caller, addr(result), new_fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags) -> errno`.
#[allow(clippy::too_many_arguments)] // The witx signature.
pub fn sock_recv<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    ri_flags: i32,
    ro_datalen: i32,
    ro_flags: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let (buffers, want) = guest.read_buffers(caller, iovs, count, ro_datalen)?;
    guest.check(caller, addr(ro_flags), 2)?;
    let ri_flags = u16::try_from(ri_flags).map_err(|_| Errno::INVAL)?;
    if ri_flags & !(sock::RECV_PEEK | sock::RECV_WAITALL) != 0 {
        return Err(Errno::INVAL);
    }
    let mut host_flags = RecvFlags::empty();
    host_flags.set(RecvFlags::PEEK, ri_flags & sock::RECV_PEEK != 0);
    host_flags.set(RecvFlags::WAITALL, ri_flags & sock::RECV_WAITALL != 0);
    let stream = stream(ctx(caller).table.get(fd)?, rights::FD_READ)?;
    let mut data = vec![0; want];
    let (got, _) = rustix::net::recv(stream, &mut data[..], host_flags)?;
    data.truncate(got);
    guest.scatter(caller, &buffers, &data)?;
    guest.write_size(caller, addr(ro_datalen), got)?;
    guest.write(caller, addr(ro_flags), &0u16.to_le_bytes())
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen) -> errno`.
pub fn sock_send<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    si_flags: i32,
    so_datalen: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let buffers = guest.write_buffers(caller, iovs, count, so_datalen)?;
    if si_flags != 0 {
        return Err(Errno::INVAL);
    }
    stream(ctx(caller).table.get(fd)?, rights::FD_WRITE)?;
    let data = guest.gather(caller, &buffers, MAX_IO)?;
    let stream = stream(ctx(caller).table.get(fd)?, rights::FD_WRITE)?;
    // No SIGPIPE for a peer that went away: the module gets EPIPE instead.
    let sent = rustix::net::send(stream, &data, SendFlags::NOSIGNAL)?;
    guest.write_size(caller, addr(so_datalen), sent)
}

/// `sock_shutdown(fd, how: sdflags) -> errno`.
pub fn sock_shutdown<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32, how: i32) -> WasiResult {
    let how = match u8::try_from(how).map_err(|_| Errno::INVAL)? {
        sock::SHUT_RD => Shutdown::Read,
        sock::SHUT_WR => Shutdown::Write,
        both if both == sock::SHUT_RD | sock::SHUT_WR => Shutdown::Both,
        _ => return Err(Errno::INVAL),
    };
    Ok(stream(ctx(caller).table.get(fd)?, rights::SOCK_SHUTDOWN)?.shutdown(how)?)
}
