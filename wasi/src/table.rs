//! The module's descriptors: what each number refers to and the rights it carries.

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};

use cap_std::fs::{Dir, File};

use crate::errno::{Errno, WasiResult};
use crate::stdio::{Input, Output};

/// What a descriptor refers to.
#[derive(Debug)]
pub(crate) enum Handle {
    Stdin(Input),
    Stdout(Output),
    Stderr(Output),
    File(File),
    Dir(Dir),
    Listener(TcpListener),
    Stream(TcpStream),
}

/// One open descriptor.
#[derive(Debug)]
pub(crate) struct Entry {
    pub handle: Handle,
    /// Rights on this descriptor.
    pub base: u64,
    /// Rights descriptors opened through this one may have.
    pub inheriting: u64,
    /// The guest path of a preopened directory.
    pub preopen: Option<String>,
}

impl Entry {
    /// Fails with `ENOTCAPABLE` unless this descriptor has every right in `needed`.
    pub fn require(&self, needed: u64) -> WasiResult {
        if self.base & needed == needed {
            Ok(())
        } else {
            Err(Errno::NOTCAPABLE)
        }
    }

    /// The directory, with `needed` rights; `ENOTDIR` for anything else.
    pub fn dir(&self, needed: u64) -> WasiResult<&Dir> {
        match &self.handle {
            Handle::Dir(dir) => {
                self.require(needed)?;
                Ok(dir)
            }
            _ => Err(Errno::NOTDIR),
        }
    }
}

/// Descriptor numbers to entries; a new descriptor takes the lowest free number.
#[derive(Debug, Default)]
pub(crate) struct Table {
    entries: BTreeMap<u32, Entry>,
}

impl Table {
    pub fn get(&self, fd: i32) -> WasiResult<&Entry> {
        self.entries.get(&(fd as u32)).ok_or(Errno::BADF)
    }

    pub fn get_mut(&mut self, fd: i32) -> WasiResult<&mut Entry> {
        self.entries.get_mut(&(fd as u32)).ok_or(Errno::BADF)
    }

    /// The entry with `needed` rights.
    pub fn with(&mut self, fd: i32, needed: u64) -> WasiResult<&mut Entry> {
        let entry = self.get_mut(fd)?;
        entry.require(needed)?;
        Ok(entry)
    }

    pub fn insert(&mut self, entry: Entry) -> WasiResult<u32> {
        let mut fd = 0u32;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd = fd.checked_add(1).ok_or(Errno::MFILE)?;
        }
        self.entries.insert(fd, entry);
        Ok(fd)
    }

    pub fn remove(&mut self, fd: i32) -> WasiResult<Entry> {
        self.entries.remove(&(fd as u32)).ok_or(Errno::BADF)
    }

    /// Puts `entry` at `fd`, returning what was there.
    pub fn replace(&mut self, fd: i32, entry: Entry) -> Option<Entry> {
        self.entries.insert(fd as u32, entry)
    }
}
