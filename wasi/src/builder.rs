//! [`WasiCtxBuilder`]: configures what a module may see.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use cap_std::ambient_authority;
use cap_std::fs::Dir;

use crate::abi::rights;
use crate::clock::{Clock, HostClock};
use crate::ctx::WasiCtx;
use crate::random::{HostRandom, RandomSource};
use crate::stdio::{HostStream, Input, Output, OutputBuffer};
use crate::table::{Entry, Handle, Table};

/// A failure to build a [`WasiCtx`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A host directory to preopen could not be opened.
    #[error("cannot open the directory `{}` to give to the module: {source}", path.display())]
    Preopen {
        /// The host path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An environment variable's name is empty or contains `=` or a NUL byte, or a value or
    /// argument contains a NUL byte.
    #[error(
        "`{0}` cannot be passed to a WASI module: names may not be empty or contain `=`, and no string may contain a NUL byte"
    )]
    BadString(String),
}

/// Configures a [`WasiCtx`]: by default there are no arguments, no environment, no
/// preopened directories, stdin is empty, stdout and stderr are discarded, and clock and
/// random source are the host's.
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    preopens: Vec<(PathBuf, String, bool)>,
    listeners: Vec<TcpListener>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    clock: Box<dyn Clock>,
    random: Box<dyn RandomSource>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    /// A builder with the defaults above.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            listeners: Vec::new(),
            stdin: Input::Bytes {
                data: Vec::new(),
                at: 0,
            },
            stdout: Output::Discard,
            stderr: Output::Discard,
            clock: Box::new(HostClock::default()),
            random: Box::new(HostRandom),
        }
    }

    /// Appends one argument (the first is the program's name, `argv[0]`).
    pub fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<S: Into<String>>(&mut self, args: impl IntoIterator<Item = S>) -> &mut Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Adds the environment variable `key=value`.
    pub fn env(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Adds every variable of the host process's environment that is valid Unicode.
    pub fn inherit_env(&mut self) -> &mut Self {
        self.env.extend(std::env::vars());
        self
    }

    /// Gives the module the host directory `host` as `guest` (e.g. `.` or `/data`); with
    /// `read_only`, descriptors opened through it cannot change anything.
    pub fn preopened_dir(
        &mut self,
        host: impl AsRef<Path>,
        guest: impl Into<String>,
        read_only: bool,
    ) -> &mut Self {
        self.preopens
            .push((host.as_ref().to_path_buf(), guest.into(), read_only));
        self
    }

    /// Gives the module a listening TCP socket as a preopened descriptor, for
    /// `sock_accept`.
    pub fn preopened_listener(&mut self, listener: TcpListener) -> &mut Self {
        self.listeners.push(listener);
        self
    }

    /// Connects stdin, stdout and stderr to the host process's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.stdin = Input::Inherit;
        self.stdout = Output::Inherit(HostStream::Stdout);
        self.stderr = Output::Inherit(HostStream::Stderr);
        self
    }

    /// The module's stdin reads these bytes, then end of file.
    pub fn stdin_bytes(&mut self, data: impl Into<Vec<u8>>) -> &mut Self {
        self.stdin = Input::Bytes {
            data: data.into(),
            at: 0,
        };
        self
    }

    /// The module's stdout goes to `buffer`.
    pub fn stdout_buffer(&mut self, buffer: OutputBuffer) -> &mut Self {
        self.stdout = Output::Capture(buffer);
        self
    }

    /// The module's stderr goes to `buffer`.
    pub fn stderr_buffer(&mut self, buffer: OutputBuffer) -> &mut Self {
        self.stderr = Output::Capture(buffer);
        self
    }

    /// Replaces the host's clocks (e.g. with a [`ManualClock`](crate::ManualClock)).
    pub fn clock(&mut self, clock: impl Clock + 'static) -> &mut Self {
        self.clock = Box::new(clock);
        self
    }

    /// Replaces the host's random source (e.g. with a [`SeededRandom`](crate::SeededRandom)).
    pub fn random(&mut self, random: impl RandomSource + 'static) -> &mut Self {
        self.random = Box::new(random);
        self
    }

    /// Opens the preopened directories and builds the context. Descriptors 0-2 are stdio,
    /// then the directories in the order given, then the listeners.
    pub fn build(&mut self) -> Result<WasiCtx, BuildError> {
        let has_nul = |s: &str| s.contains('\0');
        if let Some(bad) = self.args.iter().find(|a| has_nul(a)) {
            return Err(BuildError::BadString(bad.clone()));
        }
        if let Some((key, value)) = self
            .env
            .iter()
            .find(|(k, v)| k.is_empty() || k.contains('=') || has_nul(k) || has_nul(v))
        {
            return Err(BuildError::BadString(format!("{key}={value}")));
        }
        let mut table = Table::default();
        let stdio = |handle, base| Entry {
            handle,
            base,
            inheriting: 0,
            preopen: None,
        };
        let stream_rights =
            rights::POLL_FD_READWRITE | rights::FD_FILESTAT_GET | rights::FD_FDSTAT_SET_FLAGS;
        let stdin = std::mem::replace(
            &mut self.stdin,
            Input::Bytes {
                data: Vec::new(),
                at: 0,
            },
        );
        // Insertion into an empty table cannot fail.
        let _ = table.insert(stdio(Handle::Stdin(stdin), stream_rights | rights::FD_READ));
        let _ = table.insert(stdio(
            Handle::Stdout(self.stdout.clone()),
            stream_rights | rights::FD_WRITE,
        ));
        let _ = table.insert(stdio(
            Handle::Stderr(self.stderr.clone()),
            stream_rights | rights::FD_WRITE,
        ));
        for (host, guest, read_only) in &self.preopens {
            let dir = Dir::open_ambient_dir(host, ambient_authority()).map_err(|source| {
                BuildError::Preopen {
                    path: host.clone(),
                    source,
                }
            })?;
            let mask = if *read_only {
                !rights::MUTATING
            } else {
                u64::MAX
            };
            let entry = Entry {
                handle: Handle::Dir(dir),
                base: rights::DIRECTORY & mask,
                inheriting: (rights::DIRECTORY | rights::FILE) & mask,
                preopen: Some(guest.clone()),
            };
            table
                .insert(entry)
                .map_err(|_| BuildError::BadString(guest.clone()))?;
        }
        for listener in self.listeners.drain(..) {
            let entry = Entry {
                handle: Handle::Listener(listener),
                base: rights::LISTENER,
                inheriting: rights::SOCKET,
                preopen: None,
            };
            let _ = table.insert(entry);
        }
        let clock = std::mem::replace(&mut self.clock, Box::new(HostClock::default()));
        let random = std::mem::replace(&mut self.random, Box::new(HostRandom));
        Ok(WasiCtx {
            args: self.args.iter().map(|a| a.clone().into_bytes()).collect(),
            env: self
                .env
                .iter()
                .map(|(k, v)| format!("{k}={v}").into_bytes())
                .collect(),
            table,
            clock,
            random,
        })
    }
}
