//! albench binary: parse the CLI, run the command, print errors. Exit codes: 0 ok, 1 a run
//! failed (others completed and were kept), 2 bad input (spec, data, flags).

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Err(e) = albench::fault::check_env() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    match commands::dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
