use clap::Parser;

/// Requests allocate many small, short-lived objects (GraphQL values, rows, JSON);
/// mimalloc serves them with less CPU than the system allocator (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match kassa::cli::run(kassa::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kassa: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
