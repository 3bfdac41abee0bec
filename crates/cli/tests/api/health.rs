//! GET /health/live and /health/ready: no token, no rate limit, a small JSON body. (Ready
//! with Redis, reachable or not: `rate_limit::redis`.)

use crate::support::spawn_demo_with;

#[tokio::test]
async fn live_and_ready_answer_without_a_token_and_outside_the_rate_limit() {
    // A budget of one request a minute: the health checks must not draw on any.
    let app = spawn_demo_with(|config| config.rate_limit_per_minute = 1).await;
    for _ in 0..5 {
        let live = app
            .anonymous
            .raw(reqwest::Method::GET, "/health/live", &[])
            .await
            .unwrap();
        assert_eq!(live.status, 200);
        assert_eq!(live.json(), serde_json::json!({ "status": "UP" }));
        assert_eq!(live.header("cache-control"), Some("no-store"));
        assert!(live.header("ratelimit-limit").is_none());

        let ready = app
            .anonymous
            .raw(reqwest::Method::GET, "/health/ready", &[])
            .await
            .unwrap();
        assert_eq!(ready.status, 200, "{:?}", ready.json());
        let body = ready.json();
        assert_eq!(body["status"], "UP");
        let database = &body["checks"]["database"];
        assert_eq!(database["status"], "UP");
        assert!(database["schemaVersion"].as_u64().unwrap() >= 4, "{body}");
        // A server without Redis has no Redis check.
        assert!(body["checks"].get("redis").is_none(), "{body}");
    }
}

#[tokio::test]
async fn ready_is_503_when_the_database_is_behind_the_program() {
    let app = crate::support::spawn_demo().await;
    // Another (older) program's schema: this one would migrate it at its next start.
    match std::env::var("VORGAENGE_TEST_BACKEND").as_deref() {
        Ok("postgres") => {
            let (client, connection) = tokio_postgres::connect(
                &crate::support::backend::postgres_url(),
                tokio_postgres::NoTls,
            )
            .await
            .unwrap();
            tokio::spawn(connection);
            let schema = app.database_args().last().unwrap().clone();
            client
                .batch_execute(&format!(
                    "DELETE FROM \"{schema}\".schema_migrations WHERE version = (SELECT MAX(version) FROM \"{schema}\".schema_migrations)"
                ))
                .await
                .unwrap();
        }
        _ => {
            let conn = rusqlite::Connection::open(&app.db_path).unwrap();
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            conn.pragma_update(None, "user_version", version - 1)
                .unwrap();
        }
    }
    let ready = app
        .anonymous
        .raw(reqwest::Method::GET, "/health/ready", &[])
        .await
        .unwrap();
    assert_eq!(ready.status, 503);
    let body = ready.json();
    assert_eq!(body["status"], "DOWN");
    let database = &body["checks"]["database"];
    assert_eq!(database["status"], "DOWN");
    assert_eq!(
        database["schemaVersion"].as_u64().unwrap() + 1,
        database["expectedSchemaVersion"].as_u64().unwrap(),
        "{body}"
    );
}
