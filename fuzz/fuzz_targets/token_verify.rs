//! Bearer tokens through the server's verifier, against a key set made the way the server
//! makes it (a store with a generated signing key).
//!
//! The first byte says what the rest is: 0 the token text as a client sends it; 1, 2, 3 the
//! payload of a token signed here with the server's key, under our key id, no key id, or an
//! unknown one. A payload that is a JSON object has its `iat`, `nbf` and `exp` read as
//! seconds from now, so that a seed keeps its meaning; any other payload is signed as it is.
//!
//! Text that was not signed here must never verify; a signed token verifies only with our
//! key id, our issuer and audience, a live `exp` and the partner it names in `sub`.

#![no_main]

use std::sync::{Arc, LazyLock};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tokio::runtime::Runtime;
use vorgaenge_server::auth::verify::Verifier;
use vorgaenge_server::auth::{AuthConfig, SnapshotCache, prepare_signing_keys};
use vorgaenge_store::Store;
use vorgaenge_store_sqlite::{SqliteOptions, SqliteStore};

/// A store with a signing key, its snapshot and the verifier, made once per process.
struct Server {
    runtime: Runtime,
    snapshots: SnapshotCache,
    verifier: Verifier,
    config: AuthConfig,
    _store: Arc<dyn Store>,
}

static SERVER: LazyLock<Server> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    // One database per process: several fuzzing jobs may run side by side.
    let dir = std::env::temp_dir().join(format!("vorgaenge-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = AuthConfig::for_public_url("https://vorgaenge.fuzz.example");
    let (store, snapshots) = runtime.block_on(async {
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::open(dir.join("auth.sqlite"), SqliteOptions::default()).expect("a store"),
        );
        prepare_signing_keys(&*store, config.token_lifetime)
            .await
            .expect("a signing key");
        let snapshots = SnapshotCache::load(store.clone(), config.token_lifetime)
            .await
            .expect("a snapshot");
        (store, snapshots)
    });
    Server {
        runtime,
        verifier: Verifier::new(&config),
        snapshots,
        config,
        _store: store,
    }
});

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let server = &*SERVER;
    let (token, claims) = match mode % 4 {
        0 => match std::str::from_utf8(rest) {
            Ok(text) => (text.to_owned(), None),
            Err(_) => return,
        },
        signed => {
            let kid = match signed {
                1 => Some(our_kid(server)),
                2 => None,
                _ => Some("unbekannt".to_owned()),
            };
            let (payload, claims) = payload(rest);
            (sign(server, kid, &payload), claims)
        }
    };
    let verified = server
        .runtime
        .block_on(server.verifier.verify(&token, &server.snapshots));
    match verified {
        Ok(caller) => {
            let Some(claims) = claims.filter(|_| mode % 4 == 1) else {
                panic!("{token:?} verified, though not signed here under our key id: {caller:?}");
            };
            let config = &server.config;
            assert_eq!(claims["iss"].as_str(), Some(config.issuer.as_str()));
            assert_eq!(claims["aud"].as_str(), Some(config.audience.as_str()));
            assert_eq!(claims["sub"].as_str(), Some(caller.partner.as_str()));
            let now = jsonwebtoken::get_current_timestamp() as i64;
            let leeway = config.leeway.as_secs() as i64;
            assert!(
                caller.expires_at >= now - leeway,
                "an expired token verified"
            );
            assert!(!caller.external);
        }
        Err(rejection) => {
            assert!(!rejection.message.is_empty());
            // RFC 6750: the description is a quoted parameter of WWW-Authenticate.
            assert!(
                rejection
                    .description
                    .bytes()
                    .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\'),
                "{rejection:?}"
            );
        }
    }
});

/// The payload to sign and, when it is a JSON object, its claims with times made absolute.
fn payload(rest: &[u8]) -> (Vec<u8>, Option<Value>) {
    let Ok(Value::Object(mut claims)) = serde_json::from_slice::<Value>(rest) else {
        return (rest.to_vec(), None);
    };
    let now = jsonwebtoken::get_current_timestamp() as i64;
    for name in ["iat", "nbf", "exp"] {
        if let Some(seconds) = claims.get(name).and_then(Value::as_i64) {
            claims.insert(name.into(), seconds.saturating_add(now).into());
        }
    }
    let claims = Value::Object(claims);
    (
        serde_json::to_vec(&claims).expect("JSON serialises"),
        Some(claims),
    )
}

fn our_kid(server: &Server) -> String {
    let snapshot = server.snapshots.current();
    let (kid, _) = snapshot.keys.signing_key().expect("a signing key");
    kid.to_owned()
}

/// A compact JWS over `payload` with the server's signing key.
fn sign(server: &Server, kid: Option<String>, payload: &[u8]) -> String {
    let mut header = json!({ "alg": "EdDSA", "typ": "JWT" });
    if let Some(kid) = kid {
        header["kid"] = kid.into();
    }
    let header = serde_json::to_vec(&header).expect("JSON serialises");
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let snapshot = server.snapshots.current();
    let (_, key) = snapshot.keys.signing_key().expect("a signing key");
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), key, Algorithm::EdDSA).expect("signs");
    format!("{message}.{signature}")
}
