//! The markdown report: one table of scenarios with their ratios and targets, then memory
//! and seeding, then the PostgreSQL section if the run had one ([`postgres`]). Pure
//! formatting, so it is unit-tested without a server.

mod postgres;

pub use postgres::PostgresSection;

use std::fmt::Write;
use std::time::Duration;

use crate::scenarios::{Kind, Outcome};
use crate::seeding::SeedFigure;
use crate::server_child::Durability;

/// GET case must reach this share of the static baseline's throughput.
pub const CASE_TARGET: f64 = 0.5;
/// Page 1000 via `next` may cost at most this many times page 0.
pub const DEEP_TARGET: f64 = 1.5;
/// Peak server RSS, KiB (64 MiB).
pub const RSS_TARGET_KIB: u64 = 64 * 1024;
/// Seeding rate, cases per second.
pub const SEED_TARGET: f64 = 5_000.0;
/// Tokens per second of the token endpoint, absolute.
pub const TOKEN_TARGET: f64 = 1_000.0;
/// The request metrics may cost at most this share of GET case's time per request.
pub const METRICS_TARGET: f64 = 0.05;
/// Cores other processes may use during a measurement before the report flags it.
pub(crate) const OTHER_CPU_LIMIT: f64 = 0.1;

#[derive(Debug, Clone)]
pub struct Report {
    pub date: String,
    pub cases_in_db: u64,
    pub connections: usize,
    pub warmup: Duration,
    pub measure: Duration,
    pub outcomes: Vec<Outcome>,
    pub rss_peak_kib: u64,
    pub rss_hwm_kib: Option<u64>,
    pub seeding: Option<SeedFigure>,
    pub deep_pages_agree: bool,
    /// Of the server's SQLite store.
    pub durability: Durability,
    /// The PostgreSQL half, if asked for: its results, or why it failed.
    pub postgres: Option<Result<PostgresSection, String>>,
}

impl Report {
    fn rps(&self, kind: Kind) -> Option<f64> {
        self.outcomes
            .iter()
            .find(|o| o.kind == kind)
            .map(|o| o.load.requests_per_second())
    }

    /// The comparison shown for a scenario: (compared with, ratio text, target, met).
    fn comparison(&self, kind: Kind) -> (&'static str, String, &'static str, &'static str) {
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        let shown = |r: Option<f64>| r.map_or("n/a".to_owned(), |r| format!("{r:.2}×"));
        let met = |ok: Option<bool>| match ok {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "n/a",
        };
        let against = |real: Kind, baseline: Kind| ratio(self.rps(real), self.rps(baseline));
        let cost = |page0: Kind, deep: Kind| ratio(self.rps(page0), self.rps(deep));
        match kind {
            Kind::StaticCase | Kind::StaticList | Kind::StaticToken => {
                ("(baseline)", "1.00×".into(), "", "")
            }
            Kind::GetCase => {
                let r = against(Kind::GetCase, Kind::StaticCase);
                (
                    "req/s ÷ static case size",
                    shown(r),
                    "≥ 0.50×",
                    met(r.map(|r| r >= CASE_TARGET)),
                )
            }
            Kind::StaticMetrics => {
                // The time the layer adds to each request, as a share of a GET case's time:
                // (1/metered − 1/plain) ÷ (1/GET case).
                let share = match (
                    self.rps(Kind::StaticMetrics),
                    self.rps(Kind::StaticCase),
                    self.rps(Kind::GetCase),
                ) {
                    (Some(metered), Some(plain), Some(get)) if metered > 0.0 && plain > 0.0 => {
                        Some((1.0 / metered - 1.0 / plain) * get)
                    }
                    _ => None,
                };
                (
                    "added time per request ÷ GET case's",
                    share.map_or("n/a".to_owned(), |s| format!("{:.1} %", s * 100.0)),
                    "≤ 5 %",
                    met(share.map(|s| s <= METRICS_TARGET)),
                )
            }
            Kind::StaticAuth | Kind::StaticHop => (
                "req/s ÷ static case size",
                shown(against(kind, Kind::StaticCase)),
                "(diagnostic)",
                "",
            ),
            Kind::ListPage0 | Kind::ListPage0Advisor => (
                "req/s ÷ static list size",
                shown(against(kind, Kind::StaticList)),
                "(none)",
                "",
            ),
            Kind::ListDeepCursor => {
                let r = cost(Kind::ListPage0, Kind::ListDeepCursor);
                (
                    "cost: root page 0 req/s ÷ this",
                    shown(r),
                    "≤ 1.50×",
                    met(r.map(|r| r <= DEEP_TARGET)),
                )
            }
            Kind::ListDeepDirect => (
                "cost: root page 0 req/s ÷ this",
                shown(cost(Kind::ListPage0, Kind::ListDeepDirect)),
                "(report only)",
                "",
            ),
            Kind::PatchCase | Kind::PutKundenBetreuer => (
                "writes/s ÷ GET case req/s",
                shown(against(kind, Kind::GetCase)),
                "(report only)",
                "",
            ),
            Kind::TokenEndpoint => {
                let tokens = self.rps(Kind::TokenEndpoint);
                (
                    "req/s ÷ static token size",
                    shown(against(Kind::TokenEndpoint, Kind::StaticToken)),
                    "≥ 1,000 tokens/s",
                    met(tokens.map(|t| t >= TOKEN_TARGET)),
                )
            }
        }
    }

    /// What went wrong with the writes, if anything: writes not acknowledged, or events
    /// appended that do not match the acknowledged writes one to one.
    pub fn write_problems(&self) -> Option<String> {
        let mut problems = write_problems(&self.outcomes, "");
        if let Some(Ok(pg)) = &self.postgres {
            problems.extend(write_problems(&pg.outcomes, "PostgreSQL "));
        }
        (!problems.is_empty()).then(|| problems.join("; "))
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Run of {}: {} cases in the database, {} connections, {:.0} s measured after {:.0} s warmup per scenario; SQLite durability {}.\n",
            self.date,
            thousands(self.cases_in_db as f64),
            self.connections,
            self.measure.as_secs_f64(),
            self.warmup.as_secs_f64(),
            self.durability.describe(),
        );
        out.push_str(
            "| Scenario | Body (bytes) | req/s | p50 | p99 | Compared with | Ratio | Target | Met | Server CPU per request | Server RSS peak | CPU cores: server / bench / other |\n\
             |---|--:|--:|--:|--:|---|--:|---|---|--:|--:|--:|\n",
        );
        for o in &self.outcomes {
            let (with, ratio, target, met) = self.comparison(o.kind);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {with} | {ratio} | {target} | {met} | {} | {} | {} |",
                o.kind.label(),
                thousands(o.load.mean_body()),
                thousands(o.load.requests_per_second()),
                latency(o.load.latency.quantile(0.5)),
                latency(o.load.latency.quantile(0.99)),
                o.cpu.map_or("n/a".to_owned(), |c| format!(
                    "{:.1} µs",
                    c.server / o.load.requests_per_second().max(1e-9) * 1e6
                )),
                mib(o.rss_peak_kib),
                o.cpu.map_or("n/a".to_owned(), |c| format!(
                    "{:.2} / {:.2} / {:.2}",
                    c.server, c.bench, c.other
                )),
            );
        }
        out.push('\n');
        write_lines(
            &mut out,
            &self.outcomes,
            &format!("SQLite durability {}", self.durability.describe()),
        );
        let rss_met = if self.rss_peak_kib <= RSS_TARGET_KIB {
            "met"
        } else {
            "**missed**"
        };
        let _ = writeln!(
            out,
            "- Server RSS: peak VmRSS {} (sampled every 200 ms over the whole run), VmHWM {} — target ≤ 64 MiB: {rss_met}.",
            mib(self.rss_peak_kib),
            self.rss_hwm_kib.map_or("n/a".to_owned(), mib),
        );
        match &self.seeding {
            Some(s) => {
                let rate = s.rate();
                let met = if rate >= SEED_TARGET {
                    "met"
                } else {
                    "**missed**"
                };
                let cpu = s.cpu.map_or(String::new(), |(seeder, other)| {
                    format!(", seeder used {seeder:.2} cores, other processes {other:.2}")
                });
                let _ = writeln!(
                    out,
                    "- Seeding: {} cases/s ({} cases in {:.1} s, {}{cpu}) — target ≥ 5,000 cases/s: {met}.",
                    thousands(rate),
                    thousands(s.cases as f64),
                    s.seconds,
                    if s.this_run {
                        format!("seeded in this run, {}", s.when)
                    } else {
                        format!("recorded when the database was seeded, {}", s.when)
                    },
                );
            }
            None => out.push_str(
                "- Seeding: not measured (the database was seeded before without a record).\n",
            ),
        }
        write_disturbed(&mut out, &self.outcomes, "");
        if !self.deep_pages_agree {
            out.push_str(
                "- Warning: page 1000 via `next` and `page=1000` listed different cases.\n",
            );
        }
        match &self.postgres {
            Some(Ok(pg)) => pg.write_markdown(&mut out, &self.outcomes, self.durability),
            Some(Err(e)) => {
                let _ = writeln!(
                    out,
                    "\n### PostgreSQL\n\n- **The PostgreSQL part failed**: {e}"
                );
            }
            None => {}
        }
        out
    }
}

/// Per write scenario of `outcomes` what went wrong, `prefix` before its label.
/// The warning naming the scenarios during which other processes took more than
/// [`OTHER_CPU_LIMIT`] cores; `store` says on which backend (`"on PostgreSQL "`) or is empty.
fn write_disturbed(out: &mut String, outcomes: &[Outcome], store: &str) {
    let disturbed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.cpu.is_some_and(|c| c.other > OTHER_CPU_LIMIT))
        .map(|o| o.kind.label())
        .collect();
    if !disturbed.is_empty() {
        let _ = writeln!(
            out,
            "- Warning: other processes used more than {OTHER_CPU_LIMIT} cores while measuring {store}{}; ratios involving these rows are unreliable, run again on a quiet machine.",
            disturbed.join("; ")
        );
    }
}

fn write_problems(outcomes: &[Outcome], prefix: &str) -> Vec<String> {
    outcomes
        .iter()
        .filter(|o| o.kind.writes())
        .filter_map(|o| {
            let acknowledged = o.load.all_accepted();
            let failures = o.load.all_failures();
            let mut why = Vec::new();
            if failures > 0 {
                why.push(format!(
                    "{failures} of {} writes not acknowledged (the first: {})",
                    acknowledged + failures,
                    o.load.first_failure.as_deref().unwrap_or("?")
                ));
            }
            if let Some(appended) = o.events_appended.filter(|&e| e != acknowledged) {
                why.push(format!(
                    "{appended} events appended for {acknowledged} acknowledged writes"
                ));
            }
            (!why.is_empty()).then(|| format!("{prefix}{}: {}", o.kind.label(), why.join("; ")))
        })
        .collect()
}

/// One line per write scenario of `outcomes`: what was acknowledged and what it appended,
/// then the problems, loudly. `store` names the store and how it commits.
fn write_lines(out: &mut String, outcomes: &[Outcome], store: &str) {
    let writes: Vec<&Outcome> = outcomes.iter().filter(|o| o.kind.writes()).collect();
    if writes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "- Writes, {store}: the req/s of a write counts acknowledged writes (200/201) only; each must append exactly one event."
    );
    for o in writes {
        let acknowledged = o.load.all_accepted();
        let _ = writeln!(
            out,
            "  - {}: {} acknowledged in the window ({} with warmup and window edges), {} not acknowledged; events appended: {} — {}.",
            o.kind.label(),
            thousands((o.load.requests - o.load.failures) as f64),
            thousands(acknowledged as f64),
            o.load.all_failures(),
            o.events_appended
                .map_or("n/a".to_owned(), |e| thousands(e as f64)),
            match o.events_appended {
                Some(e) if e == acknowledged => "one per acknowledged write",
                Some(_) => "**MISMATCH**",
                None => "not counted",
            }
        );
    }
    let problems = write_problems(outcomes, "");
    if !problems.is_empty() {
        let _ = writeln!(
            out,
            "- **ERROR in the write scenarios**: {}. Their numbers are not valid.",
            problems.join("; ")
        );
    }
}

pub(crate) fn latency(d: Duration) -> String {
    let micros = d.as_micros();
    if micros < 1000 {
        format!("{micros} µs")
    } else {
        format!("{:.2} ms", d.as_secs_f64() * 1000.0)
    }
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// `1234567.8` → `1,234,568`.
pub(crate) fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::histogram::Histogram;
    use crate::loadgen::LoadResult;

    pub(super) fn outcome(kind: Kind, requests: u64) -> Outcome {
        let mut latency = Histogram::default();
        latency.record(Duration::from_micros(800));
        Outcome {
            kind,
            load: LoadResult {
                requests,
                failures: 0,
                accepted_outside: 0,
                failures_outside: 0,
                first_failure: None,
                bytes: requests * 100,
                latency,
                seconds: 10.0,
            },
            rss_peak_kib: 30 * 1024,
            cpu: Some(crate::cpu::Usage {
                server: 1.2,
                database: 0.0,
                bench: 0.7,
                children: 0.0,
                other: if kind == Kind::ListDeepDirect {
                    0.3
                } else {
                    0.01
                },
            }),
            events_appended: kind.writes().then_some(requests),
        }
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(thousands(1_234_567.8), "1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(latency(Duration::from_micros(850)), "850 µs");
        assert_eq!(latency(Duration::from_micros(1_234)), "1.23 ms");
    }

    #[test]
    fn computes_ratios_and_flags_targets() {
        let report = Report {
            date: "2026-01-01".into(),
            cases_in_db: 1_000_240,
            connections: 32,
            warmup: Duration::from_secs(2),
            measure: Duration::from_secs(10),
            outcomes: vec![
                outcome(Kind::StaticCase, 100_000),
                outcome(Kind::GetCase, 40_000),
                outcome(Kind::StaticMetrics, 95_000),
                outcome(Kind::StaticAuth, 90_000),
                outcome(Kind::StaticHop, 50_000),
                outcome(Kind::StaticList, 100_000),
                outcome(Kind::ListPage0, 60_000),
                outcome(Kind::ListPage0Advisor, 30_000),
                outcome(Kind::ListDeepCursor, 50_000),
                outcome(Kind::ListDeepDirect, 20_000),
                outcome(Kind::StaticToken, 80_000),
                outcome(Kind::TokenEndpoint, 9_000),
                outcome(Kind::PatchCase, 8_000),
                outcome(Kind::PutKundenBetreuer, 12_000),
            ],
            rss_peak_kib: 70 * 1024,
            rss_hwm_kib: Some(71 * 1024),
            seeding: Some(SeedFigure {
                cases: 1_000_240,
                seconds: 100.0,
                when: "2026-01-01".into(),
                this_run: true,
                cpu: Some((1.95, 0.02)),
            }),
            deep_pages_agree: true,
            durability: Durability::Normal,
            postgres: None,
        };
        let md = report.to_markdown();
        assert!(
            md.contains("| GET case, random keys, as root NOR00 | 100 | 4,000 | 800 µs | 800 µs |"),
            "{md}"
        );
        assert!(
            md.contains("| 0.40× | ≥ 0.50× | **no** | 300.0 µs |"),
            "{md}"
        );
        assert!(md.contains("| 1.20× | ≤ 1.50× | yes |"), "{md}");
        // (1/9,500 − 1/10,000) s added to GET case's 1/4,000 s.
        assert!(md.contains("| 2.1 % | ≤ 5 % | yes |"), "{md}");
        assert!(md.contains("| 0.90× | (diagnostic) |"), "{md}");
        assert!(md.contains("| 0.50× | (diagnostic) |"), "{md}");
        assert!(md.contains("advisor BER11 | 100 | 3,000 |"), "{md}");
        assert!(md.contains("| 0.30× | (none) |"), "{md}");
        assert!(md.contains("| 3.00× | (report only) |"), "{md}");
        // 900 tokens/s: under the absolute target whatever the ratio.
        assert!(md.contains("| 0.11× | ≥ 1,000 tokens/s | **no** |"), "{md}");
        assert!(md.contains("peak VmRSS 70.0 MiB"), "{md}");
        assert!(md.contains("≤ 64 MiB: **missed**"), "{md}");
        assert!(md.contains("10,002 cases/s"), "{md}");
        assert!(md.contains("≥ 5,000 cases/s: met"), "{md}");
        assert!(md.contains("| 30.0 MiB | 1.20 / 0.70 / 0.01 |"), "{md}");
        assert!(md.contains("seeder used 1.95 cores"), "{md}");
        assert!(
            md.contains("while measuring GET list `page=1000` direct (offset), as root; ratios"),
            "{md}"
        );
        assert!(!md.contains("listed different cases"));
        assert!(
            md.contains("durability `synchronous=NORMAL` in WAL mode"),
            "{md}"
        );
        assert!(
            md.contains("| writes/s ÷ GET case req/s | 0.20× | (report only) |"),
            "{md}"
        );
        assert!(md.contains("| 0.30× | (report only) |"), "{md}");
        assert!(
            md.contains("8,000 acknowledged in the window (8,000 with warmup and window edges), 0 not acknowledged; events appended: 8,000 — one per acknowledged write."),
            "{md}"
        );
        assert!(!md.contains("ERROR"), "{md}");
        assert_eq!(report.write_problems(), None);
    }

    #[test]
    fn flags_failed_and_unmatched_writes() {
        let mut patch = outcome(Kind::PatchCase, 1_000);
        patch.load.failures = 3;
        patch.load.failures_outside = 1;
        patch.load.accepted_outside = 50;
        patch.load.first_failure = Some("409 Conflict: busy".into());
        patch.events_appended = Some(1_047);
        let mut put = outcome(Kind::PutKundenBetreuer, 500);
        put.events_appended = Some(499);
        let report = Report {
            date: "2026-01-01".into(),
            cases_in_db: 20_240,
            connections: 32,
            warmup: Duration::from_secs(2),
            measure: Duration::from_secs(10),
            outcomes: vec![outcome(Kind::GetCase, 40_000), patch, put],
            rss_peak_kib: 30 * 1024,
            rss_hwm_kib: None,
            seeding: None,
            deep_pages_agree: true,
            durability: Durability::Full,
            postgres: None,
        };
        let md = report.to_markdown();
        assert!(md.contains("`synchronous=FULL`"), "{md}");
        // 997 acknowledged in 10 s.
        assert!(md.contains("| 100 | 100 | 800 µs |"), "{md}");
        assert!(
            md.contains("997 acknowledged in the window (1,047 with warmup and window edges), 4 not acknowledged; events appended: 1,047 — one per acknowledged write."),
            "{md}"
        );
        let problems = report.write_problems().unwrap();
        assert!(
            problems.contains("4 of 1051 writes not acknowledged (the first: 409 Conflict: busy)"),
            "{problems}"
        );
        assert!(
            problems.contains("499 events appended for 500 acknowledged writes"),
            "{problems}"
        );
        assert!(md.contains("**ERROR in the write scenarios**"), "{md}");
        assert!(md.contains("**MISMATCH**"), "{md}");
    }
}
