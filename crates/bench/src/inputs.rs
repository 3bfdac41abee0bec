//! What the scenarios request, collected over HTTP from the running server before any load:
//! access tokens from the token endpoint, random case numbers, the typical body sizes, the
//! two ways of reaching page 1000, and for the reassignment scenario the current
//! kundenBetreuer of some cases.

use std::collections::HashSet;
use std::net::SocketAddr;

use anyhow::{Context, bail, ensure};
use chrono::{DateTime, SecondsFormat, Utc};
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

use vorgaenge_demo::{DemoPartner, PartnerTyp, Role};
use vorgaenge_server::links::encode;

use crate::loadgen::Connection;
use crate::tokens;

/// Case numbers for the random-key scenario.
const SAMPLE_CASES: usize = 10_000;
/// Pages of 100 asked for them: ten times what a large database needs, so a small one
/// (where windows overlap) ends the search early instead of asking forever.
const SAMPLE_PAGES: usize = SAMPLE_CASES / 10;
/// Cases fetched to measure the mean case body.
const SIZE_SAMPLE: usize = 200;
/// Cases the kundenBetreuer scenario reassigns (the first of the random sample).
const REASSIGN_CASES: usize = 2_000;
/// `next` links followed to reach the deep page.
pub const DEEP_PAGE: u32 = 1000;
const KONTEXTE: [&str; 2] = ["ECHT_GESCHAEFT", "TEST_MODUS"];

#[derive(Debug, Clone)]
pub struct Inputs {
    /// Access token of the sales-organisation root (NOR00), which sees every case below it.
    pub root_token: String,
    /// Access token of a single advisor (BER11).
    pub advisor_token: String,
    /// Size of a token response of `POST /auth/token`.
    pub token_response_len: usize,
    /// `/v2/vorgaenge/<nr>` of random cases (all visible to the root).
    pub case_paths: Vec<String>,
    pub case_body_mean: usize,
    pub page0: String,
    /// Page 0 as the root sees it.
    pub page0_len: usize,
    /// Page 0 as the advisor sees it.
    pub advisor_page0_len: usize,
    /// Page 1000 as reached by following `next` (carries the keyset cursor).
    pub deep_cursor: String,
    /// `page=1000` without a cursor (an OFFSET in the store).
    pub deep_direct: String,
    /// Whether both deep URLs answered the same cases (they must, with no writes between).
    pub deep_pages_agree: bool,
    /// `/v2/vorgaenge/<nr>/kundenBetreuer` of random cases, each with the two advisors of its
    /// team to alternate between, the one it does not have now first.
    pub reassign: Vec<(String, [String; 2])>,
}

pub async fn collect(addr: SocketAddr, base: &str) -> anyhow::Result<Inputs> {
    let mut conn = Connection::open(addr).await?;
    let (root_token, token_response_len) = tokens::fetch(&mut conn, tokens::ROOT_CLIENT).await?;
    let (advisor_token, _) = tokens::fetch(&mut conn, tokens::ADVISOR_CLIENT).await?;

    let page0 = "/v2/vorgaenge?limit=10".to_owned();
    conn.set_bearer(&advisor_token)?;
    let advisor_page0 = conn.get(&page0, false).await?;
    ensure!(
        advisor_page0.status.is_success(),
        "GET {page0} as {}: {}",
        tokens::ADVISOR_CLIENT,
        advisor_page0.status
    );

    conn.set_bearer(&root_token)?;
    let case_paths = sample_cases(&mut conn).await?;

    let case_body_mean = mean_case_body(&mut conn, &case_paths).await?;

    let page0_len = conn.get(&page0, false).await?.len;
    let mut deep_cursor = page0.clone();
    for reached in 0..DEEP_PAGE {
        let page = get_json(&mut conn, &deep_cursor).await?;
        let next = page["_links"]["next"]["href"].as_str().with_context(|| {
            format!(
                "{deep_cursor} has no next link: the root's list ends at page {reached}, and the \
                 deep-page scenarios need page {DEEP_PAGE}; seed more cases (--cases, about \
                 25,000 at least)"
            )
        })?;
        deep_cursor = next
            .strip_prefix(base)
            .with_context(|| format!("next link {next} is not under {base}"))?
            .to_owned();
    }
    let deep_direct = format!("/v2/vorgaenge?limit=10&page={DEEP_PAGE}");
    let deep_pages_agree = numbers(&get_json(&mut conn, &deep_cursor).await?)
        == numbers(&get_json(&mut conn, &deep_direct).await?);
    let reassign = reassignments(&mut conn, &case_paths).await?;
    Ok(Inputs {
        root_token,
        advisor_token,
        token_response_len,
        case_paths,
        case_body_mean,
        page0,
        page0_len,
        advisor_page0_len: advisor_page0.len,
        deep_cursor,
        deep_direct,
        deep_pages_agree,
        reassign,
    })
}

/// What the PostgreSQL scenarios request, from the PostgreSQL server child: its own token
/// (each server signs with its own key), the SQLite run's case numbers (the schema holds the
/// same cases) and the body sizes as this server answers them, for its baselines.
#[derive(Debug, Clone)]
pub struct PostgresInputs {
    pub root_token: String,
    pub case_paths: Vec<String>,
    pub case_body_mean: usize,
    /// `/v2/vorgaenge?limit=10`, the sales-organisation root's first page.
    pub page0: String,
    pub page0_len: usize,
}

pub async fn collect_postgres(
    addr: SocketAddr,
    case_paths: &[String],
) -> anyhow::Result<PostgresInputs> {
    let mut conn = Connection::open(addr).await?;
    let (root_token, _) = tokens::fetch(&mut conn, tokens::ROOT_CLIENT).await?;
    conn.set_bearer(&root_token)?;
    let case_body_mean = mean_case_body(&mut conn, case_paths).await?;
    let page0 = "/v2/vorgaenge?limit=10".to_owned();
    let answer = conn.get(&page0, false).await?;
    ensure!(answer.status.is_success(), "GET {page0}: {}", answer.status);
    Ok(PostgresInputs {
        root_token,
        case_paths: case_paths.to_vec(),
        case_body_mean,
        page0,
        page0_len: answer.len,
    })
}

/// The mean body of GET case over the first [`SIZE_SAMPLE`] of `case_paths`.
async fn mean_case_body(conn: &mut Connection, case_paths: &[String]) -> anyhow::Result<usize> {
    let mut total = 0;
    let sample = &case_paths[..SIZE_SAMPLE.min(case_paths.len())];
    ensure!(!sample.is_empty(), "no case to measure the body of");
    for path in sample {
        let answer = conn.get(path, false).await?;
        ensure!(answer.status.is_success(), "GET {path}: {}", answer.status);
        total += answer.len;
    }
    Ok(total / sample.len())
}

/// For up to [`REASSIGN_CASES`] of `case_paths`: the kundenBetreuer path and the pair of
/// advisors to alternate between (see [`advisor_pair`]). Cases without a kundenBetreuer or
/// whose team has no such pair are left out.
async fn reassignments(
    conn: &mut Connection,
    case_paths: &[String],
) -> anyhow::Result<Vec<(String, [String; 2])>> {
    let partners = vorgaenge_demo::partners();
    let caller = tokens::partner_of(tokens::ROOT_CLIENT)?;
    let mut out = Vec::new();
    for case in case_paths.iter().take(REASSIGN_CASES) {
        let path = format!("{case}/kundenBetreuer");
        let answer = conn.get(&path, true).await?;
        if answer.status == hyper::StatusCode::NOT_FOUND {
            continue; // no kundenBetreuer
        }
        ensure!(answer.status.is_success(), "GET {path}: {}", answer.status);
        let body: Value = serde_json::from_slice(&answer.body)
            .with_context(|| format!("GET {path}: not JSON"))?;
        let current = body["partnerId"]
            .as_str()
            .with_context(|| format!("GET {path}: no partnerId"))?;
        if let Some(pair) = advisor_pair(&partners, current, caller) {
            out.push((path, pair.map(str::to_owned)));
        }
    }
    ensure!(
        !out.is_empty(),
        "none of the sampled cases has a kundenBetreuer with a team of two advisors"
    );
    Ok(out)
}

/// Two advisors (persons allowed production data) of the team of `current` that `caller`
/// covers, the one other than `current` first, so that alternating between them changes the
/// case with every request, including the first. The case stays in the team, hence visible
/// to everyone who saw it through the team or above; `None` if `caller` does not cover the
/// team or it has fewer than two advisors.
pub fn advisor_pair(
    partners: &[DemoPartner],
    current: &str,
    caller: &str,
) -> Option<[&'static str; 2]> {
    let parent = |id: &str| partners.iter().find(|p| p.id == id).and_then(|p| p.parent);
    let team = parent(current)?;
    let mut above = Some(team);
    while above != Some(caller) {
        above = parent(above?);
    }
    let mut advisors = partners.iter().filter(|p| {
        p.parent == Some(team)
            && p.role == Role::Advisor
            && p.typ == PartnerTyp::Person
            && p.echtgeschaeft
    });
    let (a, b) = (advisors.next()?.id, advisors.next()?.id);
    Some(if current == a { [b, a] } else { [a, b] })
}

/// Case numbers spread over the whole table without deep OFFSETs: pages of 100 ending at
/// random instants between the oldest and the newest change (`aenderungBis`), alternating
/// the two data contexts. The spread follows the change times, which is random enough to
/// defeat caching; it is not exactly uniform per case.
async fn sample_cases(conn: &mut Connection) -> anyhow::Result<Vec<String>> {
    let mut rng = SmallRng::seed_from_u64(7);
    let mut spans = Vec::new();
    for kontext in KONTEXTE {
        let list = |sort: &str| format!("/v2/vorgaenge?datenKontext={kontext}&sort={sort}&limit=1");
        let (Some(newest), Some(oldest)) = (
            first_change(&get_json(conn, &list("absteigend")).await?),
            first_change(&get_json(conn, &list("aufsteigend")).await?),
        ) else {
            continue; // an empty context
        };
        spans.push((kontext, oldest, newest));
    }
    ensure!(!spans.is_empty(), "the database lists no cases");

    let mut seen = HashSet::new();
    let mut paths = Vec::with_capacity(SAMPLE_CASES);
    for attempt in 0..SAMPLE_PAGES {
        if paths.len() >= SAMPLE_CASES {
            break;
        }
        let (kontext, oldest, newest) = spans[attempt % spans.len()];
        let span = (newest - oldest)
            .num_microseconds()
            .unwrap_or(i64::MAX)
            .max(1);
        let until = oldest
            + chrono::Duration::microseconds(rng.random_range(0..=span))
            + chrono::Duration::seconds(1);
        let path = format!(
            "/v2/vorgaenge?datenKontext={kontext}&aenderungBis={}&limit=100",
            until.to_rfc3339_opts(SecondsFormat::Millis, true)
        );
        for nr in numbers(&get_json(conn, &path).await?) {
            if paths.len() < SAMPLE_CASES && seen.insert(nr.clone()) {
                paths.push(format!("/v2/vorgaenge/{}", encode(&nr)));
            }
        }
    }
    ensure!(!paths.is_empty(), "found no case to request");
    if paths.len() < SAMPLE_CASES {
        eprintln!(
            "  only {} distinct cases found; the random-key scenario repeats them",
            paths.len()
        );
    }
    Ok(paths)
}

async fn get_json(conn: &mut Connection, path: &str) -> anyhow::Result<Value> {
    let answer = conn.get(path, true).await?;
    if !answer.status.is_success() {
        bail!(
            "GET {path}: {} {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
    }
    serde_json::from_slice(&answer.body).with_context(|| format!("GET {path}: not JSON"))
}

fn numbers(page: &Value) -> Vec<String> {
    page["vorgaenge"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["vorgangsNummer"].as_str().map(str::to_owned))
        .collect()
}

fn first_change(page: &Value) -> Option<DateTime<Utc>> {
    let text = page["vorgaenge"].get(0)?["letzteAenderung"].as_str()?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_advisors_of_the_same_team() {
        let partners = vorgaenge_demo::partners();
        let pair = |current| advisor_pair(&partners, current, "NOR00");
        assert_eq!(pair("BER11"), Some(["BER12", "BER11"]));
        assert_eq!(pair("BER12"), Some(["BER11", "BER12"]));
        // The editor and the trainee are not advisors to assign, but their team has two.
        assert_eq!(pair("BER15"), Some(["BER11", "BER12"]));
        assert_eq!(pair("HAM29"), Some(["HAM21", "HAM22"]));
        assert_eq!(pair("HAM22"), Some(["HAM21", "HAM22"]));
        // Not covered by NOR00, or a single advisor only.
        assert_eq!(pair("SUE31"), None);
        assert_eq!(advisor_pair(&partners, "BER11", "NHH20"), None);
        assert_eq!(
            advisor_pair(&partners, "BER11", "NBE10"),
            Some(["BER12", "BER11"])
        );
        assert_eq!(pair("XYZ99"), None);
    }
}
