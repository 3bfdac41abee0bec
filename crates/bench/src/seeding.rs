//! Seeding the benchmark database with the real `vorgaenge seed`, timed from outside, which
//! is the seeding figure of the report.
//!
//! The figure is also written next to the database (`<file>.bench-seed`), so a later run on
//! the same database can still report it; delete the database to measure seeding again.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use vorgaenge_demo::DEMO_CASES;

use crate::cpu::Snapshot;

/// How fast a database was seeded.
#[derive(Debug, Clone)]
pub struct SeedFigure {
    /// Cases written: the generated ones plus the demo world.
    pub cases: u64,
    pub seconds: f64,
    pub when: String,
    /// Seeded by this run (rather than read from the record of an earlier one).
    pub this_run: bool,
    /// Cores the seeder used, and cores other processes used meanwhile.
    pub cpu: Option<(f64, f64)>,
}

impl SeedFigure {
    pub fn rate(&self) -> f64 {
        self.cases as f64 / self.seconds.max(1e-9)
    }

    /// `cases seconds date [seeder-cores other-cores]`
    fn to_record(&self) -> String {
        let mut line = format!("{} {} {}", self.cases, self.seconds, self.when);
        if let Some((seeder, other)) = self.cpu {
            line.push_str(&format!(" {seeder:.2} {other:.2}"));
        }
        line + "\n"
    }

    fn from_record(text: &str) -> Option<Self> {
        let mut parts = text.split_whitespace();
        let (cases, seconds, when) = (parts.next()?, parts.next()?, parts.next()?);
        let cpu = match (parts.next(), parts.next()) {
            (Some(a), Some(b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            _ => None,
        };
        Some(Self {
            cases: cases.parse().ok()?,
            seconds: seconds.parse().ok()?,
            when: when.to_owned(),
            this_run: false,
            cpu,
        })
    }
}

#[derive(Debug)]
pub struct Seeded {
    pub cases_in_db: u64,
    pub figure: Option<SeedFigure>,
}

/// Makes sure `database` holds at least `cases` generated cases plus the demo world.
pub async fn ensure(database: &str, cases: u64) -> anyhow::Result<Seeded> {
    let record = record_path(database)?;
    let wanted = cases + DEMO_CASES;
    let present = count(database).await?;
    if present >= wanted {
        let figure = std::fs::read_to_string(&record)
            .ok()
            .and_then(|t| SeedFigure::from_record(&t));
        return Ok(Seeded {
            cases_in_db: present,
            figure,
        });
    }

    let binary = vorgaenge_binary()?;
    eprintln!(
        "seeding {database}: {present} cases present, writing {wanted} with {}",
        binary.display()
    );
    let started = Instant::now();
    let before = Snapshot::take(None);
    let status = Command::new(&binary)
        .args([
            "seed",
            "--cases",
            &cases.to_string(),
            "--database",
            database,
        ])
        // The bench's standard output is the report; the seeder's summary is progress.
        .stdout(std::io::stderr())
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    // The seeder's CPU shows up in our children's times once it has been waited for.
    let cpu = before
        .zip(Snapshot::take(None))
        .map(|(before, after)| after.usage_since(&before))
        .map(|u| (u.children, u.other));
    if !status.success() {
        bail!("`vorgaenge seed` failed with {status}");
    }
    let figure = SeedFigure {
        cases: wanted,
        seconds,
        when: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        this_run: true,
        cpu,
    };
    std::fs::write(&record, figure.to_record())
        .with_context(|| format!("cannot write {}", record.display()))?;
    Ok(Seeded {
        cases_in_db: count(database).await?,
        figure: Some(figure),
    })
}

/// The `vorgaenge` command built beside the bench, which seeds and moves databases.
pub fn vorgaenge_binary() -> anyhow::Result<PathBuf> {
    let binary = std::env::current_exe()?.with_file_name("vorgaenge");
    if !binary.is_file() {
        bail!(
            "{} not found; build it with `cargo build --release -p vorgaenge-cli -p vorgaenge-bench` \
             (scripts/bench does)",
            binary.display()
        );
    }
    Ok(binary)
}

async fn count(database: &str) -> anyhow::Result<u64> {
    // Opening creates the file and schema if needed; the store is dropped before seeding.
    let store = vorgaenge_cli::database::open(database).await?;
    Ok(store.case_count().await?)
}

/// The file of a `sqlite://` database URL.
pub fn sqlite_path(database: &str) -> anyhow::Result<&str> {
    let file = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))
        .with_context(|| format!("the bench needs a sqlite:// database, not {database:?}"))?;
    if file.is_empty() {
        bail!("database URL {database:?} names no file");
    }
    Ok(file)
}

fn record_path(database: &str) -> anyhow::Result<PathBuf> {
    let file = sqlite_path(database)?;
    let mut name = Path::new(file).as_os_str().to_owned();
    name.push(".bench-seed");
    Ok(PathBuf::from(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_roundtrips() {
        let figure = SeedFigure {
            cases: 1_000_240,
            seconds: 150.5,
            when: "2026-11-24".into(),
            this_run: true,
            cpu: Some((1.9, 0.05)),
        };
        let back = SeedFigure::from_record(&figure.to_record()).unwrap();
        assert_eq!(
            (back.cases, back.seconds, back.this_run),
            (1_000_240, 150.5, false)
        );
        assert_eq!(back.cpu, Some((1.9, 0.05)));
        let old = SeedFigure::from_record("1000240 231.19 2026-11-24\n").unwrap();
        assert_eq!((old.cases, old.cpu), (1_000_240, None));
        assert_eq!(
            record_path("sqlite://bench-data/bench.sqlite").unwrap(),
            PathBuf::from("bench-data/bench.sqlite.bench-seed")
        );
    }
}
