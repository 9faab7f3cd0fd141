//! The `kb` binary: parse the command line, run it, map the outcome to an exit code.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use kb::cli::{Cli, Outcome, preprocess_args, run};
use kb::render::plain::clean;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse_from(preprocess_args(std::env::args_os().collect()));
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(err) => {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            // Messages may quote documents: nothing in them may act on the terminal.
            // Not eprintln!, which panics when stderr is closed.
            let _ = writeln!(
                std::io::stderr(),
                "kb: error: {}",
                clean(&format!("{err:#}"))
            );
            ExitCode::from(2)
        }
    }
}
