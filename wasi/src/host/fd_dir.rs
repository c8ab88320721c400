//! Directories through descriptors: `fd_prestat_get`, `fd_prestat_dir_name`, `fd_readdir`.

use std::os::unix::ffi::OsStrExt;

use cap_std::fs::{Dir, MetadataExt};
use interp::Caller;

use super::ctx;
use super::fd_stat::filetype_of;
use crate::abi::{filetype, layout, rights};
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};

/// `fd_prestat_get(fd, buf) -> errno`: tag 0 (a directory) at 0, the name's length at 4.
/// Anything but a preopen is `EBADF`, which ends wasi-libc's scan at startup.
pub fn fd_prestat_get<T: WasiView>(caller: &mut Caller<'_, T>, fd: i32, buf: i32) -> WasiResult {
    let guest = Guest::of(caller)?;
    let entry = ctx(caller).table.get(fd)?;
    let name = entry.preopen.as_ref().ok_or(Errno::BADF)?;
    let mut record = [0u8; layout::PRESTAT];
    let len = u32::try_from(name.len()).map_err(|_| Errno::NAMETOOLONG)?;
    record[4..8].copy_from_slice(&len.to_le_bytes());
    guest.write(caller, addr(buf), &record)
}

/// `fd_prestat_dir_name(fd, path, path_len) -> errno`: the guest path, without a NUL.
pub fn fd_prestat_dir_name<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    path: i32,
    len: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let entry = ctx(caller).table.get(fd)?;
    let name = entry.preopen.clone().ok_or(Errno::BADF)?;
    if (addr(len) as usize) < name.len() {
        return Err(Errno::NAMETOOLONG);
    }
    guest.write(caller, addr(path), name.as_bytes())
}

/// One directory entry: name, inode and type.
struct Listed {
    name: Vec<u8>,
    ino: u64,
    kind: u8,
}

/// Every entry of `dir`, `.` and `..` first (as a POSIX `readdir` gives them). `..` of a
/// preopen lies outside the sandbox, so its inode is reported as 0.
fn listing(dir: &Dir) -> WasiResult<Vec<Listed>> {
    let own = dir.dir_metadata()?.ino();
    let mut entries = vec![
        Listed {
            name: b".".to_vec(),
            ino: own,
            kind: filetype::DIRECTORY,
        },
        Listed {
            name: b"..".to_vec(),
            ino: 0,
            kind: filetype::DIRECTORY,
        },
    ];
    for entry in dir.entries()? {
        let entry = entry?;
        entries.push(Listed {
            name: entry.file_name().as_bytes().to_vec(),
            ino: entry.metadata()?.ino(),
            kind: filetype_of(entry.file_type()?),
        });
    }
    Ok(entries)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused) -> errno`: `dirent` records (next
/// cookie u64, inode u64, name length u32, type u8, then the name) from entry `cookie` on,
/// cut off at `buf_len` bytes. `bufused < buf_len` tells the module the listing ended.
pub fn fd_readdir<T: WasiView>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    buf: i32,
    buf_len: i32,
    cookie: i64,
    bufused: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    guest.check(caller, addr(buf), addr(buf_len))?;
    let entry = ctx(caller).table.get(fd)?;
    let dir = entry.dir(rights::FD_READDIR)?;
    let entries = listing(dir)?;
    let capacity = addr(buf_len) as usize;
    let mut out = Vec::new();
    let start = usize::try_from(cookie as u64).unwrap_or(usize::MAX);
    for (index, listed) in entries.iter().enumerate().skip(start) {
        if out.len() >= capacity {
            break;
        }
        let mut record = [0u8; layout::DIRENT];
        record[0..8].copy_from_slice(&(index as u64 + 1).to_le_bytes());
        record[8..16].copy_from_slice(&listed.ino.to_le_bytes());
        let len = u32::try_from(listed.name.len()).map_err(|_| Errno::NAMETOOLONG)?;
        record[16..20].copy_from_slice(&len.to_le_bytes());
        record[20] = listed.kind;
        out.extend_from_slice(&record);
        out.extend_from_slice(&listed.name);
    }
    out.truncate(capacity);
    guest.write(caller, addr(buf), &out)?;
    guest.write_size(caller, addr(bufused), out.len())
}
