use clap::Parser;

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
