//! The server under test, as a child process of the bench so that its RSS is its own.
//!
//! The bench re-executes itself as `vorgaenge-bench serve-for-bench`: the real application
//! (same store, same router, same runtime flavour as `vorgaenge serve`) plus the static
//! routes that are the baseline. Before serving it makes sure the demo world's clients exist
//! (a database seeded before clients existed has none), so the load can ask for tokens. The
//! child prints its URL on stdout and serves until its stdin closes, which also happens when
//! the bench dies, so no server outlives a run. It serves from SQLite or PostgreSQL, opened
//! as `vorgaenge serve` opens them.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use vorgaenge_cli::database::DatabaseConfig;
use vorgaenge_server::auth::{AuthConfig, bearer};
use vorgaenge_server::{AppState, PublicUrl};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// The largest static body served.
const MAX_STATIC: usize = 4 << 20;

/// The path of a static body of `bytes` bytes.
pub fn static_path(bytes: usize) -> String {
    format!("/bench/static/{bytes}")
}

/// The same static body through the layer that counts and times every routed request.
/// Diagnostic: against the plain body, it measures what the request metrics cost.
pub fn static_metrics_path(bytes: usize) -> String {
    format!("/bench/static-metrics/{bytes}")
}

/// The same static body, but produced after one trip through tokio's blocking pool: the
/// hop every store call makes. Diagnostic, it isolates the cost of that hop.
pub fn static_hop_path(bytes: usize) -> String {
    format!("/bench/static-hop/{bytes}")
}

/// The same static body behind the bearer gate of the case routes (token check, snapshot
/// checks, rate limit, `RateLimit-*` headers). Diagnostic, it isolates the cost of
/// authentication per request.
pub fn static_auth_path(bytes: usize) -> String {
    format!("/bench/static-auth/{bytes}")
}

/// How hard the server's SQLite commits wait for the disk (WAL mode either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    /// `synchronous=NORMAL`, what `vorgaenge serve` uses.
    Normal,
    /// `synchronous=FULL`: an fsync per commit.
    Full,
}

impl Durability {
    fn store(self) -> vorgaenge_store_sqlite::Durability {
        match self {
            Self::Normal => vorgaenge_store_sqlite::Durability::Normal,
            Self::Full => vorgaenge_store_sqlite::Durability::Full,
        }
    }

    /// The value of `--durability`.
    pub fn arg(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Full => "full",
        }
    }

    /// For the report.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Normal => "`synchronous=NORMAL` in WAL mode (as `vorgaenge serve`)",
            Self::Full => {
                "`synchronous=FULL` in WAL mode (an fsync per commit; `vorgaenge serve` uses NORMAL)"
            }
        }
    }
}

/// The store the child serves from, as `serve-for-bench` takes it on its command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreArgs {
    /// `sqlite://…` or `postgres://…`.
    pub database: String,
    /// SQLite only: how hard commits wait for the disk.
    pub durability: Durability,
    /// PostgreSQL only: the schema (`--database-schema` of `vorgaenge serve`).
    pub schema: Option<String>,
    /// PostgreSQL only: the pool size (`--database-pool-size` of `vorgaenge serve`).
    pub pool_size: usize,
    /// PostgreSQL only: the shared read connections (`--database-read-connections`).
    pub read_connections: usize,
}

impl StoreArgs {
    fn is_postgres(&self) -> bool {
        self.database.starts_with("postgres://") || self.database.starts_with("postgresql://")
    }

    /// The arguments of `serve-for-bench` that say this; each backend gets only its own.
    fn to_args(&self) -> Vec<String> {
        let mut args = vec!["--database".to_owned(), self.database.clone()];
        if self.is_postgres() {
            if let Some(schema) = &self.schema {
                args.extend(["--database-schema".to_owned(), schema.clone()]);
            }
            args.extend([
                "--database-pool-size".to_owned(),
                self.pool_size.to_string(),
                "--database-read-connections".to_owned(),
                self.read_connections.to_string(),
            ]);
        } else {
            args.extend(["--durability".to_owned(), self.durability.arg().to_owned()]);
        }
        args
    }
}

/// Opens the store as `vorgaenge serve` does (`vorgaenge_cli::database::open_with`), but a
/// SQLite store with the chosen durability.
async fn open_store(args: &StoreArgs) -> anyhow::Result<Arc<dyn Store>> {
    if args.is_postgres() {
        return vorgaenge_cli::database::open_with(&DatabaseConfig {
            url: args.database.clone(),
            pool_size: args.pool_size,
            schema: args.schema.clone(),
            read_connections: args.read_connections,
        })
        .await;
    }
    let path = crate::seeding::sqlite_path(&args.database)?;
    let options = SqliteOptions {
        durability: args.durability.store(),
        ..SqliteOptions::default()
    };
    let store = SqliteStore::open(path, options)
        .with_context(|| format!("cannot open SQLite database {path}"))?;
    Ok(Arc::new(store))
}

/// The child side: serves the real app plus the static routes on `listen`.
pub async fn serve(store: &StoreArgs, listen: SocketAddr) -> anyhow::Result<()> {
    let store = open_store(store).await?;
    ensure_demo_clients(&*store).await?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let base = vorgaenge_cli::serve::default_public_url(listener.local_addr()?, false);
    let mut auth = AuthConfig::for_public_url(&base);
    // The load generator is one client sending far more than a CRM would.
    auth.rate_limit_per_minute = u32::MAX;
    let public_url = PublicUrl::parse(&base).map_err(anyhow::Error::msg)?;
    let state = AppState::start(store, public_url, chrono_tz::Europe::Berlin, auth).await?;
    let gated = Router::new()
        .route("/bench/static-auth/{bytes}", get(static_body))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            bearer::require_token,
        ));
    // The layer that counts and times every routed request, alone around a static body: its
    // cost per request, against the plain static body, measures what the metrics cost.
    let metered = Router::new()
        .route("/bench/static-metrics/{bytes}", get(static_body))
        .layer(vorgaenge_server::observe::ObserveLayer::new(state.clone()));
    let app = vorgaenge_server::router(state).merge(static_routes(gated.merge(metered)));

    // Stop when stdin reaches EOF: the parent closes it to stop us, and the OS closes it
    // when the parent dies. A plain thread, because tokio's stdin needs a feature we lack.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        let _ = stop_tx.send(());
    });
    println!("{base}");
    vorgaenge_server::serve(listener, app, async {
        let _ = stop_rx.await;
    })
    .await?;
    Ok(())
}

/// Writes the demo world's clients (fixed secrets) unless they are there already, as they
/// are. Idempotent: a database seeded by the current `vorgaenge seed` has them and is not
/// written to; one seeded before clients existed gets them once. The partners they act for
/// come with every seed.
pub async fn ensure_demo_clients(store: &dyn Store) -> anyhow::Result<()> {
    for wanted in vorgaenge_cli::seed::demo_clients() {
        let same = store.client(&wanted.client_id).await?.is_some_and(|have| {
            (
                &have.partner_id,
                &have.scopes,
                &have.secret_hash,
                have.disabled,
            ) == (
                &wanted.partner_id,
                &wanted.scopes,
                &wanted.secret_hash,
                false,
            )
        });
        if !same {
            eprintln!("writing demo client {}", wanted.client_id);
            store.put_client(wanted).await?;
        }
    }
    for partner in
        [crate::tokens::ROOT_CLIENT, crate::tokens::ADVISOR_CLIENT].map(crate::tokens::partner_of)
    {
        let partner = partner?;
        if store.partner(partner).await?.is_none() {
            bail!("partner {partner} of the demo world is missing; seed the database again");
        }
    }
    Ok(())
}

/// `/bench/static/{bytes}`, merged into the real router: `vorgaenge_server::serve` wraps both
/// in the same outer layers (trace ids, panic catching), so the baseline pays for them too and
/// the ratio isolates the handler and the store. `gated` holds the routes behind the bearer
/// gate.
fn static_routes(gated: Router) -> Router {
    Router::new()
        .route("/bench/static/{bytes}", get(static_body))
        .route("/bench/static-hop/{bytes}", get(static_body_after_hop))
        .merge(gated)
}

/// `bytes` bytes of valid JSON from one shared buffer: spaces, then `{}`. Slicing the tail
/// gives any length without copying, so the baseline costs only HTTP and the layers.
async fn static_body(Path(bytes): Path<usize>) -> Response {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    if !(2..=MAX_STATIC).contains(&bytes) {
        return (StatusCode::BAD_REQUEST, "size out of range").into_response();
    }
    let body = BODY.get_or_init(|| {
        let mut v = vec![b' '; MAX_STATIC - 2];
        v.extend_from_slice(b"{}");
        Bytes::from(v)
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.slice(MAX_STATIC - bytes..),
    )
        .into_response()
}

/// [`static_body`] after an empty `spawn_blocking`, as `vorgaenge-store-sqlite` does around
/// every query.
async fn static_body_after_hop(bytes: Path<usize>) -> Response {
    match tokio::task::spawn_blocking(|| ()).await {
        Ok(()) => static_body(bytes).await,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The parent's handle on the running child.
#[derive(Debug)]
pub struct ServerChild {
    child: Child,
    stdin: Option<ChildStdin>,
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`, the prefix of every absolute link it writes.
    pub base: String,
}

impl ServerChild {
    /// Starts the child on an ephemeral loopback port and waits for its URL.
    pub fn spawn(store: &StoreArgs) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("cannot locate the bench executable")?;
        let mut child = Command::new(exe)
            .arg("serve-for-bench")
            .args(store.to_args())
            .args(["--listen", "127.0.0.1:0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("cannot start the server child")?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().context("child has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let base = line.trim().to_owned();
        let Some(addr) = base.strip_prefix("http://").and_then(|a| a.parse().ok()) else {
            let _ = child.kill();
            let status = child.wait()?;
            bail!("the server child did not report its URL (got {base:?}, {status})");
        };
        Ok(Self {
            child,
            stdin,
            addr,
            base,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Asks the child to finish (closing its stdin) and waits up to 5 s before killing it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                if !status.success() {
                    bail!("the server child exited with {status}");
                }
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bail!("the server child did not stop within 5 s; killed")
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        // After a successful stop this is a no-op; after an error it ends the child.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_each_backend_its_own_arguments() {
        let sqlite = StoreArgs {
            database: "sqlite:///tmp/b.sqlite".into(),
            durability: Durability::Full,
            schema: Some("bench".into()),
            pool_size: 16,
            read_connections: 2,
        };
        assert_eq!(
            sqlite.to_args(),
            [
                "--database",
                "sqlite:///tmp/b.sqlite",
                "--durability",
                "full"
            ]
        );
        let postgres = StoreArgs {
            database: "postgres://postgres@127.0.0.1:5432/test".into(),
            ..sqlite
        };
        assert_eq!(
            postgres.to_args(),
            [
                "--database",
                "postgres://postgres@127.0.0.1:5432/test",
                "--database-schema",
                "bench",
                "--database-pool-size",
                "16",
                "--database-read-connections",
                "2"
            ]
        );
    }
}
