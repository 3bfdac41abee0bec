//! One server instance in the test process, as `vorgaenge serve` builds it, over a given
//! store and rate limiter: for tests that run several instances side by side.

use std::sync::Arc;

use tokio::sync::oneshot;
use vorgaenge_client::Client;
use vorgaenge_server::auth::{AuthConfig, RateLimiter};
use vorgaenge_server::{AppState, PublicUrl};
use vorgaenge_store::Store;

/// A running instance; it stops when dropped.
pub struct Instance {
    pub base: String,
    _shutdown: oneshot::Sender<()>,
}

impl Instance {
    /// Serves `store` on a free port with `per_minute` requests per client, counted by
    /// `limiter` (built for that same limit).
    pub async fn start(
        store: Arc<dyn Store>,
        per_minute: u32,
        limiter: Arc<dyn RateLimiter>,
    ) -> Instance {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = AuthConfig::for_public_url(&base);
        config.rate_limit_per_minute = per_minute;
        let state = AppState::start_with_limiter(
            store,
            PublicUrl::parse(&base).unwrap(),
            chrono_tz::Europe::Berlin,
            config,
            limiter,
        )
        .await
        .unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(vorgaenge_server::serve(
            listener,
            vorgaenge_server::router(state),
            async {
                let _ = rx.await;
            },
        ));
        Instance {
            base,
            _shutdown: tx,
        }
    }

    /// A client of this instance with a token of the demo client `client_id`.
    pub async fn client_for(&self, client_id: &str) -> Client {
        let demo = super::demo_client(client_id);
        Client::new(&self.base)
            .authenticated(demo.client_id, demo.client_secret)
            .await
            .unwrap()
    }
}
