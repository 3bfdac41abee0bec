//! `vorgaenge`: the Vorgänge API server and its tools.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vorgaenge_cli::admin::command::AdminCommand;
use vorgaenge_cli::connection_args::ConnectionArgs;
use vorgaenge_cli::{admin, database, import, seed, serve, transfer};
use vorgaenge_server::auth::{ExternalIssuer, RedisFailurePolicy};
use vorgaenge_server::body::Limits;
use vorgaenge_server::serve::TlsFiles;

#[derive(Debug, Parser)]
#[command(
    name = "vorgaenge",
    version,
    about = "Vorgänge API v2: server and tools"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How log lines are written to standard error: text for people, json (one object per
    /// line) for a log collector.
    #[arg(
        long = "log-format",
        env = "VORGAENGE_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text,
        global = true
    )]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
#[expect(
    clippy::large_enum_variant,
    reason = "parsed once per process; boxing the serve flags would buy nothing"
)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "VORGAENGE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        database: DatabaseArg,
        /// Base URL for `_links` (default: http://<listen address>, https:// with TLS).
        #[arg(long, env = "VORGAENGE_PUBLIC_URL")]
        public_url: Option<String>,
        /// Zone for change times given without an offset.
        #[arg(long, env = "VORGAENGE_ZONE", default_value = "Europe/Berlin")]
        zone: chrono_tz::Tz,
        /// Load the demo world first if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Requests per minute and client.
        #[arg(long, env = "VORGAENGE_RATE_LIMIT", default_value_t = 2000)]
        rate_limit: u32,
        /// Share the rate limit with every instance using this Redis (redis://host:port/db);
        /// without it, each instance limits on its own.
        #[arg(long, env = "VORGAENGE_REDIS_URL")]
        redis_url: Option<String>,
        /// When Redis cannot answer: open (limit per instance meanwhile) or closed (refuse).
        #[arg(long, env = "VORGAENGE_REDIS_FAILURE", default_value_t = RedisFailurePolicy::Open)]
        redis_failure: RedisFailurePolicy,
        /// Largest request body in bytes (413 beyond).
        #[arg(long, env = "VORGAENGE_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
        max_body_bytes: usize,
        /// Most operations in one PATCH (400 beyond).
        #[arg(long, env = "VORGAENGE_MAX_PATCH_OPERATIONS", default_value_t = Limits::default().max_patch_operations)]
        max_patch_operations: usize,
        #[command(flatten)]
        external: ExternalIssuerArgs,
        #[command(flatten)]
        connections: ConnectionArgs,
        #[command(flatten)]
        tls: TlsArgs,
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
    /// Bring the database's schema up to date and exit (every start does it too).
    Migrate {
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Import Vorgang documents (JSON document, JSON array or JSON Lines), upserting by
    /// vorgangsNummer; or a file written by `vorgaenge export`, with everything in it.
    Import {
        #[command(flatten)]
        database: DatabaseArg,
        /// Files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write every partner, grant, client and case (with its proposals, offers and events)
    /// as JSON Lines, for `vorgaenge import` into this or another database.
    Export {
        #[command(flatten)]
        database: DatabaseArg,
        /// Where to write (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Manage partners, Übernahmerechte, API clients and signing keys; read a case's audit
    /// records.
    Admin {
        #[command(flatten)]
        database: DatabaseArg,
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Print the demo world's client credentials as JSON.
    DemoCredentials,
}

/// Accept tokens of an external issuer too (all of issuer, JWKS URL and audience, or none).
#[derive(Debug, clap::Args)]
struct ExternalIssuerArgs {
    /// Expected `iss` of external tokens.
    #[arg(long = "external-issuer", env = "VORGAENGE_EXTERNAL_ISSUER", requires_all = ["jwks_url", "audience"])]
    issuer: Option<String>,
    /// Where the external issuer publishes its keys.
    #[arg(
        long = "external-jwks-url",
        env = "VORGAENGE_EXTERNAL_JWKS_URL",
        requires = "issuer"
    )]
    jwks_url: Option<String>,
    /// Expected `aud` of external tokens.
    #[arg(
        long = "external-audience",
        env = "VORGAENGE_EXTERNAL_AUDIENCE",
        requires = "issuer"
    )]
    audience: Option<String>,
    /// Claim with the partner id.
    #[arg(
        long = "external-partner-claim",
        env = "VORGAENGE_EXTERNAL_PARTNER_CLAIM",
        default_value = "sub"
    )]
    partner_claim: String,
    /// Claim with the scopes (space-separated string or array).
    #[arg(
        long = "external-scope-claim",
        env = "VORGAENGE_EXTERNAL_SCOPE_CLAIM",
        default_value = "scope"
    )]
    scope_claim: String,
    /// Claim with the client id.
    #[arg(
        long = "external-client-claim",
        env = "VORGAENGE_EXTERNAL_CLIENT_CLAIM",
        default_value = "client_id"
    )]
    client_claim: String,
    /// PEM file of CA certificates trusted for fetching the JWKS, besides the system's.
    #[arg(
        long = "external-ca-file",
        env = "VORGAENGE_EXTERNAL_CA_FILE",
        requires = "issuer"
    )]
    ca_file: Option<PathBuf>,
}

/// Serve HTTPS (both files, or neither for plain HTTP).
#[derive(Debug, clap::Args)]
struct TlsArgs {
    /// PEM certificate chain, the server's certificate first; read again on SIGHUP and when
    /// it changes.
    #[arg(long, env = "VORGAENGE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, env = "VORGAENGE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl TlsArgs {
    fn into_files(self) -> Option<TlsFiles> {
        Some(TlsFiles {
            cert: self.tls_cert?,
            key: self.tls_key?,
        })
    }
}

impl ExternalIssuerArgs {
    fn into_config(self) -> Option<ExternalIssuer> {
        Some(ExternalIssuer {
            issuer: self.issuer?,
            jwks_url: self.jwks_url?,
            audience: self.audience?,
            partner_claim: self.partner_claim,
            scope_claim: self.scope_claim,
            client_claim: self.client_claim,
            ca_file: self.ca_file,
        })
    }
}

#[derive(Debug, clap::Args)]
struct DatabaseArg {
    /// Database URL: sqlite://<path> or postgres://user@host:port/database.
    #[arg(long = "database", env = "VORGAENGE_DATABASE_URL", default_value = database::DEFAULT_DATABASE_URL, global = true)]
    url: String,
    /// PostgreSQL: most connections held open at once.
    #[arg(
        long = "database-pool-size",
        env = "VORGAENGE_DATABASE_POOL_SIZE",
        default_value_t = 16,
        global = true
    )]
    pool_size: usize,
    /// PostgreSQL: the schema to work in (created if missing).
    #[arg(
        long = "database-schema",
        env = "VORGAENGE_DATABASE_SCHEMA",
        global = true
    )]
    schema: Option<String>,
    /// PostgreSQL: connections shared by the reads, each carrying many at once, beside the
    /// pool. Each is one PostgreSQL backend, so one core of the database server at most.
    #[arg(
        long = "database-read-connections",
        env = "VORGAENGE_DATABASE_READ_CONNECTIONS",
        default_value_t = 1,
        global = true
    )]
    read_connections: usize,
}

impl DatabaseArg {
    async fn open(&self) -> anyhow::Result<std::sync::Arc<dyn vorgaenge_store::Store>> {
        database::open_with(&database::DatabaseConfig {
            url: self.url.clone(),
            pool_size: self.pool_size,
            schema: self.schema.clone(),
            read_connections: self.read_connections,
        })
        .await
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Lines are written by a thread of their own, so that a request never waits for its
    // access log line to reach the terminal or pipe; the guard flushes them at exit.
    let (writer, _flush_at_exit) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let filter = tracing_subscriber::EnvFilter::try_from_env("VORGAENGE_LOG")
        .unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
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
            rate_limit,
            redis_url,
            redis_failure,
            max_body_bytes,
            max_patch_operations,
            external,
            connections,
            tls,
        } => {
            let store = database.open().await?;
            serve::run(serve::ServeOptions {
                store,
                listen,
                public_url,
                zone,
                demo,
                rate_limit_per_minute: Some(rate_limit),
                redis_url,
                redis_failure,
                limits: Limits {
                    max_body_bytes,
                    max_patch_operations,
                },
                external_issuer: external.into_config(),
                connections: connections.limits(),
                tls: tls.into_files(),
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed {
            database,
            cases,
            seed: s,
        } => {
            let store = database.open().await?;
            let report = seed::seed(store, cases, s, true).await?;
            println!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { database } => {
            let store = database.open().await?;
            println!(
                "the database schema is up to date ({} cases)",
                store.case_count().await?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { database, files } => {
            let store = database.open().await?;
            let report = match files.as_slice() {
                [file] if transfer::is_export(file)? => {
                    transfer::restore_file(store, file, true).await?
                }
                _ => import::import_files(store, &files, true).await?,
            };
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
        Command::Export { database, output } => {
            let store = database.open().await?;
            let sink: Box<dyn std::io::Write> = match output {
                Some(path) => Box::new(
                    std::fs::File::create(&path)
                        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut out = std::io::BufWriter::with_capacity(1 << 20, sink);
            let report = transfer::export(&*store, &mut out).await?;
            // The data may be on standard output: the summary goes to standard error.
            eprintln!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin { database, command } => {
            let store = database.open().await?;
            match admin::command::run(&*store, command).await {
                Ok(output) => {
                    print!("{}", output.stdout);
                    if let Some(note) = output.note {
                        eprintln!("note: {note}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    for line in e.lines() {
                        eprintln!("error: {line}");
                    }
                    Ok(ExitCode::from(e.exit_code()))
                }
            }
        }
        Command::DemoCredentials => {
            let credentials = admin::clients::demo_credentials();
            println!("{}", serde_json::to_string_pretty(&credentials)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
