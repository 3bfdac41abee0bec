//! The load scenarios, each a real request paired with the baseline it is compared to, plus
//! two diagnostics: the static body behind the bearer gate (the cost of authentication per
//! request) and behind the blocking-pool hop that most store calls make. Then two write
//! scenarios, compared with GET case; they run last so that no read measures a database
//! being written, and each is checked against the events it appended.
//!
//! The PostgreSQL half of a run has a shorter plan of its own ([`run_postgres`]): the
//! scenarios its targets name, each with the baseline of the same server process.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::bail;

use crate::cpu;
use crate::events::EventLog;
use crate::inputs::{Inputs, PostgresInputs};
use crate::loadgen::{self, LoadResult, LoadSpec, Target};
use crate::rss::RssSampler;
use crate::server_child::{static_auth_path, static_hop_path, static_metrics_path, static_path};
use crate::tokens;

/// Which scenario a result belongs to; the report pairs them by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    StaticCase,
    GetCase,
    StaticMetrics,
    StaticAuth,
    StaticHop,
    StaticList,
    ListPage0,
    ListPage0Advisor,
    ListDeepCursor,
    ListDeepDirect,
    StaticToken,
    TokenEndpoint,
    PatchCase,
    PutKundenBetreuer,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Self::StaticCase => "static bytes, case size",
            Self::GetCase => "GET case, random keys, as root NOR00",
            Self::StaticMetrics => "static bytes, case size, + request metrics",
            Self::StaticAuth => "static bytes, case size, + bearer gate",
            Self::StaticHop => "static bytes, case size, + blocking-pool hop",
            Self::StaticList => "static bytes, list-page size",
            Self::ListPage0 => "GET list page 0 as root NOR00",
            Self::ListPage0Advisor => "GET list page 0 as advisor BER11",
            Self::ListDeepCursor => "GET list page 1000 via `next` (cursor), as root",
            Self::ListDeepDirect => "GET list `page=1000` direct (offset), as root",
            Self::StaticToken => "static bytes, token-response size",
            Self::TokenEndpoint => "POST /auth/token (client credentials)",
            Self::PatchCase => "PATCH case `/externeVorgangsNummer`, random keys, as root",
            Self::PutKundenBetreuer => "PUT case kundenBetreuer, two advisors alternating, as root",
        }
    }

    /// A write scenario: its rate counts acknowledged writes, failures are reported rather
    /// than ending the run, and the events it appended are counted.
    pub fn writes(self) -> bool {
        matches!(self, Self::PatchCase | Self::PutKundenBetreuer)
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub kind: Kind,
    pub load: LoadResult,
    /// Peak server RSS while this scenario ran, KiB.
    pub rss_peak_kib: u64,
    /// CPU over the measured window, if `/proc` could be read.
    pub cpu: Option<cpu::Usage>,
    /// Of a write scenario: the events appended while it ran (warmup included).
    pub events_appended: Option<u64>,
}

/// Where the scenarios run: the server child and the database it writes.
#[derive(Debug, Clone, Copy)]
pub struct Server<'a> {
    pub addr: SocketAddr,
    pub pid: u32,
    pub rss: &'a RssSampler,
    pub events: &'a EventLog,
    /// Count PostgreSQL's processes apart in the CPU columns (they do the store's work).
    pub postgres: bool,
}

/// Above every `bench-<n>` of earlier runs, which sent fewer than a million a second.
fn first_patch() -> anyhow::Result<u64> {
    Ok(u64::try_from(
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_micros(),
    )?)
}

/// Runs every scenario in order, baselines right before what they are compared to, so a
/// drift of the machine over the run affects both sides of a ratio alike.
pub async fn run_all(
    server: Server<'_>,
    inputs: &Inputs,
    spec: LoadSpec,
) -> anyhow::Result<Vec<Outcome>> {
    let root = |target: Target| target.with_bearer(&inputs.root_token);
    let first_patch = first_patch()?;
    let (reassign_paths, reassign_pairs): (Vec<_>, Vec<_>) =
        inputs.reassign.iter().cloned().unzip();
    let plan = [
        (
            Kind::StaticCase,
            Target::get(static_path(inputs.case_body_mean)),
        ),
        (
            Kind::GetCase,
            root(Target::get_random(inputs.case_paths.clone()))?,
        ),
        (
            Kind::StaticMetrics,
            Target::get(static_metrics_path(inputs.case_body_mean)),
        ),
        (
            Kind::StaticAuth,
            root(Target::get(static_auth_path(inputs.case_body_mean)))?,
        ),
        (
            Kind::StaticHop,
            Target::get(static_hop_path(inputs.case_body_mean)),
        ),
        (Kind::StaticList, Target::get(static_path(inputs.page0_len))),
        (Kind::ListPage0, root(Target::get(inputs.page0.clone()))?),
        (
            Kind::ListPage0Advisor,
            Target::get(inputs.page0.clone()).with_bearer(&inputs.advisor_token)?,
        ),
        (
            Kind::ListDeepCursor,
            root(Target::get(inputs.deep_cursor.clone()))?,
        ),
        (
            Kind::ListDeepDirect,
            root(Target::get(inputs.deep_direct.clone()))?,
        ),
        (
            Kind::StaticToken,
            Target::get(static_path(inputs.token_response_len)),
        ),
        (
            Kind::TokenEndpoint,
            tokens::token_request(tokens::ROOT_CLIENT)?,
        ),
        // The writes last: they change the database the reads above measured.
        (
            Kind::PatchCase,
            root(Target::patch_externe_vorgangs_nummer(
                inputs.case_paths.clone(),
                first_patch,
            ))?,
        ),
        (
            Kind::PutKundenBetreuer,
            root(Target::put_alternating(reassign_paths, reassign_pairs))?,
        ),
    ];
    run_plan(server, plan.into(), spec).await
}

/// The PostgreSQL scenarios: GET case and the root's list page 0, each after its baseline,
/// then the PATCH writes, on the same inputs as the SQLite run where they can be the same.
pub async fn run_postgres(
    server: Server<'_>,
    inputs: &PostgresInputs,
    spec: LoadSpec,
) -> anyhow::Result<Vec<Outcome>> {
    let root = |target: Target| target.with_bearer(&inputs.root_token);
    let plan = vec![
        (
            Kind::StaticCase,
            Target::get(static_path(inputs.case_body_mean)),
        ),
        (
            Kind::GetCase,
            root(Target::get_random(inputs.case_paths.clone()))?,
        ),
        (Kind::StaticList, Target::get(static_path(inputs.page0_len))),
        (Kind::ListPage0, root(Target::get(inputs.page0.clone()))?),
        (
            Kind::PatchCase,
            root(Target::patch_externe_vorgangs_nummer(
                inputs.case_paths.clone(),
                first_patch()?,
            ))?,
        ),
    ];
    run_plan(server, plan, spec).await
}

async fn run_plan(
    server: Server<'_>,
    plan: Vec<(Kind, Target)>,
    spec: LoadSpec,
) -> anyhow::Result<Vec<Outcome>> {
    let Server {
        addr,
        pid: server_pid,
        rss,
        events,
        postgres,
    } = server;
    let mut outcomes = Vec::new();
    for (kind, target) in plan {
        eprintln!(
            "running: {} ({:.0} s + {:.0} s warmup)",
            kind.label(),
            spec.measure.as_secs_f64(),
            spec.warmup.as_secs_f64()
        );
        rss.take_phase_peak();
        let newest_event = if kind.writes() {
            Some(events.newest().await?)
        } else {
            None
        };
        // CPU is sampled over the measured window only, beside the load on the same thread;
        // a few ms of timer lag under load do not matter over 10 s.
        let cpu = async {
            tokio::time::sleep(spec.warmup).await;
            let start = cpu::Snapshot::take_counting(Some(server_pid), postgres);
            tokio::time::sleep(spec.measure).await;
            let end = cpu::Snapshot::take_counting(Some(server_pid), postgres);
            start.zip(end).map(|(start, end)| end.usage_since(&start))
        };
        let (load, cpu) = tokio::join!(loadgen::run(addr, target, spec), cpu);
        let load = load?;
        let failures = load.all_failures();
        if failures > 0 && !kind.writes() {
            bail!(
                "{}: {failures} responses were not 2xx (the first: {}); the numbers would be meaningless",
                kind.label(),
                load.first_failure.as_deref().unwrap_or("?")
            );
        }
        // Every answer has arrived: each acknowledged write is committed.
        let events_appended = match newest_event {
            Some(id) => Some(events.appended_since(id).await?),
            None => None,
        };
        eprintln!(
            "  {:.0} {}/s, p50 {:?}, p99 {:?}",
            load.requests_per_second(),
            if kind.writes() {
                "acknowledged writes"
            } else {
                "req"
            },
            load.latency.quantile(0.5),
            load.latency.quantile(0.99)
        );
        if let Some(appended) = events_appended {
            eprintln!(
                "  {} writes acknowledged (warmup included), {failures} not; {appended} events appended",
                load.all_accepted()
            );
            if failures > 0 {
                eprintln!(
                    "  ERROR: {failures} writes were not acknowledged with 200/201 (the first: {})",
                    load.first_failure.as_deref().unwrap_or("?")
                );
            }
        }
        outcomes.push(Outcome {
            kind,
            load,
            rss_peak_kib: rss.take_phase_peak(),
            cpu,
            events_appended,
        });
    }
    Ok(outcomes)
}
