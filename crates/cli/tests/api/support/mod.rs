//! Test harness: the real server on port 0 over a temporary SQLite database, reached through
//! the project's own client, and the helpers the tests share.

pub mod backend;
pub mod binary;
pub mod case_state;
pub mod cases;
pub mod certs;
pub mod conformance;
pub mod error_body;
pub mod instance;
pub mod partners;
pub mod requests;
pub mod schema;
pub mod spec;
pub mod tokens;
pub mod upstream_pair;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tokio::sync::oneshot;
use vorgaenge_client::{Client, RawResponse};
use vorgaenge_demo::{CaseGenerator, DEMO_CASES, DEMO_SEED, GeneratedCase};
use vorgaenge_server::auth::AuthConfig;
use vorgaenge_server::auth::secrets::hash_secret;
use vorgaenge_server::serve::{ConnectionLimits, ReloadingCert};
use vorgaenge_server::{AppState, PublicUrl};
use vorgaenge_store::{ClientRecord, GrantRecord, PartnerRecord, Store, Timestamp};
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// A running server and what the test needs to talk to it.
pub struct TestApp {
    /// Authenticated as the auditor, who may read every demo case.
    pub client: Client,
    /// Without a token.
    pub anonymous: Client,
    /// The server's auth state, e.g. to pick up admin changes at once.
    pub auth: Arc<vorgaenge_server::auth::Auth>,
    pub base: String,
    pub store: Arc<dyn Store>,
    pub db_path: PathBuf,
    _dir: tempfile::TempDir,
    _shutdown: oneshot::Sender<()>,
    /// What the server answered that our OpenAPI document does not describe.
    pub violations: conformance::Violations,
    /// Last: the PostgreSQL schema goes after the server.
    schema: Option<backend::SchemaGuard>,
}

impl Drop for TestApp {
    /// A test passes only if every answer it got fits the document.
    fn drop(&mut self) {
        self.violations.check();
    }
}

impl TestApp {
    /// A client carrying a fresh token of this demo client (all its scopes).
    pub async fn client_for(&self, client_id: &str) -> Client {
        let demo = demo_client(client_id);
        self.anonymous
            .authenticated(demo.client_id, demo.client_secret)
            .await
            .unwrap()
    }

    /// Makes admin changes written to the store count at once (instead of at the next poll).
    pub async fn refresh(&self) {
        self.auth.snapshots.refresh().await.unwrap();
    }

    pub async fn get(&self, path: &str) -> RawResponse {
        self.client
            .raw(reqwest::Method::GET, path, &[])
            .await
            .unwrap()
    }

    /// The arguments that point the `vorgaenge` binary at this app's database.
    pub fn database_args(&self) -> Vec<String> {
        match &self.schema {
            None => vec![
                "--database".into(),
                format!("sqlite://{}", self.db_path.display()),
            ],
            Some(schema) => vec![
                "--database".into(),
                backend::postgres_url(),
                "--database-schema".into(),
                schema.name().to_owned(),
            ],
        }
    }

    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> RawResponse {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.client.raw(method, path, headers).await.unwrap()
    }
}

/// The auditor of the test harness: an organisation of its own holding an Übernahmerecht on
/// both roots of the demo world, so that tests about reading (not about access) see every
/// case through the real rules. Its client is what [`TestApp::client`] uses.
pub const AUDITOR: &str = "TST00";
pub const AUDITOR_CLIENT: &str = "test-auditor";
pub const AUDITOR_SECRET: &str = "test-auditor-secret";

/// Registers the auditor partner, its grants and its client.
pub async fn add_auditor(store: &dyn Store) {
    let partner = PartnerRecord {
        id: AUDITOR.into(),
        typ: "ORGANISATION".into(),
        parent: None,
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter: false,
        profile: bytes::Bytes::from_static(br#"{"partnerId":"TST00","firmierung":"Revision"}"#),
    };
    let grants = ["NOR00", "SUE00"]
        .into_iter()
        .map(|target| GrantRecord {
            holder: AUDITOR.into(),
            target: target.into(),
        })
        .collect();
    store.put_partners(vec![partner], grants).await.unwrap();
    store
        .put_client(ClientRecord {
            client_id: AUDITOR_CLIENT.into(),
            partner_id: AUDITOR.into(),
            scopes: [
                "baufinanzierung:vorgang:lesen",
                "baufinanzierung:vorgang:schreiben",
                "baufinanzierung:ereignis:lesen",
                "baufinanzierung:echtgeschaeft",
            ]
            .map(String::from)
            .to_vec(),
            secret_hash: hash_secret(AUDITOR_SECRET),
            disabled: false,
            created_at: Timestamp(0),
        })
        .await
        .unwrap();
}

/// A server over a database with the demo partners and clients and the auditor, but no
/// cases.
pub async fn spawn_app() -> TestApp {
    start_with(backend::World::Partners, |_| {}).await
}

/// A server over the partners of [`spawn_app`] with its settings adjusted (rate limit).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut AuthConfig)) -> TestApp {
    start_with(backend::World::Partners, adjust).await
}

/// A server over the demo world (copied from a template seeded once per test binary).
pub async fn spawn_demo() -> TestApp {
    start_with(backend::World::Demo, |_| {}).await
}

/// A server over the demo world with its settings adjusted (rate limit, external issuer).
pub async fn spawn_demo_with(adjust: impl FnOnce(&mut AuthConfig)) -> TestApp {
    start_with(backend::World::Demo, adjust).await
}

/// A server over the partners of [`spawn_app`] with these connection limits and timeouts.
pub async fn spawn_app_limited(limits: ConnectionLimits) -> TestApp {
    start(backend::World::Partners, |_| {}, limits).await
}

/// A server over the demo world serving HTTPS with `cert` within `limits`; the app's clients
/// go through `http`, a client that trusts the certificate's CA.
pub async fn spawn_demo_tls(
    cert: Arc<ReloadingCert>,
    http: reqwest::Client,
    limits: ConnectionLimits,
) -> TestApp {
    launch(backend::World::Demo, |_| {}, limits, Some((cert, http))).await
}

async fn start_with(world: backend::World, adjust: impl FnOnce(&mut AuthConfig)) -> TestApp {
    start(world, adjust, ConnectionLimits::default()).await
}

async fn start(
    world: backend::World,
    adjust: impl FnOnce(&mut AuthConfig),
    limits: ConnectionLimits,
) -> TestApp {
    launch(world, adjust, limits, None).await
}

async fn launch(
    world: backend::World,
    adjust: impl FnOnce(&mut AuthConfig),
    limits: ConnectionLimits,
    tls: Option<(Arc<ReloadingCert>, reqwest::Client)>,
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let (store, db_path, schema) = backend::open(dir.path(), world, || match world {
        backend::World::Partners => partners_template(),
        backend::World::Demo => demo_template(),
    })
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://{}", listener.local_addr().unwrap());
    let mut config = AuthConfig::for_public_url(&base);
    adjust(&mut config);
    let state = AppState::start(
        store.clone(),
        PublicUrl::parse(&base).unwrap(),
        chrono_tz::Europe::Berlin,
        config,
    )
    .await
    .unwrap();
    let auth = state.auth.clone();
    let (tx, rx) = oneshot::channel::<()>();
    let violations = conformance::Violations::default();
    let app = conformance::checked(vorgaenge_server::router(state), violations.clone());
    let stopped = async {
        let _ = rx.await;
    };
    let anonymous = match tls {
        None => {
            tokio::spawn(vorgaenge_server::serve::serve_with(
                listener, app, limits, stopped,
            ));
            Client::new(&base)
        }
        Some((cert, http)) => {
            tokio::spawn(vorgaenge_server::serve::serve_tls_with(
                listener, app, limits, cert, stopped,
            ));
            Client::with_http(&base, http)
        }
    };
    let client = anonymous
        .authenticated(AUDITOR_CLIENT, AUDITOR_SECRET)
        .await
        .unwrap();
    TestApp {
        client,
        anonymous,
        auth,
        base,
        store,
        db_path,
        _dir: dir,
        _shutdown: tx,
        violations,
        schema,
    }
}

/// The demo client with this id.
pub fn demo_client(client_id: &str) -> vorgaenge_demo::DemoClient {
    vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.client_id == client_id)
        .unwrap_or_else(|| panic!("no demo client {client_id}"))
}

/// A database file filled once per test binary by `fill`, on a runtime of its own (the
/// test's runtime is busy calling us). When the store is dropped with that runtime, closing
/// the last connection folds the WAL into the main file, so a plain copy carries everything.
fn template<F, Fut>(fill: F) -> (tempfile::TempDir, PathBuf)
where
    F: FnOnce(Arc<dyn Store>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("template.sqlite");
    let seed_path = path.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let store: Arc<dyn Store> =
                Arc::new(SqliteStore::open(&seed_path, SqliteOptions::default()).unwrap());
            fill(store).await;
        });
    })
    .join()
    .unwrap();
    (dir, path)
}

/// Partners, clients and the auditor without cases.
fn partners_template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE
        .get_or_init(|| {
            template(|store| async move {
                let (partners, grants) = vorgaenge_cli::seed::demo_partners();
                store.put_partners(partners, grants).await.unwrap();
                for client in vorgaenge_cli::seed::demo_clients() {
                    store.put_client(client).await.unwrap();
                }
                add_auditor(&*store).await;
            })
        })
        .1
}

/// The demo world and the auditor.
fn demo_template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE
        .get_or_init(|| {
            template(|store| async move {
                vorgaenge_cli::seed::seed(store.clone(), 0, 1, false)
                    .await
                    .unwrap();
                add_auditor(&*store).await;
            })
        })
        .1
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
