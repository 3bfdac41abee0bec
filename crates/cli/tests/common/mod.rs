//! Test harness: the real server on port 0 over a temporary SQLite database, reached through
//! the project's own client.
#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tokio::sync::oneshot;
use vorgaenge_client::{Client, RawResponse};
use vorgaenge_demo::{CaseGenerator, DEMO_CASES, DEMO_SEED, GeneratedCase};
use vorgaenge_server::{AppState, PublicUrl};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// A running server and what the test needs to talk to it.
pub struct TestApp {
    pub client: Client,
    pub base: String,
    pub store: Arc<dyn Store>,
    pub db_path: PathBuf,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
}

impl TestApp {
    pub async fn get(&self, path: &str) -> RawResponse {
        self.client
            .raw(reqwest::Method::GET, path, &[])
            .await
            .unwrap()
    }

    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> RawResponse {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.client.raw(method, path, headers).await.unwrap()
    }
}

/// A server over an empty database.
pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    start(dir, "test.sqlite").await
}

/// A server over the demo world (copied from a template seeded once per test binary).
pub async fn spawn_demo() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(demo_template(), dir.path().join("demo.sqlite")).unwrap();
    start(dir, "demo.sqlite").await
}

async fn start(dir: tempfile::TempDir, file: &str) -> TestApp {
    let db_path = dir.path().join(file);
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&db_path, SqliteOptions::default()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState {
        store: store.clone(),
        public_url: Arc::new(PublicUrl::parse(&base).unwrap()),
        zone: chrono_tz::Europe::Berlin,
    };
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(vorgaenge_server::serve(
        listener,
        vorgaenge_server::router(state),
        async {
            let _ = rx.await;
        },
    ));
    TestApp {
        client: Client::new(&base),
        base,
        store,
        db_path,
        _dir: dir,
        _shutdown: tx,
    }
}

/// The demo world, seeded once into a file that each test copies.
fn demo_template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.sqlite");
        let seed_path = path.clone();
        // Seed on a runtime of its own: the test's runtime is busy calling us.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(async {
                let store: Arc<dyn Store> =
                    Arc::new(SqliteStore::open(&seed_path, SqliteOptions::default()).unwrap());
                vorgaenge_cli::seed::seed(store, 0, 1, false).await.unwrap();
            });
        })
        .join()
        .unwrap();
        // The store is gone with its runtime: closing the last connection folded the WAL
        // into the main file, so a plain copy carries everything.
        (dir, path)
    });
    path
}

/// The demo world's cases as the generator made them, for independent expectations.
pub fn demo_cases() -> &'static [GeneratedCase] {
    static CASES: OnceLock<Vec<GeneratedCase>> = OnceLock::new();
    CASES.get_or_init(|| {
        let generator = CaseGenerator::new(DEMO_SEED);
        (0..DEMO_CASES).map(|i| generator.case(i)).collect()
    })
}

/// The first demo case matching `pred`.
pub fn demo_case(pred: impl Fn(&GeneratedCase) -> bool) -> &'static GeneratedCase {
    demo_cases()
        .iter()
        .find(|c| pred(c))
        .expect("the demo world has such a case")
}

/// Asserts the contract's Error body and the trace header on an error response.
pub fn assert_error(response: &RawResponse, status: u16, message_contains: &str) {
    assert_eq!(
        response.status,
        status,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body = response.json();
    let object = body.as_object().expect("error body is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "message",
            "statusCode",
            "statusMessage",
            "timestamp",
            "traceId"
        ]
    );
    assert_eq!(body["statusCode"], status);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(message_contains),
        "message {message:?} should contain {message_contains:?}"
    );
    let trace = response
        .header("x-traceid")
        .expect("X-TraceId on every response");
    assert_eq!(body["traceId"], trace);
    chrono::DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).unwrap();
}
