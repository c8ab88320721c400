//! `shheap`: runs WebAssembly modules with WAMR-style shared heaps and WASI preview1
//! (crate `shheap-wasi`). This file only parses the command line and hands off to [`run`] and [`report`].
#![deny(missing_docs)]

mod args;
mod duration;
mod heap_spec;
mod heaps;
mod invoke;
mod module_file;
mod report;
mod run;
mod shared_heap;
mod size;
mod values;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return report::usage_error(&error),
    };
    let Command::Run(run_args) = cli.command;
    match run::run(run_args) {
        Ok(status) => report::exit_status(status),
        Err(error) => report::run_error(&error),
    }
}
