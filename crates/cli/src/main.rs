//! `vorgaenge`: the Vorgänge API server and its tools.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vorgaenge_cli::{database, import, seed, serve};

#[derive(Debug, Parser)]
#[command(
    name = "vorgaenge",
    version,
    about = "Vorgänge API v2: server and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "VORGAENGE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        database: DatabaseArg,
        /// Base URL for `_links` (default: http://<listen address>).
        #[arg(long, env = "VORGAENGE_PUBLIC_URL")]
        public_url: Option<String>,
        /// Zone for change times given without an offset.
        #[arg(long, env = "VORGAENGE_ZONE", default_value = "Europe/Berlin")]
        zone: chrono_tz::Tz,
        /// Load the demo world first if the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Write the demo world plus N generated cases (deterministic for a seed).
    Seed {
        #[command(flatten)]
        database: DatabaseArg,
        /// Generated cases beyond the demo world.
        #[arg(long, default_value_t = 0)]
        cases: u64,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import Vorgang documents (JSON document, JSON array or JSON Lines), upserting by
    /// vorgangsNummer.
    Import {
        #[command(flatten)]
        database: DatabaseArg,
        /// Files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct DatabaseArg {
    /// Database URL: sqlite://<path>.
    #[arg(long = "database", env = "VORGAENGE_DATABASE_URL", default_value = database::DEFAULT_DATABASE_URL)]
    url: String,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("VORGAENGE_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(Cli::parse().command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve {
            listen,
            database,
            public_url,
            zone,
            demo,
        } => {
            let store = database::open(&database.url)?;
            serve::run(serve::ServeOptions {
                store,
                listen,
                public_url,
                zone,
                demo,
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed {
            database,
            cases,
            seed: s,
        } => {
            let store = database::open(&database.url)?;
            let report = seed::seed(store, cases, s, true).await?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { database, files } => {
            let store = database::open(&database.url)?;
            let report = import::import_files(store, &files, true).await?;
            for rejection in &report.rejected {
                eprintln!("rejected: {rejection}");
            }
            println!("{report}");
            Ok(if report.rejected.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}
