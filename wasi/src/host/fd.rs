//! Data on descriptors: `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`,
//! `fd_tell`, and the descriptor's life: `fd_close`, `fd_renumber`, `fd_sync`,
//! `fd_datasync`, `fd_advise`, `fd_allocate`.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::num::NonZeroU64;

use cap_std::fs::FileExt;
use interp::Caller;

use super::{MAX_IO, ctx};
use crate::abi::rights;
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};
use crate::table::{Entry, Handle};

/// Retries a host call that the kernel interrupted.
pub(crate) fn retry<R>(mut call: impl FnMut() -> io::Result<R>) -> io::Result<R> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// One read of at most `max` bytes from what `entry` refers to.
pub(crate) fn read_from(entry: &mut Entry, max: usize) -> WasiResult<Vec<u8>> {
    let mut data = vec![0; max];
    let got = match &mut entry.handle {
        Handle::Stdin(input) => return Ok(input.read(max)?),
        Handle::File(file) => retry(|| file.read(&mut data))?,
        Handle::Stream(stream) => retry(|| stream.read(&mut data))?,
        Handle::Dir(_) => return Err(Errno::ISDIR),
        Handle::Listener(_) => return Err(Errno::NOTCONN),
        Handle::Stdout(_) | Handle::Stderr(_) => return Err(Errno::BADF),
    };
    data.truncate(got);
    Ok(data)
}

/// Writes `data` to what `entry` refers to; how many bytes went.
pub(crate) fn write_to(entry: &mut Entry, data: &[u8]) -> WasiResult<usize> {
    match &mut entry.handle {
        Handle::Stdout(out) | Handle::Stderr(out) => out.write(data)?,
        Handle::File(file) => retry(|| file.write_all(data))?,
        Handle::Stream(stream) => return Ok(retry(|| stream.write(data))?),
        Handle::Dir(_) => return Err(Errno::ISDIR),
        Handle::Listener(_) => return Err(Errno::NOTCONN),
        Handle::Stdin(_) => return Err(Errno::BADF),
    }
    Ok(data.len())
}

/// `fd_read(fd, iovs, iovs_len, nread) -> errno`.
pub fn fd_read<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    nread: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let (buffers, want) = guest.read_buffers(caller, iovs, count, nread)?;
    let entry = ctx(caller).table.get_mut(fd)?;
    // Output-only streams are not readable at all, whatever their rights say.
    if matches!(entry.handle, Handle::Stdout(_) | Handle::Stderr(_)) {
        return Err(Errno::BADF);
    }
    entry.require(rights::FD_READ)?;
    let data = if want == 0 {
        Vec::new()
    } else {
        read_from(entry, want)?
    };
    guest.scatter(caller, &buffers, &data)?;
    guest.write_size(caller, addr(nread), data.len())
}

/// `fd_write(fd, iovs, iovs_len, nwritten) -> errno`.
pub fn fd_write<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    nwritten: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let buffers = guest.write_buffers(caller, iovs, count, nwritten)?;
    let entry = ctx(caller).table.get(fd)?;
    // Stdin is not writable at all, whatever its rights say.
    if matches!(entry.handle, Handle::Stdin(_)) {
        return Err(Errno::BADF);
    }
    entry.require(rights::FD_WRITE)?;
    let data = guest.gather(caller, &buffers, MAX_IO)?;
    let entry = ctx(caller).table.with(fd, rights::FD_WRITE)?;
    let written = if data.is_empty() {
        0
    } else {
        write_to(entry, &data)?
    };
    guest.write_size(caller, addr(nwritten), written)
}

/// The file behind `entry` for positioned I/O or seeking, with `needed` rights. The kind
/// of descriptor is checked first: a stream cannot seek (`ESPIPE`), a directory gets
/// `on_dir`.
fn file_of(entry: &mut Entry, needed: u64, on_dir: Errno) -> WasiResult<&mut cap_std::fs::File> {
    match &entry.handle {
        Handle::File(_) => entry.require(needed)?,
        Handle::Dir(_) => return Err(on_dir),
        _ => return Err(Errno::SPIPE),
    }
    match &mut entry.handle {
        Handle::File(file) => Ok(file),
        _ => Err(Errno::BADF),
    }
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread) -> errno`: does not move the position.
pub fn fd_pread<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    offset: i64,
    nread: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let (buffers, want) = guest.read_buffers(caller, iovs, count, nread)?;
    let file = file_of(
        ctx(caller).table.get_mut(fd)?,
        rights::FD_READ | rights::FD_SEEK,
        Errno::ISDIR,
    )?;
    let mut data = vec![0; want];
    let got = retry(|| file.read_at(&mut data, offset as u64))?;
    data.truncate(got);
    guest.scatter(caller, &buffers, &data)?;
    guest.write_size(caller, addr(nread), got)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten) -> errno`: does not move the position.
pub fn fd_pwrite<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    offset: i64,
    nwritten: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let buffers = guest.write_buffers(caller, iovs, count, nwritten)?;
    file_of(
        ctx(caller).table.get_mut(fd)?,
        rights::FD_WRITE | rights::FD_SEEK,
        Errno::ISDIR,
    )?;
    let data = guest.gather(caller, &buffers, MAX_IO)?;
    let file = file_of(
        ctx(caller).table.get_mut(fd)?,
        rights::FD_WRITE | rights::FD_SEEK,
        Errno::ISDIR,
    )?;
    retry(|| file.write_all_at(&data, offset as u64))?;
    guest.write_size(caller, addr(nwritten), data.len())
}

/// `fd_seek(fd, offset: filedelta, whence, newoffset) -> errno`. Asking only for the
/// position (offset 0 from the current one) needs just `fd_tell`.
pub fn fd_seek<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    offset: i64,
    whence: i32,
    newoffset: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let needed = if offset == 0 && whence == 1 {
        rights::FD_TELL
    } else {
        rights::FD_SEEK
    };
    // The descriptor first: a bad one is EBADF whatever the other arguments are.
    let file = file_of(ctx(caller).table.get_mut(fd)?, needed, Errno::BADF)?;
    let target = match whence {
        0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::INVAL)?),
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return Err(Errno::INVAL),
    };
    let position = retry(|| file.seek(target))?;
    guest.write_u64(caller, addr(newoffset), position)
}

/// `fd_tell(fd, offset) -> errno`.
pub fn fd_tell<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32, offset: i32) -> WasiResult {
    let guest = Guest::of(caller)?;
    let file = file_of(ctx(caller).table.get_mut(fd)?, rights::FD_TELL, Errno::BADF)?;
    let position = retry(|| file.stream_position())?;
    guest.write_u64(caller, addr(offset), position)
}

/// `fd_close(fd) -> errno`: any descriptor, preopens and stdio included (the host's own
/// streams stay open).
pub fn fd_close<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32) -> WasiResult {
    ctx(caller).table.remove(fd).map(drop)
}

/// `fd_renumber(from, to) -> errno`: `to` must be open; it is closed and `from` takes its
/// number.
pub fn fd_renumber<T: WasiView>(caller: &mut Caller<'_, T>, from: i32, to: i32) -> WasiResult {
    let table = &mut ctx(caller).table;
    table.get(from)?;
    table.get(to)?;
    if from != to {
        let entry = table.remove(from)?;
        table.replace(to, entry);
    }
    Ok(())
}

/// `fd_sync(fd) -> errno`: data and metadata to the device.
pub fn fd_sync<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32) -> WasiResult {
    let entry = ctx(caller).table.with(fd, rights::FD_SYNC)?;
    match &entry.handle {
        Handle::File(file) => Ok(file.sync_all()?),
        Handle::Dir(dir) => Ok(rustix::fs::fsync(dir)?),
        _ => Err(Errno::INVAL),
    }
}

/// `fd_datasync(fd) -> errno`: data to the device.
pub fn fd_datasync<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32) -> WasiResult {
    let entry = ctx(caller).table.with(fd, rights::FD_DATASYNC)?;
    match &entry.handle {
        Handle::File(file) => Ok(file.sync_data()?),
        Handle::Dir(dir) => Ok(rustix::fs::fdatasync(dir)?),
        _ => Err(Errno::INVAL),
    }
}

/// `fd_advise(fd, offset, len, advice) -> errno`: passed on to `posix_fadvise`.
pub fn fd_advise<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    offset: i64,
    len: i64,
    advice: i32,
) -> WasiResult {
    use rustix::fs::Advice;
    let advice = match advice {
        0 => Advice::Normal,
        1 => Advice::Sequential,
        2 => Advice::Random,
        3 => Advice::WillNeed,
        4 => Advice::DontNeed,
        5 => Advice::NoReuse,
        _ => return Err(Errno::INVAL),
    };
    let entry = ctx(caller).table.with(fd, rights::FD_ADVISE)?;
    match &entry.handle {
        Handle::File(file) => Ok(rustix::fs::fadvise(
            file,
            offset as u64,
            NonZeroU64::new(len as u64),
            advice,
        )?),
        Handle::Dir(_) => Err(Errno::BADF),
        _ => Err(Errno::SPIPE),
    }
}

/// `fd_allocate(fd, offset, len) -> errno`: makes the file at least `offset + len` bytes
/// long (what `posix_fallocate` guarantees); it never shrinks.
pub fn fd_allocate<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    offset: i64,
    len: i64,
) -> WasiResult {
    let entry = ctx(caller).table.with(fd, rights::FD_ALLOCATE)?;
    let file = match &entry.handle {
        Handle::File(file) => file,
        Handle::Dir(_) => return Err(Errno::BADF),
        _ => return Err(Errno::SPIPE),
    };
    let end = (offset as u64).checked_add(len as u64).ok_or(Errno::FBIG)?;
    if i64::try_from(end).is_err() {
        return Err(Errno::FBIG);
    }
    if file.metadata()?.len() < end {
        file.set_len(end)?;
    }
    Ok(())
}
