//! The API reference for browsers: `/` leads to `/docs`, a page of our own that loads Scalar's
//! script from this server (never from a CDN) and the document from `/openapi.json`. No token,
//! no rate limit. (In a real browser: `tests/browser/`.)

use vorgaenge_client::{Client, RawResponse};

use crate::support::spawn_demo_with;

/// An anonymous client that reports redirects instead of following them.
fn not_following(base: &str) -> Client {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Client::with_http(base, http)
}

async fn get(client: &Client, path: &str, headers: &[(&str, &str)]) -> RawResponse {
    client
        .raw(reqwest::Method::GET, path, headers)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_root_leads_to_the_docs_page() {
    let app = crate::support::spawn_demo().await;
    let root = get(&not_following(&app.base), "/", &[]).await;
    assert!(matches!(root.status, 307 | 308), "{}", root.status);
    assert_eq!(root.header("location"), Some("/docs"));
}

#[tokio::test]
async fn the_page_loads_the_reference_from_this_server_only() {
    // A budget of one request a minute: the page and its script must not draw on any.
    let app = spawn_demo_with(|config| config.rate_limit_per_minute = 1).await;
    for _ in 0..3 {
        let page = get(&app.anonymous, "/docs", &[]).await;
        assert_eq!(page.status, 200);
        assert!(page.header("ratelimit-limit").is_none());
        assert!(
            page.header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{:?}",
            page.header("content-type")
        );
        let html = std::str::from_utf8(&page.body).unwrap();
        assert!(html.contains(r#"<script src="/docs/scalar.js">"#), "{html}");
        assert!(html.contains("'/openapi.json'"), "{html}");
        assert!(html.contains("/auth/token"), "{html}");
        // No absolute URL at all, so none of a CDN: the page works offline.
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn the_page_offers_every_demo_client() {
    let app = crate::support::spawn_demo().await;
    let page = get(&app.anonymous, "/docs", &[]).await;
    let html = std::str::from_utf8(&page.body).unwrap();
    for demo in vorgaenge_demo::clients() {
        let credentials = format!("{}:{}", demo.client_id, demo.client_secret);
        assert!(html.contains(&credentials), "{credentials} missing");
    }
}

#[tokio::test]
async fn the_script_is_served_from_the_binary_with_a_cache_header() {
    let app = spawn_demo_with(|config| config.rate_limit_per_minute = 1).await;
    let script = get(&app.anonymous, "/docs/scalar.js", &[]).await;
    assert_eq!(script.status, 200);
    let content_type = script.header("content-type").unwrap();
    assert!(
        content_type.starts_with("text/javascript")
            || content_type.starts_with("application/javascript"),
        "{content_type}"
    );
    assert!(
        script.header("cache-control").unwrap().contains("max-age="),
        "{:?}",
        script.header("cache-control")
    );
    assert!(script.body.len() > 100_000, "{} bytes", script.body.len());
    assert!(
        std::str::from_utf8(&script.body)
            .unwrap()
            .contains("createApiReference")
    );
    assert!(script.header("ratelimit-limit").is_none());

    // The browser's copy stays current until the crate brings another script.
    let etag = script.header("etag").unwrap();
    let again = get(
        &app.anonymous,
        "/docs/scalar.js",
        &[("if-none-match", etag)],
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
}
