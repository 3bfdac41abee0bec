//! `vorgaenge-bench`: measures the Vorgänge API under concurrent load against a static-bytes
//! endpoint of the same response size served by the same process in the same run.
//!
//! `run` seeds the database if needed (with the real `vorgaenge seed`), starts the server as
//! a child process (`serve-for-bench`, hidden), gets access tokens from its token endpoint
//! and collects request inputs over HTTP, drives the scenarios from a single-threaded load
//! generator (the reads first, then the writes, which change the database), samples the
//! child's RSS and prints a markdown report. With `--postgres` the same run then measures
//! PostgreSQL: it fills a schema from the SQLite database if needed (with the real
//! `vorgaenge export` and `vorgaenge import`), starts a second server child on it and runs
//! GET case, the root's list and the PATCH writes there, each with that child's own static
//! baseline, compared with SQLite's. Targets missed are reported, not errors; the
//! exit code is non-zero only when the run itself failed: any non-2xx answer to a read under
//! load, or any write not acknowledged with 200/201 or not matched by exactly one new event
//! (the report is printed first).

mod cpu;
mod events;
mod histogram;
mod inputs;
mod loadgen;
mod postgres;
mod report;
mod rss;
mod scenarios;
mod seeding;
mod server_child;
mod tokens;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::events::EventLog;
use crate::loadgen::LoadSpec;
use crate::postgres::PgTarget;
use crate::report::PostgresSection;
use crate::rss::RssSampler;
use crate::scenarios::Server;
use crate::server_child::{Durability, ServerChild, StoreArgs};

#[derive(Debug, Parser)]
#[command(name = "vorgaenge-bench", about = "Benchmark of the Vorgänge API")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Seed if needed, start the server, run every scenario and print the report.
    Run(RunArgs),
    /// Drive load at one URL of an already running server and print req/s and latency
    /// (for investigating a scenario, e.g. under `perf record -p <server pid>`).
    Load(LoadArgs),
    /// The server under test; started by `run`, not meant to be used directly.
    #[command(hide = true)]
    ServeForBench {
        #[arg(long)]
        database: String,
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: SocketAddr,
        #[arg(long, value_enum, default_value_t = Durability::Normal)]
        durability: Durability,
        /// PostgreSQL: the schema, as `vorgaenge serve --database-schema`.
        #[arg(long)]
        database_schema: Option<String>,
        /// PostgreSQL: the pool size, as `vorgaenge serve --database-pool-size`.
        #[arg(long, default_value_t = postgres::default_pool_size())]
        database_pool_size: usize,
        /// PostgreSQL: the shared read connections, as `vorgaenge serve
        /// --database-read-connections`.
        #[arg(long, default_value_t = postgres::default_read_connections())]
        database_read_connections: usize,
    },
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Database URL; seeded if it holds fewer than --cases generated cases.
    #[arg(long, default_value = "sqlite://bench-data/bench.sqlite")]
    database: String,
    /// Generated cases (beyond the demo world) the database must hold.
    #[arg(long, default_value_t = 1_000_000)]
    cases: u64,
    /// Measured seconds per scenario.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Seconds of load per scenario before measuring.
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// How hard the server's SQLite commits wait for the disk: `normal` is
    /// `synchronous=NORMAL` in WAL mode, what `vorgaenge serve` uses; `full` fsyncs every
    /// commit (`synchronous=FULL`). Matters for the write scenarios.
    #[arg(long, value_enum, default_value_t = Durability::Normal)]
    durability: Durability,
    /// After SQLite, measure PostgreSQL too (`postgres://user@host:port/database`): its
    /// schema gets the SQLite database's data (export and import, if the case counts differ),
    /// then a second server child runs GET case, the root's list and PATCH on it.
    #[arg(long)]
    postgres: Option<String>,
    /// The schema the PostgreSQL part works in. It is dropped and refilled whenever its case
    /// count differs from the SQLite database's, so give the bench one of its own.
    #[arg(long, default_value = postgres::DEFAULT_SCHEMA)]
    postgres_schema: String,
    /// Connections in the PostgreSQL server child's pool (default: as `vorgaenge serve`).
    #[arg(long, default_value_t = postgres::default_pool_size())]
    postgres_pool_size: usize,
    /// Connections the PostgreSQL server child's reads share (default: as `vorgaenge serve`).
    #[arg(long, default_value_t = postgres::default_read_connections())]
    postgres_read_connections: usize,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// `http://<ip>:<port>/<path and query>`
    url: String,
    /// Demo client whose token every request carries (e.g. `demo-sales-organisation`,
    /// `demo-advisor`); it is fetched from the server's token endpoint first. With
    /// `--token-endpoint`, the client whose credentials the POSTs carry.
    #[arg(long)]
    client: Option<String>,
    /// A file of paths (one per line, `/v2/vorgaenge/…`), one picked at random per request
    /// instead of the URL's path.
    #[arg(long)]
    paths_file: Option<std::path::PathBuf>,
    /// POST client credentials to the URL (the token endpoint) instead of GETs.
    #[arg(long)]
    token_endpoint: bool,
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    #[arg(long, default_value_t = 32)]
    connections: usize,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        // The load generator gets one thread, so it takes at most one core from the server.
        Command::Run(args) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(anyhow::Error::from)
            .and_then(|rt| rt.block_on(run(args))),
        Command::Load(args) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(anyhow::Error::from)
            .and_then(|rt| rt.block_on(load(args))),
        // The same runtime as `vorgaenge serve`: a worker per core.
        Command::ServeForBench {
            database,
            listen,
            durability,
            database_schema,
            database_pool_size,
            database_read_connections,
        } => {
            let store = StoreArgs {
                database,
                durability,
                schema: database_schema,
                pool_size: database_pool_size,
                read_connections: database_read_connections,
            };
            tokio::runtime::Runtime::new()
                .map_err(anyhow::Error::from)
                .and_then(|rt| rt.block_on(server_child::serve(&store, listen)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.connections > 0, "--connections must be at least 1");
    let spec = LoadSpec {
        connections: args.connections,
        warmup: Duration::try_from_secs_f64(args.warmup)?,
        measure: Duration::try_from_secs_f64(args.seconds)?,
    };
    let pg_target = match &args.postgres {
        Some(url) => Some(
            check_postgres(PgTarget {
                url: url.clone(),
                schema: args.postgres_schema.clone(),
                pool_size: args.postgres_pool_size,
                read_connections: args.postgres_read_connections,
            })
            .await?,
        ),
        None => None,
    };
    let seeded = seeding::ensure(&args.database, args.cases).await?;

    let server = ServerChild::spawn(&StoreArgs {
        database: args.database.clone(),
        durability: args.durability,
        schema: None,
        pool_size: postgres::default_pool_size(),
        read_connections: postgres::default_read_connections(),
    })?;
    eprintln!("server child {} listening on {}", server.pid(), server.base);
    let rss = rss::RssSampler::start(server.pid());
    eprintln!("collecting inputs (tokens, random cases, page 1000 via next links)");
    let inputs = inputs::collect(server.addr, &server.base).await?;
    eprintln!(
        "  {} case numbers, case body ~{} bytes, list page {} bytes (root) / {} bytes (advisor), token response {} bytes",
        inputs.case_paths.len(),
        inputs.case_body_mean,
        inputs.page0_len,
        inputs.advisor_page0_len,
        inputs.token_response_len
    );
    let events = EventLog::open(&args.database)?;
    let sqlite = Server {
        addr: server.addr,
        pid: server.pid(),
        rss: &rss,
        events: &events,
        postgres: false,
    };
    let outcomes = scenarios::run_all(sqlite, &inputs, spec).await?;
    // VmHWM disappears with the process: read it before stopping the child.
    let rss_hwm_kib = rss::read_kib(server.pid(), "VmHWM");
    let rss_peak_kib = rss.finish();
    server.stop()?;
    drop(events);

    // A failed PostgreSQL part still prints the SQLite report, then fails the run.
    let postgres = match &pg_target {
        Some(target) => Some(
            measure_postgres(
                target,
                &args.database,
                seeded.cases_in_db,
                &inputs.case_paths,
                spec,
            )
            .await
            .map_err(|e| format!("{e:#}")),
        ),
        None => None,
    };

    let report = report::Report {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        cases_in_db: seeded.cases_in_db,
        connections: args.connections,
        warmup: spec.warmup,
        measure: spec.measure,
        outcomes,
        rss_peak_kib,
        rss_hwm_kib,
        seeding: seeded.figure,
        deep_pages_agree: inputs.deep_pages_agree,
        durability: args.durability,
        postgres,
    };
    println!("{}", report.to_markdown());
    // Printed after the report, so a failed write run still shows its numbers.
    if let Some(problem) = report.write_problems() {
        anyhow::bail!("{problem}");
    }
    if let Some(Err(e)) = &report.postgres {
        anyhow::bail!("the PostgreSQL part failed: {e}");
    }
    Ok(())
}

/// Checks the PostgreSQL flags before the SQLite part runs, so a typo fails in a second
/// rather than after minutes of measuring.
async fn check_postgres(target: PgTarget) -> anyhow::Result<PgTarget> {
    anyhow::ensure!(
        target.url.starts_with("postgres://") || target.url.starts_with("postgresql://"),
        "--postgres takes a postgres:// URL, not {:?}",
        target.url
    );
    anyhow::ensure!(
        target.pool_size > 0,
        "--postgres-pool-size must be at least 1"
    );
    anyhow::ensure!(
        target.read_connections > 0,
        "--postgres-read-connections must be at least 1"
    );
    postgres::quoted(&target.schema)?;
    postgres::connect(&target.url).await?;
    Ok(target)
}

/// The PostgreSQL half: fill the schema if needed, then a server child of its own on it, its
/// inputs (the SQLite run's case numbers) and its scenarios.
async fn measure_postgres(
    target: &PgTarget,
    sqlite_database: &str,
    sqlite_cases: u64,
    case_paths: &[String],
    spec: LoadSpec,
) -> anyhow::Result<PostgresSection> {
    let prepared = postgres::prepare(sqlite_database, sqlite_cases, target).await?;
    let server = ServerChild::spawn(&StoreArgs {
        database: target.url.clone(),
        durability: Durability::Normal,
        schema: Some(target.schema.clone()),
        pool_size: target.pool_size,
        read_connections: target.read_connections,
    })?;
    eprintln!(
        "PostgreSQL server child {} listening on {}",
        server.pid(),
        server.base
    );
    let rss = RssSampler::start(server.pid());
    let inputs = inputs::collect_postgres(server.addr, case_paths).await?;
    eprintln!(
        "  case body ~{} bytes, list page {} bytes (root)",
        inputs.case_body_mean, inputs.page0_len
    );
    let events = EventLog::open_postgres(&target.url, &target.schema).await?;
    let on_postgres = Server {
        addr: server.addr,
        pid: server.pid(),
        rss: &rss,
        events: &events,
        postgres: true,
    };
    let outcomes = scenarios::run_postgres(on_postgres, &inputs, spec).await?;
    let rss_hwm_kib = rss::read_kib(server.pid(), "VmHWM");
    let rss_peak_kib = rss.finish();
    server.stop()?;
    Ok(PostgresSection {
        schema: target.schema.clone(),
        pool_size: target.pool_size,
        read_connections: target.read_connections,
        prepared,
        outcomes,
        rss_peak_kib,
        rss_hwm_kib,
    })
}

async fn load(args: LoadArgs) -> anyhow::Result<()> {
    let rest = args
        .url
        .strip_prefix("http://")
        .context("the URL must start with http://")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let addr: SocketAddr = authority
        .parse()
        .with_context(|| format!("{authority} is not <ip>:<port>"))?;
    let path = if path.is_empty() { "/" } else { path };
    let spec = LoadSpec {
        connections: args.connections.max(1),
        warmup: Duration::try_from_secs_f64(args.warmup)?,
        measure: Duration::try_from_secs_f64(args.seconds)?,
    };
    let target = if args.token_endpoint {
        let client = args.client.as_deref().unwrap_or(tokens::ROOT_CLIENT);
        loadgen::Target::post_form(path, tokens::TOKEN_FORM).with_header(
            hyper::header::AUTHORIZATION,
            tokens::basic_authorization(client)?,
        )
    } else {
        let target = match &args.paths_file {
            Some(file) => {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let paths: Vec<String> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                anyhow::ensure!(!paths.is_empty(), "{} lists no path", file.display());
                loadgen::Target::get_random(paths)
            }
            None => loadgen::Target::get(path),
        };
        match &args.client {
            Some(client) => {
                let mut conn = loadgen::Connection::open(addr).await?;
                let (token, _) = tokens::fetch(&mut conn, client).await?;
                target.with_bearer(&token)?
            }
            None => target,
        }
    };
    let result = loadgen::run(addr, target, spec).await?;
    println!(
        "{:.0} req/s, p50 {:?}, p99 {:?}, {:.0} bytes/response, {} non-2xx{}",
        result.requests_per_second(),
        result.latency.quantile(0.5),
        result.latency.quantile(0.99),
        result.mean_body(),
        result.all_failures(),
        result
            .first_failure
            .map_or(String::new(), |s| format!(" (first: {s})"))
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> RunArgs {
        let argv = ["vorgaenge-bench", "run"].iter().chain(args);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Run(args) => args,
            other => panic!("parsed {other:?}"),
        }
    }

    #[test]
    fn postgres_flags_default_as_vorgaenge_serve() {
        let args = run_args(&[]);
        assert_eq!(args.postgres, None);
        let args = run_args(&["--postgres", "postgres://postgres@127.0.0.1:5432/test"]);
        assert_eq!(
            args.postgres.as_deref(),
            Some("postgres://postgres@127.0.0.1:5432/test")
        );
        assert_eq!(args.postgres_schema, "bench");
        assert_eq!(args.postgres_pool_size, 16);
        assert_eq!(args.postgres_read_connections, 1);
        let args = run_args(&[
            "--postgres-schema",
            "b2",
            "--postgres-pool-size",
            "4",
            "--postgres-read-connections",
            "3",
        ]);
        assert_eq!(
            (
                args.postgres_schema.as_str(),
                args.postgres_pool_size,
                args.postgres_read_connections
            ),
            ("b2", 4, 3)
        );
    }

    #[test]
    fn rejects_postgres_flags_before_measuring() {
        let check = |url: &str, schema: &str, pool_size| {
            let target = PgTarget {
                url: url.into(),
                schema: schema.into(),
                pool_size,
                read_connections: 1,
            };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            // Each of these fails before any connection is attempted.
            rt.block_on(check_postgres(target)).unwrap_err().to_string()
        };
        assert!(check("sqlite:///x", "bench", 16).contains("postgres:// URL"));
        assert!(check("postgres://h/d", "bench", 0).contains("at least 1"));
        assert!(check("postgres://h/d", "public", 16).contains("not public"));
    }
}
