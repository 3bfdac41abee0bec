//! GET /v2/vorgaenge across pages: `next` and `prev` links, a page past the end, a cursor
//! built by the client, and the entity tag of a page.

use serde_json::Value;

use super::{expected, micros, numbers};
use crate::support::spawn_demo;

#[tokio::test]
async fn next_and_prev_links_walk_the_whole_list() {
    let app = spawn_demo().await;
    for sort in ["absteigend", "aufsteigend"] {
        let all = expected("ECHT_GESCHAEFT", sort == "aufsteigend", |_| true);
        let mut pages: Vec<Value> = Vec::new();
        let mut href = format!("{}/v2/vorgaenge?sort={sort}&limit=7", app.base);
        loop {
            let page: Value = app.client.get_url::<Value>(&href).await.unwrap();
            let index = pages.len();
            let self_href = page["_links"]["self"]["href"].as_str().unwrap();
            assert!(
                self_href.contains(&format!("sort={sort}&page={index}&limit=7")),
                "{self_href}"
            );
            assert_eq!(
                page["_links"].get("prev").is_some(),
                index > 0,
                "prev only after page 0"
            );
            let next = page["_links"]
                .get("next")
                .map(|n| n["href"].as_str().unwrap().to_owned());
            pages.push(page);
            match next {
                Some(next) => href = next,
                None => break,
            }
        }
        let walked: Vec<String> = pages.iter().flat_map(numbers).collect();
        assert_eq!(
            walked, all,
            "{sort}: following next visits every case once, in order"
        );
        assert_eq!(
            pages.len(),
            all.len().div_ceil(7),
            "no next on the last page"
        );

        // Direct page numbers give the same pages.
        let third = app
            .get(&format!("/v2/vorgaenge?sort={sort}&limit=7&page=2"))
            .await
            .json();
        assert_eq!(numbers(&third), numbers(&pages[2]));

        // And prev links lead back through the same pages.
        let mut index = pages.len() - 1;
        let mut page = pages[index].clone();
        while let Some(prev) = page["_links"].get("prev") {
            let href = prev["href"].as_str().unwrap().to_owned();
            page = app.client.get_url::<Value>(&href).await.unwrap();
            index -= 1;
            assert_eq!(
                numbers(&page),
                numbers(&pages[index]),
                "{sort}: prev to page {index}"
            );
            assert!(page["_links"].get("next").is_some());
        }
        assert_eq!(index, 0, "prev links end at page 0");
    }
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_a_prev_link() {
    let app = spawn_demo().await;
    let page = app.get("/v2/vorgaenge?page=1000&limit=100").await.json();
    assert!(numbers(&page).is_empty());
    assert!(page["_links"].get("next").is_none());
    assert!(
        page["_links"]["prev"]["href"]
            .as_str()
            .unwrap()
            .contains("page=999&limit=100")
    );
}

#[tokio::test]
async fn an_unchanged_page_answers_304_and_a_changed_one_a_new_tag() {
    let app = spawn_demo().await;
    let path = "/v2/vorgaenge?sort=aufsteigend&limit=5";
    let first = app.get(path).await;
    let tag = first.header("etag").unwrap().to_owned();
    assert!(tag.starts_with("W/\""), "{tag}");
    let again = app.request("GET", path, &[("if-none-match", &tag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.as_str()));

    // A change to a case on the page changes the page's tag.
    let nr = numbers(&first.json())[0].clone();
    let ops =
        serde_json::json!([{"op": "replace", "path": "/externeVorgangsNummer", "value": "neu"}]);
    app.client.patch_vorgang(&nr, &ops, None).await.unwrap();
    let changed = app.request("GET", path, &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag"), Some(tag.as_str()));
}

#[tokio::test]
async fn a_cursor_built_by_the_client_resumes_where_it_names() {
    // A cursor is a position (change time, case number), not a ticket: one built from the
    // last item a client has seen continues the list exactly as the `next` link does.
    let app = spawn_demo().await;
    let first = app
        .get("/v2/vorgaenge?sort=aufsteigend&limit=5")
        .await
        .json();
    let last = &first["vorgaenge"][4];
    let cursor = format!(
        "n.{}.{}",
        micros(last["letzteAenderung"].as_str().unwrap()),
        last["vorgangsNummer"].as_str().unwrap()
    );
    let built = app
        .get(&format!(
            "/v2/vorgaenge?sort=aufsteigend&limit=5&page=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(built.status, 200);
    let next = first["_links"]["next"]["href"].as_str().unwrap();
    let followed = app.get(next.strip_prefix(app.base.as_str()).unwrap()).await;
    assert_eq!(numbers(&built.json()), numbers(&followed.json()));
    let all = expected("ECHT_GESCHAEFT", true, |_| true);
    assert_eq!(numbers(&followed.json()), all[5..10]);
}
