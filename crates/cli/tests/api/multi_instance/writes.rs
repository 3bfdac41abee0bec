//! Three instances on one database: concurrent writes to one case lose nothing, `If-Match`
//! conflicts are caught across instances, and the change feed followed on one misses nothing
//! written through the others.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use vorgaenge_client::Client;

use super::{clean_up, instance, names, services, store};

/// Every production case of the list as (number → (letzteAenderung, externeVorgangsNummer)),
/// following `next` from `since` (inclusive) in ascending order.
async fn feed(client: &Client, since: Option<&str>) -> Vec<(String, String, Option<String>)> {
    let mut url = format!(
        "{}/v2/vorgaenge?sort=aufsteigend&limit=50",
        client.base_url()
    );
    if let Some(since) = since {
        url.push_str("&aenderungSeit=");
        url.push_str(&vorgaenge_server::links::encode(since));
    }
    let mut out = Vec::new();
    loop {
        let page: Value = client.get_url(&url).await.unwrap();
        for item in page["vorgaenge"].as_array().unwrap() {
            out.push((
                item["vorgangsNummer"].as_str().unwrap().to_owned(),
                item["letzteAenderung"].as_str().unwrap().to_owned(),
                item["externeVorgangsNummer"].as_str().map(str::to_owned),
            ));
        }
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => url = next.to_owned(),
            None => return out,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_database_lose_nothing() {
    let Some((admin, pg_url, redis_url)) = services().await else {
        return;
    };
    let (schema, prefix) = names("lose_nothing");
    vorgaenge_cli::seed::seed(store(&pg_url, &schema, 4).await, 0, 1, false)
        .await
        .unwrap();
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(instance(&pg_url, &schema, &redis_url, &prefix).await);
    }
    let clients: Vec<Client> = instances.iter().map(|(_, c)| c.clone()).collect();
    let initial = feed(&clients[0], None).await;
    let nr = initial[0].0.clone();

    // 3 × 50 concurrent PATCHes of one case, through all three instances: all acknowledged,
    // each recorded by its own event.
    let patches = (0..150).map(|i| {
        let client = clients[i % 3].clone();
        let nr = nr.clone();
        async move {
            let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                              "value": format!("multi-{i}")}]);
            client.patch_vorgang(&nr, &ops, None).await.unwrap().1
        }
    });
    let written = futures::future::join_all(patches).await;
    assert!(written.iter().all(|w| w.status == 200));
    let events = clients[1].ereignisse(&nr).await.unwrap();
    let mut values: Vec<String> = events
        .iter()
        .filter_map(|e| e.meldung.as_deref())
        .filter_map(|m| m.strip_prefix("Externe Vorgangsnummer gesetzt: multi-"))
        .map(str::to_owned)
        .collect();
    values.sort();
    let mut expected: Vec<String> = (0..150).map(|i| i.to_string()).collect();
    expected.sort();
    assert_eq!(values, expected, "one event per acknowledged PATCH");
    let etags: std::collections::BTreeSet<_> = written.iter().map(|w| w.etag.clone()).collect();
    assert_eq!(etags.len(), 150, "every PATCH made a version of its own");

    // The same If-Match through all three instances at once: exactly one wins.
    let current = clients[2]
        .raw(reqwest::Method::GET, &format!("/v2/vorgaenge/{nr}"), &[])
        .await
        .unwrap();
    let tag = current.header("etag").unwrap().to_owned();
    let conflicting = (0..3).map(|i| {
        let client = clients[i].clone();
        let (nr, tag) = (nr.clone(), tag.clone());
        async move {
            let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                              "value": format!("if-match-{i}")}]);
            client
                .patch_vorgang(&nr, &ops, Some(&tag))
                .await
                .map(|_| 200)
                .unwrap_or_else(|e| e.status().unwrap())
        }
    });
    let mut statuses = futures::future::join_all(conflicting).await;
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 412, 412]);

    // Writers on the three instances, a reader on the first following the feed: the mirror
    // ends equal to the database.
    let numbers: Vec<String> = initial.iter().map(|(nr, _, _)| nr.clone()).collect();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let client = clients[w].clone();
            let numbers = numbers.clone();
            tokio::spawn(async move {
                for i in 0..60usize {
                    let nr = &numbers[(i * 7 + w * 31) % numbers.len()];
                    let ops = json!([{"op": "replace", "path": "/externeVorgangsNummer",
                                      "value": format!("feed-{w}-{i}")}]);
                    client.patch_vorgang(nr, &ops, None).await.unwrap();
                }
            })
        })
        .collect();
    let reader = clients[0].clone();
    let mut mirror: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    let mut newest: Option<String> = None;
    let mut apply = |items: Vec<(String, String, Option<String>)>, mirror: &mut BTreeMap<_, _>| {
        for (nr, changed, ext) in items {
            if newest.as_ref().is_none_or(|n| changed > *n) {
                newest = Some(changed.clone());
            }
            mirror.insert(nr, (changed, ext));
        }
        newest.clone()
    };
    let mut since = apply(feed(&reader, None).await, &mut mirror);
    while !writers.iter().all(|w| w.is_finished()) {
        since = apply(feed(&reader, since.as_deref()).await, &mut mirror);
    }
    for w in writers {
        w.await.unwrap();
    }
    apply(feed(&reader, since.as_deref()).await, &mut mirror);
    let truth: BTreeMap<String, (String, Option<String>)> = feed(&clients[2], None)
        .await
        .into_iter()
        .map(|(nr, changed, ext)| (nr, (changed, ext)))
        .collect();
    assert_eq!(mirror, truth);

    drop(instances);
    clean_up(&admin, &schema, &redis_url, &prefix).await;
}
