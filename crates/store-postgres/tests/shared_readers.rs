//! The connections shared by reads: many concurrent reads on few connections answer what
//! was written, and a connection that PostgreSQL drops is replaced.

mod common;

use vorgaenge_store::{DatenKontext, ListQuery, ListStart, NewCase, SortOrder, Store};

fn case(nr: &str, betreuer: &str) -> NewCase {
    let padding = "x".repeat(64);
    common::case(
        nr,
        betreuer,
        format!(r#"{{"vorgangsNummer":"{nr}","n":"{padding}"}}"#),
    )
}

fn numbers(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i:05}")).collect()
}

/// Ends the backends of this schema's shared read connections, as a server restart or an
/// idle timeout would; returns how many there were.
async fn terminate_readers(schema: &common::Schema) -> i64 {
    let (client, connection) = tokio_postgres::connect(&schema.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    let driver = tokio::spawn(connection);
    let row = client
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
             WHERE application_name = $1",
            &[&format!("vorgaenge reads in {}", schema.name)],
        )
        .await
        .unwrap();
    drop(client);
    let _ = driver.await;
    row.get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_share_few_connections() {
    let schema = common::Schema::new();
    let store = schema.connect_sharing(4, 2).await;
    let nrs = numbers(200);
    let betreuer = ["BER11", "BER12", "HAM21", "HAM22"];
    store
        .upsert_cases(
            nrs.iter()
                .enumerate()
                .map(|(i, nr)| case(nr, betreuer[i % 4]))
                .collect(),
        )
        .await
        .unwrap();

    // 200 case reads and 40 lists at once, on the two shared connections: every answer is
    // the one for its own question.
    let reads = nrs.iter().map(|nr| {
        let store = &store;
        async move {
            let got = store.case(nr).await.unwrap().expect("written");
            assert_eq!(&got.meta.vorgangs_nummer, nr);
            assert!(
                got.document
                    .starts_with(format!(r#"{{"vorgangsNummer":"{nr}""#).as_bytes())
            );
        }
    });
    let lists = (0..40).map(|i| {
        let store = &store;
        let partner = betreuer[i % 4];
        async move {
            let page = store
                .list(&ListQuery {
                    daten_kontext: DatenKontext::EchtGeschaeft,
                    since: None,
                    until: None,
                    order: SortOrder::Ascending,
                    limit: 100,
                    start: ListStart::Offset(0),
                    partners: Some(vec![partner.to_owned()].into()),
                })
                .await
                .unwrap();
            assert_eq!(page.items.len(), 50);
            assert!(
                page.items
                    .iter()
                    .all(|m| m.kunden_betreuer.as_deref() == Some(partner))
            );
        }
    });
    tokio::join!(
        futures::future::join_all(reads),
        futures::future::join_all(lists)
    );
    assert_eq!(
        terminate_readers(&schema).await,
        2,
        "two shared connections"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_read_connection_is_replaced() {
    let schema = common::Schema::new();
    let store = schema.connect(2).await;
    store
        .upsert_cases(vec![case("R00001", "BER11")])
        .await
        .unwrap();
    for _ in 0..4 {
        assert!(store.case("R00001").await.unwrap().is_some());
    }
    assert_eq!(terminate_readers(&schema).await, 1, "one shared connection");

    // A read may still meet a connection before its driver noticed the end; after that, the
    // slot reconnects and every read answers again.
    let mut failures = 0;
    for _ in 0..20 {
        match store.case("R00001").await {
            Ok(found) => assert!(found.is_some()),
            Err(_) => failures += 1,
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert!(failures <= 2, "{failures} reads failed after the reconnect");
    for _ in 0..10 {
        assert!(store.case("R00001").await.unwrap().is_some());
        assert!(store.directory_version().await.unwrap() >= 0);
    }
}
