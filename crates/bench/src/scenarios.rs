//! The load scenarios, each a real request paired with the baseline it is compared to, plus
//! two diagnostics: the static body behind the bearer gate (the cost of authentication per
//! request) and behind the blocking-pool hop that most store calls make.

use std::net::SocketAddr;

use anyhow::bail;

use crate::cpu;
use crate::inputs::Inputs;
use crate::loadgen::{self, LoadResult, LoadSpec, Target};
use crate::rss::RssSampler;
use crate::server_child::{static_auth_path, static_hop_path, static_path};
use crate::tokens;

/// Which scenario a result belongs to; the report pairs them by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    StaticCase,
    GetCase,
    StaticAuth,
    StaticHop,
    StaticList,
    ListPage0,
    ListPage0Advisor,
    ListDeepCursor,
    ListDeepDirect,
    StaticToken,
    TokenEndpoint,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Self::StaticCase => "static bytes, case size",
            Self::GetCase => "GET case, random keys, as root NOR00",
            Self::StaticAuth => "static bytes, case size, + bearer gate",
            Self::StaticHop => "static bytes, case size, + blocking-pool hop",
            Self::StaticList => "static bytes, list-page size",
            Self::ListPage0 => "GET list page 0 as root NOR00",
            Self::ListPage0Advisor => "GET list page 0 as advisor BER11",
            Self::ListDeepCursor => "GET list page 1000 via `next` (cursor), as root",
            Self::ListDeepDirect => "GET list `page=1000` direct (offset), as root",
            Self::StaticToken => "static bytes, token-response size",
            Self::TokenEndpoint => "POST /auth/token (client credentials)",
        }
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
}

/// Runs every scenario in order, baselines right before what they are compared to, so a
/// drift of the machine over the run affects both sides of a ratio alike.
pub async fn run_all(
    addr: SocketAddr,
    server_pid: u32,
    inputs: &Inputs,
    spec: LoadSpec,
    rss: &RssSampler,
) -> anyhow::Result<Vec<Outcome>> {
    let root = |target: Target| target.with_bearer(&inputs.root_token);
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
    ];
    let mut outcomes = Vec::new();
    for (kind, target) in plan {
        eprintln!(
            "running: {} ({:.0} s + {:.0} s warmup)",
            kind.label(),
            spec.measure.as_secs_f64(),
            spec.warmup.as_secs_f64()
        );
        rss.take_phase_peak();
        // CPU is sampled over the measured window only, beside the load on the same thread;
        // a few ms of timer lag under load do not matter over 10 s.
        let cpu = async {
            tokio::time::sleep(spec.warmup).await;
            let start = cpu::Snapshot::take(Some(server_pid));
            tokio::time::sleep(spec.measure).await;
            let end = cpu::Snapshot::take(Some(server_pid));
            start.zip(end).map(|(start, end)| end.usage_since(&start))
        };
        let (load, cpu) = tokio::join!(loadgen::run(addr, target, spec), cpu);
        let load = load?;
        if load.non_2xx > 0 {
            bail!(
                "{}: {} responses were not 2xx (the first: {}); the numbers would be meaningless",
                kind.label(),
                load.non_2xx,
                load.first_failure.map_or("?".to_owned(), |s| s.to_string())
            );
        }
        eprintln!(
            "  {:.0} req/s, p50 {:?}, p99 {:?}",
            load.requests_per_second(),
            load.latency.quantile(0.5),
            load.latency.quantile(0.99)
        );
        outcomes.push(Outcome {
            kind,
            load,
            rss_peak_kib: rss.take_phase_peak(),
            cpu,
        });
    }
    Ok(outcomes)
}
