//! Paths inside directory descriptors, all resolved by cap-std so that no path, `..`,
//! absolute path or symlink leaves the directory: every `path_*` function.

use std::io;
use std::os::unix::ffi::OsStrExt;

use cap_fs_ext::{
    DirExt, FollowSymlinks, OpenOptionsFollowExt, OpenOptionsMaybeDirExt, SystemTimeSpec,
};
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt};
use interp::{Caller, Val};

use super::ctx;
use super::fd_stat::{TimeChange, filestat_of, time_changes};
use crate::abi::{LOOKUP_SYMLINK_FOLLOW, fdflags, oflags, rights};
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};
use crate::table::{Entry, Handle};

/// Reads the path at (`ptr`, `len`), then runs `op` on the directory `fd` (which must have
/// `needed`) and that path.
fn in_dir<T: WasiView, R>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    needed: u64,
    ptr: i32,
    len: i32,
    op: impl FnOnce(&Dir, &str) -> io::Result<R>,
) -> WasiResult<R> {
    let path = Guest::of(caller)?.path(caller, addr(ptr), addr(len))?;
    let dir = ctx(caller).table.get(fd)?.dir(needed)?;
    Ok(op(dir, &path)?)
}

/// `path_create_directory(fd, path, path_len) -> errno`.
pub fn path_create_directory<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    path: i32,
    len: i32,
) -> WasiResult {
    in_dir(
        caller,
        fd,
        rights::PATH_CREATE_DIRECTORY,
        path,
        len,
        |dir, path| dir.create_dir(path),
    )
}

/// `path_remove_directory(fd, path, path_len) -> errno`: only an empty directory.
pub fn path_remove_directory<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    path: i32,
    len: i32,
) -> WasiResult {
    in_dir(
        caller,
        fd,
        rights::PATH_REMOVE_DIRECTORY,
        path,
        len,
        |dir, path| dir.remove_dir(path),
    )
}

/// `path_unlink_file(fd, path, path_len) -> errno`: a file or a symlink, never a directory.
pub fn path_unlink_file<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    path: i32,
    len: i32,
) -> WasiResult {
    in_dir(
        caller,
        fd,
        rights::PATH_UNLINK_FILE,
        path,
        len,
        |dir, path| dir.remove_file(path),
    )
}

/// `path_filestat_get(fd, flags: lookupflags, path, path_len, buf) -> errno`.
pub fn path_filestat_get<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    flags: i32,
    path: i32,
    len: i32,
    buf: i32,
) -> WasiResult {
    let follow = flags as u32 & LOOKUP_SYMLINK_FOLLOW != 0;
    let metadata = in_dir(
        caller,
        fd,
        rights::PATH_FILESTAT_GET,
        path,
        len,
        |dir, path| {
            if follow {
                dir.metadata(path)
            } else {
                dir.symlink_metadata(path)
            }
        },
    )?;
    Guest::of(caller)?.write(caller, addr(buf), &filestat_of(&metadata))
}

fn time_spec(change: TimeChange) -> Option<SystemTimeSpec> {
    change.map(|time| match time {
        None => SystemTimeSpec::SymbolicNow,
        Some(time) => SystemTimeSpec::Absolute(cap_std::time::SystemTime::from_std(time)),
    })
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags) -> errno`.
#[allow(clippy::too_many_arguments)] // The witx signature.
pub fn path_filestat_set_times<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    flags: i32,
    path: i32,
    len: i32,
    atim: i64,
    mtim: i64,
    fst: i32,
) -> WasiResult {
    let (access, modification) = time_changes(atim, mtim, fst)?;
    let follow = flags as u32 & LOOKUP_SYMLINK_FOLLOW != 0;
    in_dir(
        caller,
        fd,
        rights::PATH_FILESTAT_SET_TIMES,
        path,
        len,
        |dir, path| {
            let (a, m) = (time_spec(access), time_spec(modification));
            if follow {
                dir.set_times(path, a, m)
            } else {
                dir.set_symlink_times(path, a, m)
            }
        },
    )
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused) -> errno`: the link's text,
/// cut off at `buf_len` bytes, without a NUL.
pub fn path_readlink<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    path: i32,
    len: i32,
    buf: i32,
    buf_len: i32,
    bufused: i32,
) -> WasiResult {
    let target = in_dir(caller, fd, rights::PATH_READLINK, path, len, |dir, path| {
        dir.read_link_contents(path)
    })?;
    let guest = Guest::of(caller)?;
    let bytes = target.as_os_str().as_bytes();
    let take = bytes.len().min(addr(buf_len) as usize);
    guest.write(caller, addr(buf), &bytes[..take])?;
    guest.write_size(caller, addr(bufused), take)
}

/// `path_symlink(old_path, old_len, fd, new_path, new_len) -> errno`: a link at `new_path`
/// whose text is `old_path`. An absolute text could never resolve inside the sandbox, so
/// cap-std refuses it (`EPERM`).
pub fn path_symlink<T: WasiView>(
    caller: &mut Caller<'_, T>,
    old: i32,
    old_len: i32,
    fd: i32,
    new: i32,
    new_len: i32,
) -> WasiResult {
    let target = Guest::of(caller)?.path(caller, addr(old), addr(old_len))?;
    in_dir(
        caller,
        fd,
        rights::PATH_SYMLINK,
        new,
        new_len,
        |dir, link| DirExt::symlink(dir, &target, link),
    )
}

/// Two directories and two paths, for `path_link` and `path_rename`.
fn across<T: WasiView>(
    caller: &mut Caller<'_, T>,
    (old_fd, old_right, old, old_len): (i32, u64, i32, i32),
    (new_fd, new_right, new, new_len): (i32, u64, i32, i32),
    op: impl FnOnce(&Dir, &str, &Dir, &str) -> io::Result<()>,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let old_path = guest.path(caller, addr(old), addr(old_len))?;
    let new_path = guest.path(caller, addr(new), addr(new_len))?;
    let table = &ctx(caller).table;
    let old_dir = table.get(old_fd)?.dir(old_right)?;
    let new_dir = table.get(new_fd)?.dir(new_right)?;
    Ok(op(old_dir, &old_path, new_dir, &new_path)?)
}

/// `path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len) -> errno`: a
/// hard link. Following a symlink at `old_path` is refused with `EINVAL`, as wasmtime does.
#[allow(clippy::too_many_arguments)] // The witx signature.
pub fn path_link<T: WasiView>(
    caller: &mut Caller<'_, T>,
    old_fd: i32,
    old_flags: i32,
    old: i32,
    old_len: i32,
    new_fd: i32,
    new: i32,
    new_len: i32,
) -> WasiResult {
    if old_flags as u32 & LOOKUP_SYMLINK_FOLLOW != 0 {
        return Err(Errno::INVAL);
    }
    across(
        caller,
        (old_fd, rights::PATH_LINK_SOURCE, old, old_len),
        (new_fd, rights::PATH_LINK_TARGET, new, new_len),
        |from_dir, from, to_dir, to| from_dir.hard_link(from, to_dir, to),
    )
}

/// `path_rename(fd, old_path, old_len, new_fd, new_path, new_len) -> errno`.
pub fn path_rename<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    old: i32,
    old_len: i32,
    new_fd: i32,
    new: i32,
    new_len: i32,
) -> WasiResult {
    across(
        caller,
        (fd, rights::PATH_RENAME_SOURCE, old, old_len),
        (new_fd, rights::PATH_RENAME_TARGET, new, new_len),
        |from_dir, from, to_dir, to| from_dir.rename(from, to_dir, to),
    )
}

/// `path_open`'s arguments, in witx order.
struct OpenRequest {
    fd: i32,
    dirflags: u32,
    path: i32,
    len: i32,
    oflags: u16,
    base: u64,
    inheriting: u64,
    fdflags: u16,
    opened: i32,
}

impl OpenRequest {
    /// From the nine wasm values `path_open` receives (their types checked by the linker).
    fn from_vals(params: &[Val]) -> Option<OpenRequest> {
        let int = |i: usize| match params.get(i)? {
            Val::I32(v) => Some(*v),
            _ => None,
        };
        let long = |i: usize| match params.get(i)? {
            Val::I64(v) => Some(*v as u64),
            _ => None,
        };
        Some(OpenRequest {
            fd: int(0)?,
            dirflags: int(1)? as u32,
            path: int(2)?,
            len: int(3)?,
            oflags: int(4)? as u16,
            base: long(5)?,
            inheriting: long(6)?,
            fdflags: int(7)? as u16,
            opened: int(8)?,
        })
    }
}

/// `path_open(fd, dirflags, path, path_len, oflags, fs_rights_base, fs_rights_inheriting,
/// fdflags, opened_fd) -> errno`, with its arguments as the linker passes them.
pub fn path_open<T: WasiView>(caller: &mut Caller<'_, T>, params: &[Val]) -> WasiResult {
    let request = OpenRequest::from_vals(params).ok_or(Errno::INVAL)?;
    let guest = Guest::of(caller)?;
    let path = guest.path(caller, addr(request.path), addr(request.len))?;
    let entry = open(ctx(caller).table.get(request.fd)?, &request, &path)?;
    let fd = ctx(caller).table.insert(entry)?;
    guest.write_u32(caller, addr(request.opened), fd)
}

/// Opens `path` in `parent` as `request` says: the rights it asks for must all be ones the
/// directory passes on, and creating or truncating needs the directory's rights for it.
fn open(parent: &Entry, request: &OpenRequest, path: &str) -> WasiResult<Entry> {
    if request.oflags & !oflags::ALL != 0 || request.fdflags & !fdflags::ALL != 0 {
        return Err(Errno::INVAL);
    }
    let mut needed = rights::PATH_OPEN;
    if request.oflags & oflags::CREAT != 0 {
        needed |= rights::PATH_CREATE_FILE;
    }
    if request.oflags & oflags::TRUNC != 0 {
        needed |= rights::PATH_FILESTAT_SET_SIZE;
    }
    let dir = parent.dir(needed)?;
    if request.base & !parent.inheriting != 0 || request.inheriting & !parent.inheriting != 0 {
        return Err(Errno::NOTCAPABLE);
    }
    let follow = if request.dirflags & LOOKUP_SYMLINK_FOLLOW != 0 {
        FollowSymlinks::Yes
    } else {
        FollowSymlinks::No
    };
    let wants_dir = request.oflags & oflags::DIRECTORY != 0;
    let write_rights = rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE;
    let write = request.base & write_rights != 0 || request.fdflags & fdflags::APPEND != 0;
    let read = request.base & (rights::FD_READ | rights::FD_READDIR) != 0 || !write;
    if wants_dir && (write || request.oflags & (oflags::CREAT | oflags::TRUNC) != 0) {
        return Err(Errno::ISDIR);
    }
    let mut options = OpenOptions::new();
    options.read(read).write(write);
    options.append(request.fdflags & fdflags::APPEND != 0);
    if request.oflags & oflags::CREAT != 0 {
        if request.oflags & oflags::EXCL != 0 {
            options.create_new(true);
        } else {
            options.create(true);
        }
    }
    options.truncate(request.oflags & oflags::TRUNC != 0);
    options.follow(follow);
    options.maybe_dir(!write);
    let mut custom = 0;
    for (flag, host) in [
        (fdflags::NONBLOCK, libc::O_NONBLOCK),
        (fdflags::DSYNC, libc::O_DSYNC),
        (fdflags::SYNC, libc::O_SYNC),
        (fdflags::RSYNC, libc::O_RSYNC),
    ] {
        if request.fdflags & flag != 0 {
            custom |= host;
        }
    }
    if wants_dir {
        custom |= libc::O_DIRECTORY;
    }
    options.custom_flags(custom);
    let file = dir.open_with(path, &options)?;
    let is_dir = file.metadata()?.is_dir();
    if is_dir {
        let dir = Dir::from_std_file(file.into_std());
        return Ok(Entry {
            handle: Handle::Dir(dir),
            base: request.base & rights::DIRECTORY,
            inheriting: request.inheriting,
            preopen: None,
        });
    }
    Ok(Entry {
        handle: Handle::File(file),
        base: request.base & rights::FILE,
        inheriting: 0,
        preopen: None,
    })
}
