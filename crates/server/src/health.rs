//! `GET /health/live` and `GET /health/ready`, for a load balancer or an orchestrator: no
//! token, no rate limit, a small JSON body.
//!
//! Live says the process answers. Ready says it can serve: the database answers within
//! [`CHECK_TIMEOUT`] with the schema this program expects, and, when the rate limit is shared
//! through Redis under the `closed` policy, Redis answers (under `open` an instance serves
//! without it, limiting on its own, so Redis is reported but does not make it unready).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::auth::RedisHealth;
use crate::state::AppState;

/// How long a check may take before it counts as failed.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

const UP: &str = "UP";
const DOWN: &str = "DOWN";

pub async fn live() -> Response {
    answer(true, Map::new())
}

pub async fn ready(State(state): State<AppState>) -> Response {
    let mut checks = Map::new();
    let database = tokio::time::timeout(CHECK_TIMEOUT, state.cases.schema_version()).await;
    let database_up = match database {
        Ok(Ok(version)) if version.applied == version.known => {
            checks.insert(
                "database".into(),
                json!({ "status": UP, "schemaVersion": version.applied }),
            );
            true
        }
        Ok(Ok(version)) => {
            checks.insert(
                "database".into(),
                json!({
                    "status": DOWN,
                    "schemaVersion": version.applied,
                    "expectedSchemaVersion": version.known,
                }),
            );
            false
        }
        Ok(Err(e)) => {
            tracing::warn!("readiness: the database failed: {e}");
            checks.insert(
                "database".into(),
                json!({ "status": DOWN, "error": "database error" }),
            );
            false
        }
        Err(_) => {
            checks.insert(
                "database".into(),
                json!({ "status": DOWN, "error": "timeout" }),
            );
            false
        }
    };
    let mut redis_up = true;
    if let Some(redis) = state.auth.rate_limiter.redis_health(CHECK_TIMEOUT).await {
        let (status, needed) = match &redis {
            RedisHealth::Up => (UP, false),
            RedisHealth::Down { needed, .. } => (DOWN, *needed),
        };
        let mut check = json!({ "status": status });
        if let RedisHealth::Down { reason, .. } = &redis {
            check["error"] = reason.clone().into();
        }
        checks.insert("redis".into(), check);
        redis_up = !needed;
    }
    answer(database_up && redis_up, checks)
}

fn answer(up: bool, checks: Map<String, Value>) -> Response {
    let mut body = Map::new();
    body.insert("status".into(), if up { UP } else { DOWN }.into());
    if !checks.is_empty() {
        body.insert("checks".into(), Value::Object(checks));
    }
    let status = if up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let mut response = crate::http::json_value(&Value::Object(body));
    *response.status_mut() = status;
    // A 503 here is an answer, not an error: its body stays this one.
    response.extensions_mut().insert(crate::trace::KeepBody);
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}
