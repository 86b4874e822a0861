//! Command implementations behind `main`.
//!
//! Each command file adapts its flags to a library call; what several commands share is in
//! [`flags`] (checked flags) and [`inputs`] (reading and analysing results). No command file
//! imports another.

mod embed;
mod error;
mod export;
mod flags;
mod hosts;
mod inputs;
mod list;
mod map;
mod paper;
mod pretrain;
mod report;
mod run;
mod slurm;
mod tables;

pub use error::AppError;

use std::process::ExitCode;

use crate::cli::Command;

/// Run one command.
pub fn dispatch(cmd: Command) -> Result<ExitCode, AppError> {
    match cmd {
        Command::Run(a) => run::run(a),
        Command::Pretrain(a) => pretrain::pretrain(a),
        Command::Embed(a) => embed::embed(a),
        Command::List { what } => {
            print_out(&list::list(what));
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(a) => report::report(a),
        Command::Compare(a) => report::compare(a),
        Command::Export(a) => export::export(a),
        Command::Map(a) => map::map(a),
        Command::Tables(a) => match a.results.as_slice() {
            [] => paper::paper(&a),
            [results] => tables::tables(results, &a),
            _ => tables::tables_across(&a),
        },
        Command::Slurm(a) => slurm::slurm(a),
    }
}

/// Print to stdout; a closed pipe (`albench … | head`) is not an error.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}
