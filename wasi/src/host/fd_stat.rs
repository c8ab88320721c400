//! What a descriptor is and how it may be used: `fd_fdstat_get`, `fd_fdstat_set_flags`,
//! `fd_fdstat_set_rights`, `fd_filestat_get`, `fd_filestat_set_size`,
//! `fd_filestat_set_times`; and the `filestat` record `path_filestat_get` shares.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cap_std::fs::{FileType, Metadata, MetadataExt};
use interp::Caller;
use rustix::fs::{OFlags, Timespec, Timestamps, UTIME_NOW, UTIME_OMIT};

use super::ctx;
use crate::abi::{fdflags, filetype, fstflags, layout, rights};
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};
use crate::table::{Entry, Handle};

/// The preview1 `filetype` of a host file type.
pub(crate) fn filetype_of(ty: FileType) -> u8 {
    use cap_std::fs::FileTypeExt;
    if ty.is_dir() {
        filetype::DIRECTORY
    } else if ty.is_file() {
        filetype::REGULAR_FILE
    } else if ty.is_symlink() {
        filetype::SYMBOLIC_LINK
    } else if ty.is_char_device() {
        filetype::CHARACTER_DEVICE
    } else if ty.is_block_device() {
        filetype::BLOCK_DEVICE
    } else if ty.is_socket() {
        filetype::SOCKET_STREAM
    } else {
        filetype::UNKNOWN
    }
}

/// A `filestat` record for `metadata`.
pub(crate) fn filestat_of(metadata: &Metadata) -> [u8; layout::FILESTAT] {
    let time = |secs: i64, nanos: i64| {
        (secs.max(0) as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(nanos.max(0) as u64)
    };
    let mut record = [0u8; layout::FILESTAT];
    record[0..8].copy_from_slice(&metadata.dev().to_le_bytes());
    record[8..16].copy_from_slice(&metadata.ino().to_le_bytes());
    record[16] = filetype_of(metadata.file_type());
    record[24..32].copy_from_slice(&metadata.nlink().to_le_bytes());
    record[32..40].copy_from_slice(&metadata.size().to_le_bytes());
    record[40..48].copy_from_slice(&time(metadata.atime(), metadata.atime_nsec()).to_le_bytes());
    record[48..56].copy_from_slice(&time(metadata.mtime(), metadata.mtime_nsec()).to_le_bytes());
    record[56..64].copy_from_slice(&time(metadata.ctime(), metadata.ctime_nsec()).to_le_bytes());
    record
}

/// The `filetype` of an open descriptor.
fn filetype_of_entry(entry: &Entry) -> WasiResult<u8> {
    Ok(match &entry.handle {
        Handle::Stdin(input) if input.is_terminal() => filetype::CHARACTER_DEVICE,
        Handle::Stdout(out) | Handle::Stderr(out) if out.is_terminal() => {
            filetype::CHARACTER_DEVICE
        }
        // A pipe, a redirected file or a buffer: preview1 has no better name.
        Handle::Stdin(_) | Handle::Stdout(_) | Handle::Stderr(_) => filetype::UNKNOWN,
        Handle::File(file) => filetype_of(file.metadata()?.file_type()),
        Handle::Dir(_) => filetype::DIRECTORY,
        Handle::Listener(_) | Handle::Stream(_) => filetype::SOCKET_STREAM,
    })
}

/// The host descriptor whose status flags preview1's `fdflags` reflect, if any.
fn host_fd(entry: &Entry) -> Option<std::os::fd::BorrowedFd<'_>> {
    use std::os::fd::AsFd;
    match &entry.handle {
        Handle::File(file) => Some(file.as_fd()),
        Handle::Stream(stream) => Some(stream.as_fd()),
        Handle::Listener(listener) => Some(listener.as_fd()),
        _ => None,
    }
}

/// `fd_fdstat_get(fd, stat) -> errno`: `filetype` u8 at 0, `fdflags` u16 at 2,
/// `rights_base` u64 at 8, `rights_inheriting` u64 at 16.
pub fn fd_fdstat_get<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32, stat: i32) -> WasiResult {
    let guest = Guest::of(caller)?;
    let entry = ctx(caller).table.get(fd)?;
    let mut flags = 0u16;
    if let Some(host) = host_fd(entry) {
        let host_flags = rustix::fs::fcntl_getfl(host)?;
        for (bit, flag) in [
            (OFlags::APPEND, fdflags::APPEND),
            (OFlags::DSYNC, fdflags::DSYNC),
            (OFlags::NONBLOCK, fdflags::NONBLOCK),
            (OFlags::RSYNC, fdflags::RSYNC),
            (OFlags::SYNC, fdflags::SYNC),
        ] {
            if host_flags.contains(bit) {
                flags |= flag;
            }
        }
    }
    let mut record = [0u8; layout::FDSTAT];
    record[0] = filetype_of_entry(entry)?;
    record[2..4].copy_from_slice(&flags.to_le_bytes());
    record[8..16].copy_from_slice(&entry.base.to_le_bytes());
    record[16..24].copy_from_slice(&entry.inheriting.to_le_bytes());
    guest.write(caller, addr(stat), &record)
}

/// `fd_fdstat_set_flags(fd, flags) -> errno`: `append` and `nonblock` can change on files and
/// sockets; the synchronous-I/O flags only at `path_open` (`ENOTSUP` here, as Linux cannot
/// change them later).
pub fn fd_fdstat_set_flags<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    flags: i32,
) -> WasiResult {
    let flags = u16::try_from(flags).map_err(|_| Errno::INVAL)?;
    if flags & !fdflags::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let entry = ctx(caller).table.with(fd, rights::FD_FDSTAT_SET_FLAGS)?;
    if flags & (fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC) != 0 {
        return Err(Errno::NOTSUP);
    }
    let Some(host) = host_fd(entry) else {
        // Stdio and directories have no flags to change: only "none" is accepted.
        return if flags == 0 {
            Ok(())
        } else {
            Err(Errno::NOTSUP)
        };
    };
    let mut host_flags = rustix::fs::fcntl_getfl(host)?;
    host_flags.set(OFlags::APPEND, flags & fdflags::APPEND != 0);
    host_flags.set(OFlags::NONBLOCK, flags & fdflags::NONBLOCK != 0);
    Ok(rustix::fs::fcntl_setfl(host, host_flags)?)
}

/// `fd_fdstat_set_rights(fd, base, inheriting) -> errno`: rights can only be dropped.
pub fn fd_fdstat_set_rights<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    base: i64,
    inheriting: i64,
) -> WasiResult {
    let (base, inheriting) = (base as u64, inheriting as u64);
    let entry = ctx(caller).table.get_mut(fd)?;
    if base & !entry.base != 0 || inheriting & !entry.inheriting != 0 {
        return Err(Errno::NOTCAPABLE);
    }
    entry.base = base;
    entry.inheriting = inheriting;
    Ok(())
}

/// `fd_filestat_get(fd, buf) -> errno`. Stdio and sockets have no file behind them: their
/// record has only the file type.
pub fn fd_filestat_get<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32, buf: i32) -> WasiResult {
    let guest = Guest::of(caller)?;
    let entry = ctx(caller).table.with(fd, rights::FD_FILESTAT_GET)?;
    let record = match &entry.handle {
        Handle::File(file) => filestat_of(&file.metadata()?),
        Handle::Dir(dir) => filestat_of(&dir.dir_metadata()?),
        _ => {
            let mut record = [0u8; layout::FILESTAT];
            record[16] = filetype_of_entry(entry)?;
            record
        }
    };
    guest.write(caller, addr(buf), &record)
}

/// `fd_filestat_set_size(fd, size) -> errno`: truncates or extends with zeros.
pub fn fd_filestat_set_size<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    size: i64,
) -> WasiResult {
    let entry = ctx(caller).table.with(fd, rights::FD_FILESTAT_SET_SIZE)?;
    match &entry.handle {
        Handle::File(file) => Ok(file.set_len(u64::try_from(size).map_err(|_| Errno::INVAL)?)?),
        Handle::Dir(_) => Err(Errno::ISDIR),
        _ => Err(Errno::INVAL),
    }
}

/// Which times `fst_flags` asks to set: `None` leaves one alone; `Some(None)` means now.
/// Both a time and "now" for the same field, or unknown bits, are `EINVAL`.
pub(crate) type TimeChange = Option<Option<SystemTime>>;

pub(crate) fn time_changes(atim: i64, mtim: i64, fst: i32) -> WasiResult<(TimeChange, TimeChange)> {
    let fst = u16::try_from(fst).map_err(|_| Errno::INVAL)?;
    if fst & !fstflags::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let one = |set: u16, now: u16, nanos: i64| -> WasiResult<TimeChange> {
        match (fst & set != 0, fst & now != 0) {
            (true, true) => Err(Errno::INVAL),
            (true, false) => Ok(Some(Some(UNIX_EPOCH + Duration::from_nanos(nanos as u64)))),
            (false, true) => Ok(Some(None)),
            (false, false) => Ok(None),
        }
    };
    Ok((
        one(fstflags::ATIM, fstflags::ATIM_NOW, atim)?,
        one(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?,
    ))
}

fn timespec(change: TimeChange) -> Timespec {
    match change {
        None => Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
        Some(None) => Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_NOW,
        },
        Some(Some(time)) => {
            let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
            Timespec {
                tv_sec: since.as_secs() as i64,
                tv_nsec: i64::from(since.subsec_nanos()),
            }
        }
    }
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags) -> errno`.
pub fn fd_filestat_set_times<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    atim: i64,
    mtim: i64,
    fst: i32,
) -> WasiResult {
    let (access, modification) = time_changes(atim, mtim, fst)?;
    let entry = ctx(caller).table.with(fd, rights::FD_FILESTAT_SET_TIMES)?;
    let times = Timestamps {
        last_access: timespec(access),
        last_modification: timespec(modification),
    };
    match &entry.handle {
        Handle::File(file) => Ok(rustix::fs::futimens(file, &times)?),
        Handle::Dir(dir) => Ok(rustix::fs::futimens(dir, &times)?),
        _ => Err(Errno::BADF),
    }
}
