//! GET /metrics: the server's own counts in Prometheus' text format, without a token.

use crate::support::{AUDITOR_CLIENT, demo_case, spawn_demo};

/// The value of the sample whose name and labels start with `prefix`.
fn sample(text: &str, prefix: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_status_and_token_outcome() {
    let app = spawn_demo().await;
    let nr = &demo_case(|_| true).vorgangs_nummer;
    for _ in 0..3 {
        assert_eq!(app.get(&format!("/v2/vorgaenge/{nr}")).await.status, 200);
    }
    assert_eq!(app.get("/v2/vorgaenge/ZZ9999").await.status, 404);
    assert_eq!(app.get("/gibt/es/nicht").await.status, 404);
    let refused = app
        .anonymous
        .request_token("demo-advisor", "falsch", &[])
        .await
        .unwrap();
    assert!(refused.is_err());

    let response = app
        .anonymous
        .raw(reqwest::Method::GET, "/metrics", &[])
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain; version=0.0.4")),
        "{:?}",
        response.header("content-type")
    );
    let text = String::from_utf8(response.body.to_vec()).unwrap();
    let requests = |route: &str, status: u16| {
        sample(
            &text,
            &format!(
                r#"vorgaenge_http_requests_total{{route="{route}",method="GET",status="{status}"}}"#
            ),
        )
    };
    // The template, not the path: three found and one missing case are one route.
    assert_eq!(
        requests("/v2/vorgaenge/{vorgangsNummer}", 200),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        requests("/v2/vorgaenge/{vorgangsNummer}", 404),
        Some(1.0),
        "{text}"
    );
    assert_eq!(requests("unmatched", 404), Some(1.0), "{text}");
    assert!(
        !text.contains(nr.as_str()),
        "no case number becomes a label"
    );
    assert_eq!(
        sample(
            &text,
            r#"vorgaenge_http_request_duration_seconds_count{route="/v2/vorgaenge/{vorgangsNummer}",method="GET"}"#
        ),
        Some(4.0),
        "{text}"
    );
    assert!(text.contains(r#"vorgaenge_http_request_duration_seconds_bucket{route="/v2/vorgaenge/{vorgangsNummer}",method="GET",le="0.001"}"#));
    assert_eq!(
        sample(
            &text,
            &format!(r#"vorgaenge_tokens_issued_total{{client_id="{AUDITOR_CLIENT}"}}"#)
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"vorgaenge_tokens_refused_total{error="invalid_client"}"#
        ),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn rate_limited_requests_are_counted() {
    let app = crate::support::spawn_demo_with(|config| config.rate_limit_per_minute = 2).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(app.get("/v2/vorgaenge?limit=1").await.status);
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(limited >= 2, "{statuses:?}");
    let text = app
        .anonymous
        .raw(reqwest::Method::GET, "/metrics", &[])
        .await
        .unwrap();
    let text = String::from_utf8(text.body.to_vec()).unwrap();
    let counted = sample(&text, "vorgaenge_rate_limit_rejections_total");
    assert_eq!(counted, Some(limited as f64), "{text}");
}

#[tokio::test]
async fn metrics_show_how_busy_the_database_connections_are() {
    let app = spawn_demo().await;
    let nr = &demo_case(|_| true).vorgangs_nummer;
    assert_eq!(app.get(&format!("/v2/vorgaenge/{nr}")).await.status, 200);
    let text = String::from_utf8(
        app.anonymous
            .raw(reqwest::Method::GET, "/metrics", &[])
            .await
            .unwrap()
            .body
            .to_vec(),
    )
    .unwrap();
    // Each backend names its own sets (readers and writer, or pool and shared readers).
    let open: f64 = text
        .lines()
        .filter(|l| l.starts_with("vorgaenge_db_connections{pool="))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum();
    assert!(open > 0.0, "{text}");
    assert!(text.contains("vorgaenge_db_waiting{pool="), "{text}");
    assert!(
        text.contains("vorgaenge_db_connections_busy{pool="),
        "{text}"
    );
}
