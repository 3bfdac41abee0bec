//! Preparing PostgreSQL for the second half of a run: the schema must hold what the SQLite
//! database holds, so that both backends answer the same requests on the same data.
//!
//! If the schema's case count differs from the SQLite database's, the schema is dropped and
//! filled with the real commands an operator would use to move (`vorgaenge export` of the
//! SQLite database to a file beside it, `vorgaenge import` of that file into the schema),
//! each timed from outside, which is the report's transfer figure. The import is followed by
//! `VACUUM (ANALYZE)` of the schema's tables and a `CHECKPOINT`, timed on their own: right
//! after a bulk load autovacuum and the next checkpoint would otherwise do that work during
//! the measured windows, and the planner would plan the first queries without statistics.
//!
//! A schema that already holds as many cases is used as it is (it was filled by an earlier
//! run), as the SQLite database is only seeded when it lacks cases.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use vorgaenge_cli::database::{DatabaseConfig, open_with};

use crate::cpu::Snapshot;

/// The schema the bench works in unless told otherwise.
pub const DEFAULT_SCHEMA: &str = "bench";

/// Where the PostgreSQL half of a run works.
#[derive(Debug, Clone)]
pub struct PgTarget {
    /// `postgres://…`
    pub url: String,
    pub schema: String,
    /// Connections of the server child's pool.
    pub pool_size: usize,
    /// Connections the server child's reads share.
    pub read_connections: usize,
}

/// The pool size `vorgaenge serve` uses when not told (`--database-pool-size`).
pub fn default_pool_size() -> usize {
    DatabaseConfig::url("").pool_size
}

/// The shared read connections `vorgaenge serve` uses when not told
/// (`--database-read-connections`).
pub fn default_read_connections() -> usize {
    DatabaseConfig::url("").read_connections
}

/// How one step of filling the schema went: wall time and the cores used meanwhile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub seconds: f64,
    /// Cores of the `vorgaenge` command (0 for SQL run by the bench itself).
    pub command_cores: Option<f64>,
    /// Cores of PostgreSQL's processes.
    pub postgres_cores: Option<f64>,
}

/// Filling the schema from the SQLite database, in this run.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// Cases the schema held before it was dropped (0 if it was empty or missing).
    pub dropped_cases: u64,
    /// Cases moved.
    pub cases: u64,
    /// Size of the export file.
    pub file_bytes: u64,
    pub export: Step,
    pub import: Step,
    /// `VACUUM (ANALYZE)` of the schema's tables, then `CHECKPOINT`.
    pub vacuum: Step,
}

impl Fill {
    pub fn export_rate(&self) -> f64 {
        self.cases as f64 / self.export.seconds.max(1e-9)
    }

    pub fn import_rate(&self) -> f64 {
        self.cases as f64 / self.import.seconds.max(1e-9)
    }
}

/// The server settings that bear on the numbers, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub version: String,
    /// `on` waits for the WAL flush of every commit, like SQLite's `synchronous=FULL`.
    pub synchronous_commit: String,
    pub fsync: String,
    pub shared_buffers: String,
}

#[derive(Debug, Clone)]
pub struct Prepared {
    pub cases_in_schema: u64,
    /// `None`: the schema held as many cases already.
    pub fill: Option<Fill>,
    pub settings: Settings,
}

/// Makes `target`'s schema hold what the SQLite database `sqlite_url` holds (`sqlite_cases`
/// cases), filling it as described in the module documentation if its count differs.
pub async fn prepare(
    sqlite_url: &str,
    sqlite_cases: u64,
    target: &PgTarget,
) -> anyhow::Result<Prepared> {
    let quoted_schema = quoted(&target.schema)?;
    let client = connect(&target.url).await?;
    let present = count(target).await?;
    let fill = if present == sqlite_cases {
        eprintln!(
            "PostgreSQL schema {} holds {present} cases, as the SQLite database does: used as it is",
            target.schema
        );
        None
    } else {
        Some(
            fill(
                &client,
                &quoted_schema,
                sqlite_url,
                sqlite_cases,
                present,
                target,
            )
            .await?,
        )
    };
    let cases_in_schema = count(target).await?;
    ensure!(
        cases_in_schema == sqlite_cases,
        "the PostgreSQL schema {} holds {cases_in_schema} cases after the import, the SQLite database {sqlite_cases}",
        target.schema
    );
    Ok(Prepared {
        cases_in_schema,
        fill,
        settings: settings(&client).await?,
    })
}

async fn fill(
    client: &tokio_postgres::Client,
    quoted_schema: &str,
    sqlite_url: &str,
    cases: u64,
    present: u64,
    target: &PgTarget,
) -> anyhow::Result<Fill> {
    eprintln!(
        "PostgreSQL schema {} holds {present} cases, the SQLite database {cases}: dropping and filling it",
        target.schema
    );
    // Dropping the whole schema rather than its rows: the import then starts from the
    // state a new installation has, and leaves no dead tuples behind.
    client
        .batch_execute(&format!("DROP SCHEMA IF EXISTS {quoted_schema} CASCADE"))
        .await
        .with_context(|| format!("cannot drop schema {}", target.schema))?;

    let file = export_path(sqlite_url)?;
    let binary = crate::seeding::vorgaenge_binary()?;
    let export = timed(|| {
        run(Command::new(&binary)
            .args(["export", "--database", sqlite_url, "--output"])
            .arg(&file))
    })?;
    let file_bytes = std::fs::metadata(&file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    let import = timed(|| {
        run(Command::new(&binary)
            .args(["import", "--database", &target.url])
            .args(["--database-schema", &target.schema])
            .arg(&file))
    })?;
    // The file is as large as the database (GBs for a million cases), and a later fill
    // exports again anyway, since the SQLite database changes with every run's writes.
    std::fs::remove_file(&file).with_context(|| format!("cannot remove {}", file.display()))?;

    let started = Instant::now();
    let before = Snapshot::take_counting(None, true);
    vacuum_and_checkpoint(client, &target.schema).await?;
    let usage = before
        .zip(Snapshot::take_counting(None, true))
        .map(|(before, after)| after.usage_since(&before));
    let vacuum = Step {
        seconds: started.elapsed().as_secs_f64(),
        command_cores: None,
        postgres_cores: usage.map(|u| u.database),
    };
    Ok(Fill {
        dropped_cases: present,
        cases,
        file_bytes,
        export,
        import,
        vacuum,
    })
}

/// Runs `step` (a `vorgaenge` command) and measures it: wall time, the command's cores (it
/// shows up in the bench's children once waited for), PostgreSQL's cores.
fn timed(step: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<Step> {
    let started = Instant::now();
    let before = Snapshot::take_counting(None, true);
    step()?;
    let seconds = started.elapsed().as_secs_f64();
    let usage = before
        .zip(Snapshot::take_counting(None, true))
        .map(|(before, after)| after.usage_since(&before));
    Ok(Step {
        seconds,
        command_cores: usage.map(|u| u.children),
        postgres_cores: usage.map(|u| u.database),
    })
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    eprintln!("running {shown}");
    // The bench's standard output is the report; the command's summary is progress.
    let status = command
        .stdout(std::io::stderr())
        .status()
        .with_context(|| format!("cannot run {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// `VACUUM (ANALYZE)` of each table of the schema (not of the whole database, which may hold
/// other schemas), then `CHECKPOINT` so the imported pages are written before measuring.
async fn vacuum_and_checkpoint(
    client: &tokio_postgres::Client,
    schema: &str,
) -> anyhow::Result<()> {
    let tables = client
        .query(
            "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename",
            &[&schema],
        )
        .await?;
    eprintln!(
        "VACUUM (ANALYZE) of {} tables in {schema}, then CHECKPOINT",
        tables.len()
    );
    for row in tables {
        let table: String = row.try_get(0)?;
        // VACUUM cannot run in a transaction; batch_execute sends it as a simple query.
        client
            .batch_execute(&format!(
                "VACUUM (ANALYZE) {}.{}",
                quoted(schema)?,
                quote_identifier(&table)
            ))
            .await
            .with_context(|| format!("VACUUM of {schema}.{table} failed"))?;
    }
    // Needs superuser or pg_checkpoint; without it the measurement may meet a checkpoint,
    // which is worth a warning, not a failed run.
    if let Err(e) = client.batch_execute("CHECKPOINT").await {
        eprintln!("warning: CHECKPOINT failed ({e}); a checkpoint may fall into a measurement");
    }
    Ok(())
}

async fn settings(client: &tokio_postgres::Client) -> anyhow::Result<Settings> {
    let row = client
        .query_one(
            "SELECT current_setting('server_version'), current_setting('synchronous_commit'), \
                    current_setting('fsync'), current_setting('shared_buffers')",
            &[],
        )
        .await?;
    Ok(Settings {
        version: row.try_get(0)?,
        synchronous_commit: row.try_get(1)?,
        fsync: row.try_get(2)?,
        shared_buffers: row.try_get(3)?,
    })
}

/// Cases in the schema, counted by the store itself (which creates the schema if missing).
async fn count(target: &PgTarget) -> anyhow::Result<u64> {
    let store = open_with(&DatabaseConfig {
        url: target.url.clone(),
        pool_size: 1,
        schema: Some(target.schema.clone()),
        read_connections: 1,
    })
    .await?;
    Ok(store.case_count().await?)
}

/// A connection for the bench's own statements; its driver runs on the caller's runtime.
pub async fn connect(url: &str) -> anyhow::Result<tokio_postgres::Client> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .context("cannot connect to PostgreSQL")?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("the bench's PostgreSQL connection failed: {e}");
        }
    });
    Ok(client)
}

/// The export file for the SQLite database at `sqlite_url`: beside it, `<file>.export.jsonl`.
fn export_path(sqlite_url: &str) -> anyhow::Result<PathBuf> {
    let file = crate::seeding::sqlite_path(sqlite_url)?;
    let mut name = Path::new(file).as_os_str().to_owned();
    name.push(".export.jsonl");
    Ok(PathBuf::from(name))
}

/// `"schema"` for SQL text, after checking it is a schema the bench may drop: the names the
/// store accepts (ASCII letters, digits, `_`, not starting with a digit, at most 63), and
/// not `public`, which holds whatever the database's owner put there.
pub fn quoted(schema: &str) -> anyhow::Result<String> {
    let valid = !schema.is_empty()
        && schema.len() <= 63
        && !schema.starts_with(|c: char| c.is_ascii_digit())
        && schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    ensure!(
        valid,
        "invalid schema name {schema:?}: only ASCII letters, digits and _"
    );
    ensure!(
        !schema.eq_ignore_ascii_case("public"),
        "the bench drops and refills its schema; give it one of its own, not public"
    );
    Ok(quote_identifier(schema))
}

/// An identifier in double quotes, inner quotes doubled.
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_schema_names() {
        assert_eq!(quoted("bench").unwrap(), "\"bench\"");
        assert_eq!(quoted("Bench_2").unwrap(), "\"Bench_2\"");
        assert!(quoted("").is_err());
        assert!(quoted("2bench").is_err());
        assert!(quoted("bench; DROP TABLE x").is_err());
        assert!(quoted("bench\"").is_err());
        assert!(quoted(&"a".repeat(64)).is_err());
        assert!(quoted("public").is_err());
        assert!(quoted("PUBLIC").is_err());
        assert_eq!(quote_identifier("we\"ird"), "\"we\"\"ird\"");
    }

    #[test]
    fn names_the_export_file_beside_the_database() {
        assert_eq!(
            export_path("sqlite:///tmp/b/bench.sqlite").unwrap(),
            PathBuf::from("/tmp/b/bench.sqlite.export.jsonl")
        );
        assert!(export_path("postgres://x/y").is_err());
    }

    #[test]
    fn rates_per_step() {
        let step = |seconds| Step {
            seconds,
            command_cores: None,
            postgres_cores: None,
        };
        let fill = Fill {
            dropped_cases: 0,
            cases: 10_000,
            file_bytes: 1,
            export: step(2.0),
            import: step(4.0),
            vacuum: step(1.0),
        };
        assert_eq!(fill.export_rate(), 5_000.0);
        assert_eq!(fill.import_rate(), 2_500.0);
        assert!(default_pool_size() > 0);
    }
}
