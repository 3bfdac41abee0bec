//! The PostgreSQL section of the report: the scenarios of the PostgreSQL server child, each
//! against that process's own static baseline and against the same scenario on SQLite in
//! the same run, then the targets of the cross-backend comparison and how the schema was
//! filled.

use std::fmt::Write;

use super::{latency, mib, thousands, write_disturbed, write_lines};
use crate::postgres::{Fill, Prepared, Step};
use crate::scenarios::{Kind, Outcome};
use crate::server_child::Durability;

/// PostgreSQL's GET case must reach this share of SQLite's in the same run.
pub const CASE_VS_SQLITE_TARGET: f64 = 0.60;
/// The sales-organisation root's list page of 10 on PostgreSQL, req/s, absolute.
pub const ROOT_LIST_TARGET: f64 = 10_000.0;

/// What the PostgreSQL half of a run measured.
#[derive(Debug, Clone)]
pub struct PostgresSection {
    pub schema: String,
    pub pool_size: usize,
    pub read_connections: usize,
    pub prepared: Prepared,
    pub outcomes: Vec<Outcome>,
    /// Of the PostgreSQL server child, KiB (PostgreSQL's own memory is not in it).
    pub rss_peak_kib: u64,
    pub rss_hwm_kib: Option<u64>,
}

fn rps(outcomes: &[Outcome], kind: Kind) -> Option<f64> {
    outcomes
        .iter()
        .find(|o| o.kind == kind)
        .map(|o| o.load.requests_per_second())
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn shown(r: Option<f64>) -> String {
    r.map_or("n/a".to_owned(), |r| format!("{r:.2}×"))
}

fn met(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "n/a",
    }
}

impl PostgresSection {
    /// The baseline of the same process a scenario is compared with.
    fn baseline(kind: Kind) -> Option<Kind> {
        match kind {
            Kind::GetCase | Kind::PatchCase => Some(Kind::StaticCase),
            Kind::ListPage0 => Some(Kind::StaticList),
            _ => None,
        }
    }

    /// (target, met) of a scenario's row.
    fn target(&self, kind: Kind, sqlite: &[Outcome]) -> (&'static str, &'static str) {
        match kind {
            Kind::GetCase => (
                "≥ 0.60× SQLite",
                met(ratio(rps(&self.outcomes, kind), rps(sqlite, kind))
                    .map(|r| r >= CASE_VS_SQLITE_TARGET)),
            ),
            Kind::ListPage0 => (
                "≥ 10,000 req/s",
                met(rps(&self.outcomes, kind).map(|r| r >= ROOT_LIST_TARGET)),
            ),
            Kind::PatchCase => ("(stated)", ""),
            _ => ("", ""),
        }
    }

    /// Appends the section to `out`; `sqlite` are the SQLite outcomes of the same run, whose
    /// store committed with `sqlite_durability`.
    pub fn write_markdown(
        &self,
        out: &mut String,
        sqlite: &[Outcome],
        sqlite_durability: Durability,
    ) {
        let settings = &self.prepared.settings;
        let _ = writeln!(
            out,
            "\n### PostgreSQL\n\nPostgreSQL {}, schema `{}` with {} cases, the server's pool {} connections and {} shared read {}; `synchronous_commit={}`, `fsync={}`, `shared_buffers={}`. A second server child (the same application and static routes, on PostgreSQL), the same connections, warmup and window. \"÷ static\" is against the static baseline of this server child, \"÷ SQLite\" against the same scenario on SQLite above. The PostgreSQL CPU column counts every process named `postgres` on the machine.\n",
            settings.version,
            self.schema,
            thousands(self.prepared.cases_in_schema as f64),
            self.pool_size,
            self.read_connections,
            if self.read_connections == 1 {
                "connection"
            } else {
                "connections"
            },
            settings.synchronous_commit,
            settings.fsync,
            settings.shared_buffers,
        );
        out.push_str(
            "| Scenario | Body (bytes) | req/s | p50 | p99 | ÷ static, this server | ÷ SQLite, this run | Target | Met | CPU per request: server + PostgreSQL | Server RSS peak | CPU cores: server / PostgreSQL / bench / other |\n\
             |---|--:|--:|--:|--:|--:|--:|---|---|--:|--:|--:|\n",
        );
        for o in &self.outcomes {
            let per_request = |cores: f64| cores / o.load.requests_per_second().max(1e-9) * 1e6;
            let (target, met) = self.target(o.kind, sqlite);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {target} | {met} | {} | {} | {} |",
                o.kind.label(),
                thousands(o.load.mean_body()),
                thousands(o.load.requests_per_second()),
                latency(o.load.latency.quantile(0.5)),
                latency(o.load.latency.quantile(0.99)),
                match Self::baseline(o.kind) {
                    Some(base) => shown(ratio(
                        rps(&self.outcomes, o.kind),
                        rps(&self.outcomes, base)
                    )),
                    None => "(baseline)".to_owned(),
                },
                shown(ratio(rps(&self.outcomes, o.kind), rps(sqlite, o.kind))),
                o.cpu.map_or("n/a".to_owned(), |c| format!(
                    "{:.1} + {:.1} µs",
                    per_request(c.server),
                    per_request(c.database)
                )),
                mib(o.rss_peak_kib),
                o.cpu.map_or("n/a".to_owned(), |c| format!(
                    "{:.2} / {:.2} / {:.2} / {:.2}",
                    c.server, c.database, c.bench, c.other
                )),
            );
        }
        out.push('\n');
        self.write_targets(out, sqlite, sqlite_durability);
        write_lines(
            out,
            &self.outcomes,
            &format!(
                "PostgreSQL `synchronous_commit={}`",
                settings.synchronous_commit
            ),
        );
        let _ = writeln!(
            out,
            "- Server RSS of the PostgreSQL child: peak VmRSS {}, VmHWM {} (no target; PostgreSQL's own memory is not in it).",
            mib(self.rss_peak_kib),
            self.rss_hwm_kib.map_or("n/a".to_owned(), mib),
        );
        match &self.prepared.fill {
            Some(fill) => write_fill(out, fill),
            None => out.push_str(
                "- Transfer: not measured in this run; the schema held as many cases as the SQLite database already (filled by an earlier run).\n",
            ),
        }
        write_disturbed(out, &self.outcomes, "on PostgreSQL ");
    }

    /// The three statements the issue asks for, each with both sides of its ratio.
    fn write_targets(&self, out: &mut String, sqlite: &[Outcome], sqlite_durability: Durability) {
        let pg = |kind| rps(&self.outcomes, kind);
        let lite = |kind| rps(sqlite, kind);
        let number = |r: Option<f64>| r.map_or("n/a".to_owned(), thousands);
        let case = ratio(pg(Kind::GetCase), lite(Kind::GetCase));
        let _ = writeln!(
            out,
            "- GET case as the root, PostgreSQL ÷ SQLite: {} ({} vs {} req/s) — target ≥ 0.60×: {}.",
            shown(case),
            number(pg(Kind::GetCase)),
            number(lite(Kind::GetCase)),
            met(case.map(|r| r >= CASE_VS_SQLITE_TARGET)),
        );
        let list = pg(Kind::ListPage0);
        let _ = writeln!(
            out,
            "- List of the sales-organisation root, limit 10, on PostgreSQL: {} req/s ({} on SQLite) — target ≥ 10,000 req/s: {}.",
            number(list),
            number(lite(Kind::ListPage0)),
            met(list.map(|r| r >= ROOT_LIST_TARGET)),
        );
        let synchronous_commit = &self.prepared.settings.synchronous_commit;
        // `synchronous_commit=on` waits for the WAL flush of each commit, as SQLite's FULL
        // does and its NORMAL (what `vorgaenge serve` uses) does not.
        let durability_note = if synchronous_commit != "off"
            && sqlite_durability == Durability::Normal
        {
            " They differ in durability: a like-for-like ratio needs a run with `--durability full`."
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "- PATCH `/externeVorgangsNummer` on PostgreSQL: {} acknowledged writes/s, {} of SQLite's {} (no target). Commits: PostgreSQL `synchronous_commit={synchronous_commit}`, SQLite {}.{durability_note}",
            number(pg(Kind::PatchCase)),
            shown(ratio(pg(Kind::PatchCase), lite(Kind::PatchCase))),
            number(lite(Kind::PatchCase)),
            sqlite_durability.describe(),
        );
    }
}

fn write_fill(out: &mut String, fill: &Fill) {
    let cores = |step: &Step| {
        let mut parts = Vec::new();
        if let Some(c) = step.command_cores {
            parts.push(format!("command {c:.2} cores"));
        }
        if let Some(c) = step.postgres_cores {
            parts.push(format!("PostgreSQL {c:.2} cores"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join(", "))
        }
    };
    let _ = writeln!(
        out,
        "- Transfer, in this run (the schema held {} cases and was dropped first): `vorgaenge export` of the SQLite database {} cases/s ({} cases in {:.1} s, file {}{}); `vorgaenge import` into the schema {} cases/s ({:.1} s{}); then `VACUUM (ANALYZE)` and `CHECKPOINT` {:.1} s{}.",
        thousands(fill.dropped_cases as f64),
        thousands(fill.export_rate()),
        thousands(fill.cases as f64),
        fill.export.seconds,
        mib(fill.file_bytes / 1024),
        cores(&fill.export),
        thousands(fill.import_rate()),
        fill.import.seconds,
        cores(&fill.import),
        fill.vacuum.seconds,
        cores(&fill.vacuum),
    );
}

#[cfg(test)]
mod tests {
    use super::super::tests::outcome;
    use super::*;
    use crate::postgres::Settings;

    fn section(fill: Option<Fill>, outcomes: Vec<Outcome>) -> PostgresSection {
        PostgresSection {
            schema: "bench".into(),
            pool_size: 16,
            read_connections: 1,
            prepared: Prepared {
                cases_in_schema: 1_000_240,
                fill,
                settings: Settings {
                    version: "15.20".into(),
                    synchronous_commit: "on".into(),
                    fsync: "on".into(),
                    shared_buffers: "128MB".into(),
                },
            },
            outcomes,
            rss_peak_kib: 40 * 1024,
            rss_hwm_kib: Some(41 * 1024),
        }
    }

    fn with_database(mut o: Outcome) -> Outcome {
        if let Some(cpu) = &mut o.cpu {
            cpu.database = 0.6;
        }
        o
    }

    #[test]
    fn compares_with_its_baseline_and_with_sqlite() {
        let sqlite = vec![
            outcome(Kind::StaticCase, 100_000),
            outcome(Kind::GetCase, 40_000),
            outcome(Kind::StaticList, 100_000),
            outcome(Kind::ListPage0, 60_000),
            outcome(Kind::PatchCase, 30_000),
        ];
        let pg = section(
            Some(Fill {
                dropped_cases: 2_240,
                cases: 1_000_240,
                file_bytes: 2048 * 1024 * 1024,
                export: Step {
                    seconds: 100.0,
                    command_cores: Some(1.0),
                    postgres_cores: Some(0.0),
                },
                import: Step {
                    seconds: 200.0,
                    command_cores: Some(0.8),
                    postgres_cores: Some(0.9),
                },
                vacuum: Step {
                    seconds: 30.0,
                    command_cores: None,
                    postgres_cores: Some(1.0),
                },
            }),
            vec![
                with_database(outcome(Kind::StaticCase, 90_000)),
                with_database(outcome(Kind::GetCase, 20_000)),
                with_database(outcome(Kind::StaticList, 90_000)),
                with_database(outcome(Kind::ListPage0, 120_000)),
                with_database(outcome(Kind::PatchCase, 15_000)),
            ],
        );
        let mut md = String::new();
        pg.write_markdown(&mut md, &sqlite, Durability::Normal);
        assert!(md.contains("PostgreSQL 15.20, schema `bench` with 1,000,240 cases, the server's pool 16 connections and 1 shared read connection; `synchronous_commit=on`"), "{md}");
        assert!(
            md.contains("| static bytes, case size | 100 | 9,000 | 800 µs | 800 µs | (baseline) | 0.90× |  |  | 133.3 + 66.7 µs |"),
            "{md}"
        );
        // 2,000 req/s: 0.22× of its static, 0.50× of SQLite's 4,000.
        assert!(
            md.contains("| GET case, random keys, as root NOR00 | 100 | 2,000 | 800 µs | 800 µs | 0.22× | 0.50× | ≥ 0.60× SQLite | **missed** | 600.0 + 300.0 µs | 30.0 MiB | 1.20 / 0.60 / 0.70 / 0.01 |"),
            "{md}"
        );
        assert!(
            md.contains("| 12,000 | 800 µs | 800 µs | 1.33× | 2.00× | ≥ 10,000 req/s | met |"),
            "{md}"
        );
        assert!(
            md.contains("| 1,500 | 800 µs | 800 µs | 0.17× | 0.50× | (stated) |  |"),
            "{md}"
        );
        assert!(
            md.contains("- GET case as the root, PostgreSQL ÷ SQLite: 0.50× (2,000 vs 4,000 req/s) — target ≥ 0.60×: **missed**."),
            "{md}"
        );
        assert!(
            md.contains("limit 10, on PostgreSQL: 12,000 req/s (6,000 on SQLite) — target ≥ 10,000 req/s: met."),
            "{md}"
        );
        assert!(
            md.contains(
                "PostgreSQL: 1,500 acknowledged writes/s, 0.50× of SQLite's 3,000 (no target)."
            ),
            "{md}"
        );
        assert!(
            md.contains("- Writes, PostgreSQL `synchronous_commit=on`: "),
            "{md}"
        );
        assert!(md.contains("one per acknowledged write"), "{md}");
        assert!(
            md.contains("(the schema held 2,240 cases and was dropped first): `vorgaenge export` of the SQLite database 10,002 cases/s (1,000,240 cases in 100.0 s, file 2048.0 MiB; command 1.00 cores, PostgreSQL 0.00 cores); `vorgaenge import` into the schema 5,001 cases/s (200.0 s; command 0.80 cores, PostgreSQL 0.90 cores); then `VACUUM (ANALYZE)` and `CHECKPOINT` 30.0 s; PostgreSQL 1.00 cores."),
            "{md}"
        );
        assert!(md.contains("peak VmRSS 40.0 MiB, VmHWM 41.0 MiB"), "{md}");
        assert!(!md.contains("Warning"), "{md}");
    }

    #[test]
    fn says_what_it_could_not_compare() {
        let mut disturbed = outcome(Kind::GetCase, 20_000);
        disturbed.cpu = disturbed.cpu.map(|mut c| {
            c.other = 0.5;
            c
        });
        let pg = section(None, vec![disturbed]);
        let mut md = String::new();
        pg.write_markdown(&mut md, &[], Durability::Full);
        assert!(md.contains("| n/a | n/a | ≥ 0.60× SQLite | n/a |"), "{md}");
        assert!(md.contains("Transfer: not measured in this run"), "{md}");
        assert!(md.contains("SQLite `synchronous=FULL`"), "{md}");
        assert!(!md.contains("They differ in durability"), "{md}");
        assert!(
            md.contains(
                "limit 10, on PostgreSQL: n/a req/s (n/a on SQLite) — target ≥ 10,000 req/s: n/a."
            ),
            "{md}"
        );
        assert!(
            md.contains("Warning: other processes used more than 0.1 cores while measuring on PostgreSQL GET case"),
            "{md}"
        );
    }
}
