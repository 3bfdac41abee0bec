//! `vorgaenge seed` and the demo world of `serve --demo`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use indicatif::{ProgressBar, ProgressStyle};
use vorgaenge_demo::{CaseGenerator, DEMO_CASES, DEMO_SEED, GeneratedCase};
use vorgaenge_server::auth::secrets::hash_secret;
use vorgaenge_store::{
    ClientRecord, GrantRecord, NewCase, PartnerRecord, Store, StoredAngebot, StoredVorschlag,
    Timestamp, document,
};

/// Cases per transaction: large enough to amortise the commit, small enough to keep memory
/// flat.
const BATCH: u64 = 2_000;

/// What a seed run wrote.
#[derive(Debug, Clone)]
pub struct SeedReport {
    pub partners: usize,
    pub cases: u64,
    pub elapsed: Duration,
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        write!(
            f,
            "seeded {} partners and {} cases in {:.1} s ({:.0} cases/s)",
            self.partners,
            self.cases,
            secs,
            self.cases as f64 / secs
        )
    }
}

/// Writes the demo world (partners, grants, its cases) plus `extra` generated cases of
/// `seed`. Deterministic: the same arguments always write the same data, and running twice
/// upserts the same cases.
pub async fn seed(
    store: Arc<dyn Store>,
    extra: u64,
    seed: u64,
    progress: bool,
) -> anyhow::Result<SeedReport> {
    let started = Instant::now();
    let (partners, grants) = demo_partners();
    let partner_count = partners.len();
    store.put_partners(partners, grants).await?;
    for client in demo_clients() {
        store.put_client(client).await?;
    }

    let total = DEMO_CASES + extra;
    let bar = if progress {
        ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} cases  {per_sec}  eta {eta}")
                .expect("valid template"),
        )
    } else {
        ProgressBar::hidden()
    };

    // Generation is CPU-bound and parallel; writing is one transaction at a time. Batches
    // travel through a small channel so memory stays bounded.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<NewCase>>(4);
    let demo = Arc::new(CaseGenerator::new(DEMO_SEED));
    let generated = Arc::new(CaseGenerator::new(seed));
    let batches = total.div_ceil(BATCH);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let mut handles = Vec::new();
    for worker in 0..workers {
        let tx = tx.clone();
        let (demo, generated) = (demo.clone(), generated.clone());
        handles.push(std::thread::spawn(move || {
            for batch in (worker..batches).step_by(workers as usize) {
                let range = batch * BATCH..((batch + 1) * BATCH).min(total);
                let cases = range
                    .map(|i| {
                        let generator = if i < DEMO_CASES { &demo } else { &generated };
                        new_case(generator.case(i))
                    })
                    .collect::<Result<Vec<_>, _>>();
                let Ok(cases) = cases else {
                    return cases.map(|_| ());
                };
                if tx.blocking_send(cases).is_err() {
                    break; // the writer stopped on an error; it reports it
                }
            }
            Ok(())
        }));
    }
    drop(tx);
    let mut written = 0;
    while let Some(batch) = rx.recv().await {
        let n = batch.len() as u64;
        store.upsert_cases(batch).await?;
        written += n;
        bar.inc(n);
    }
    for handle in handles {
        handle
            .join()
            .map_err(|_| anyhow::anyhow!("a generator thread panicked"))??;
    }
    bar.finish_and_clear();
    Ok(SeedReport {
        partners: partner_count,
        cases: written,
        elapsed: started.elapsed(),
    })
}

/// Adds the demo partners, grants and clients a database lacks (one made before clients
/// existed, say), leaving those it has alone so that admin changes to them survive.
/// Returns how many partners and clients were added.
pub async fn add_missing_demo_access(store: &dyn Store) -> anyhow::Result<usize> {
    let (partners, grants) = demo_partners();
    let mut missing = Vec::new();
    for partner in partners {
        if store.partner(&partner.id).await?.is_none() {
            missing.push(partner);
        }
    }
    let mut added = missing.len();
    if !missing.is_empty() {
        store.put_partners(missing, grants).await?;
    }
    for client in demo_clients() {
        if store.client(&client.client_id).await?.is_none() {
            store.put_client(client).await?;
            added += 1;
        }
    }
    Ok(added)
}

/// The demo world's clients as store records (secrets hashed like any other).
pub fn demo_clients() -> Vec<ClientRecord> {
    vorgaenge_demo::clients()
        .into_iter()
        .map(|c| ClientRecord {
            client_id: c.client_id.to_owned(),
            partner_id: c.partner_id.to_owned(),
            scopes: c.scopes.iter().map(|s| (*s).to_owned()).collect(),
            secret_hash: hash_secret(c.client_secret),
            disabled: false,
            created_at: Timestamp(0),
        })
        .collect()
}

/// The demo partner tree and its grants as store records.
pub fn demo_partners() -> (Vec<PartnerRecord>, Vec<GrantRecord>) {
    let partners = vorgaenge_demo::partners()
        .into_iter()
        .map(|p| PartnerRecord {
            id: p.id.to_owned(),
            typ: p.typ.as_str().to_owned(),
            parent: p.parent.map(str::to_owned),
            gesperrt: false,
            echtgeschaeft: p.echtgeschaeft,
            kreditsachbearbeiter: false,
            profile: Bytes::from(serde_json::to_vec(&p.profile).expect("serialises")),
        })
        .collect();
    let grants = vorgaenge_demo::grants()
        .into_iter()
        .map(|g| GrantRecord {
            holder: g.holder.to_owned(),
            target: g.target.to_owned(),
        })
        .collect();
    (partners, grants)
}

/// A generated case as a store write, with its historical change time and sub-resources.
pub fn new_case(case: GeneratedCase) -> Result<NewCase, anyhow::Error> {
    let mut new = document::encode(case.vorgang)
        .map_err(|e| anyhow::anyhow!("generated case {}: {e}", case.vorgangs_nummer))?;
    new.letzte_aenderung = Some(Timestamp::from(case.letzte_aenderung));
    new.finanzierungsvorschlaege = Some(
        case.finanzierungsvorschlaege
            .into_iter()
            .map(|v| StoredVorschlag {
                id: v
                    .get("id")
                    .and_then(|id| id.as_str())
                    .unwrap_or_default()
                    .to_owned(),
                document: Bytes::from(serde_json::to_vec(&v).expect("serialises")),
            })
            .collect(),
    );
    new.gemerkte_angebote = Some(
        case.gemerkte_angebote
            .into_iter()
            .map(|a| StoredAngebot {
                nummer_am_vorgang: a.nummer_am_vorgang,
                angebot: Bytes::from(serde_json::to_vec(&a.angebot).expect("serialises")),
                zahlungsplaene: Bytes::from(
                    serde_json::to_vec(&a.zahlungsplaene).expect("serialises"),
                ),
            })
            .collect(),
    );
    Ok(new)
}
