//! The change feed: a client that keeps listing with `sort=aufsteigend&aenderungSeit=<newest
//! letzteAenderung seen>` and follows `next` never misses a committed change, and sees each
//! change once (only the boundary entry, equal to `aenderungSeit`, comes again, because the
//! bound is inclusive), while other requests write concurrently.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};
use vorgaenge_client::Client;
use vorgaenge_model::Vorgaenge;

use crate::support::{TestApp, spawn_demo_with};

/// What the mirror keeps of a case: the fields a CRM would copy from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    letzte_aenderung: String,
    externe_vorgangs_nummer: Option<String>,
    letztes_ereignis: Option<String>,
}

/// A CRM mirror fed by the list.
#[derive(Default)]
struct Mirror {
    cases: BTreeMap<String, Entry>,
    /// The newest letzteAenderung seen (the text the server wrote; fixed width, so text order
    /// is time order).
    newest: Option<String>,
    polls: usize,
    applied: usize,
}

impl Mirror {
    /// One poll: the list from the newest change seen, every page.
    async fn poll(&mut self, client: &Client) {
        let since = self.newest.clone();
        let mut url = format!(
            "{}/v2/vorgaenge?datenKontext=ECHT_GESCHAEFT&sort=aufsteigend&limit=7",
            client.base_url()
        );
        if let Some(since) = &since {
            url.push_str("&aenderungSeit=");
            url.push_str(&vorgaenge_server::links::encode(since));
        }
        let mut seen_this_poll: HashMap<String, String> = HashMap::new();
        loop {
            // Decoded as the contract's type first, so that a stray field fails here.
            let page: Value = client.get_url(&url).await.unwrap();
            let _: Vorgaenge = serde_json::from_value(page.clone()).unwrap();
            let text = |v: &Value| v.as_str().map(str::to_owned);
            for item in page["vorgaenge"].as_array().unwrap() {
                let nr = text(&item["vorgangsNummer"]).unwrap();
                let entry = Entry {
                    letzte_aenderung: text(&item["letzteAenderung"]).unwrap(),
                    externe_vorgangs_nummer: text(&item["externeVorgangsNummer"]),
                    letztes_ereignis: text(&item["letztesEreignis"]),
                };
                // A case changed while we page comes again further on, with its new change;
                // the same change never comes twice within a poll.
                assert_ne!(
                    seen_this_poll.insert(nr.clone(), entry.letzte_aenderung.clone()),
                    Some(entry.letzte_aenderung.clone()),
                    "{nr}: one change twice in one poll"
                );
                if let Some(old) = self.cases.get(&nr) {
                    assert!(
                        entry.letzte_aenderung >= old.letzte_aenderung,
                        "{nr} went back in time: {old:?} then {entry:?}"
                    );
                    if entry.letzte_aenderung == old.letzte_aenderung {
                        // The same change again: only allowed on the inclusive bound.
                        assert_eq!(
                            Some(&entry.letzte_aenderung),
                            since.as_ref(),
                            "{nr}: change seen twice away from the boundary"
                        );
                        assert_eq!(&entry, old);
                        continue;
                    }
                }
                if self
                    .newest
                    .as_ref()
                    .is_none_or(|n| entry.letzte_aenderung > *n)
                {
                    self.newest = Some(entry.letzte_aenderung.clone());
                }
                self.cases.insert(nr, entry);
                self.applied += 1;
            }
            match text(&page["_links"]["next"]["href"]) {
                Some(next) => url = next,
                None => break,
            }
        }
        self.polls += 1;
    }
}

/// The production cases as the database holds them now, in the mirror's terms.
async fn truth(app: &TestApp) -> BTreeMap<String, Entry> {
    let mut all = Mirror::default();
    all.poll(&app.client).await;
    all.cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_polling_client_misses_no_change_under_concurrent_writes() {
    // Thousands of requests in seconds: far beyond the default budget of 2000 per minute.
    let app = spawn_demo_with(|c| c.rate_limit_per_minute = 1_000_000).await;
    let initial = truth(&app).await;
    let numbers: Vec<String> = initial.keys().cloned().collect();
    assert!(
        numbers.len() > 50,
        "enough production cases to spread writes"
    );

    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let client = app.client.clone();
            let numbers = numbers.clone();
            tokio::spawn(async move {
                let mut acknowledged = 0;
                for i in 0..400usize {
                    // A cheap deterministic spread over the cases, different per writer.
                    let nr = &numbers[(i * 37 + w * 101) % numbers.len()];
                    if i % 5 == 4 {
                        client
                            .add_nachricht(nr, &format!("w{w}-{i}"))
                            .await
                            .unwrap();
                    } else {
                        let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                                          "value": format!("w{w}-{i}")}]);
                        client.patch_vorgang(nr, &ops, None).await.unwrap();
                    }
                    acknowledged += 1;
                }
                acknowledged
            })
        })
        .collect();

    let syncer = {
        let client = app.client.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let mut mirror = Mirror::default();
            while !done.load(Ordering::Acquire) {
                mirror.poll(&client).await;
            }
            // Every write is acknowledged now: one more poll must bring the mirror up to date.
            mirror.poll(&client).await;
            mirror
        })
    };

    let mut acknowledged = 0;
    for w in writers {
        acknowledged += w.await.unwrap();
    }
    done.store(true, Ordering::Release);
    let mirror = syncer.await.unwrap();

    let truth = truth(&app).await;
    assert_eq!(acknowledged, 1600);
    assert!(mirror.polls > 5, "the syncer polled while writes ran");
    assert_eq!(mirror.cases.len(), truth.len());
    for (nr, entry) in &truth {
        assert_eq!(mirror.cases.get(nr), Some(entry), "mirror of {nr}");
    }
    // Each of the 1600 writes changed a case, so the mirror applied at least one entry per
    // case changed, and never more entries than there were changes plus the initial state.
    let changed = truth
        .iter()
        .filter(|(nr, e)| initial.get(*nr) != Some(e))
        .count();
    assert!(changed > 50);
    assert!(mirror.applied <= initial.len() + 1600);
}
