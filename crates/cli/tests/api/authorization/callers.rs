//! The callers of the matrix: no token, every kind of broken token, narrowed scopes, and each
//! kind of partner, with what each must get for the reads.

use vorgaenge_server::auth::secrets::hash_secret;
use vorgaenge_store::{ClientRecord, GrantRecord, PartnerRecord, Timestamp};

use super::{
    ECHT, EREIGNIS, FULL_SCOPES, IMPERSONATING, LESEN, NO_RIGHT, NO_RIGHT_GRANT, WITHOUT_ECHT,
    token,
};
use crate::support::TestApp;
use crate::support::tokens::{
    claims, hs256_with_public_key, sign_with_server_key, sign_with_wrong_key, unsigned,
};

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    /// 401 with a Bearer challenge.
    Unauthorized,
    /// 403 naming this text (a scope or the way out).
    Forbidden(&'static str),
    /// 404, exactly as for a case that does not exist.
    Invisible,
    /// 200, and for the list: the case is on it.
    Readable,
}

/// Who a caller is as far as the rules care: the acting partner (the subject when
/// impersonating) and the scopes its token carries (space-separated).
#[derive(Debug, Clone, Copy)]
pub(super) struct Identity {
    pub(super) partner: &'static str,
    pub(super) scopes: &'static str,
}

impl Identity {
    pub(super) fn has(&self, scope: &str) -> bool {
        self.scopes.split_whitespace().any(|s| s == scope)
    }
}

/// A caller of the matrix: the `Authorization` header it sends (None: none at all), who it
/// is (None: no usable token), and what it must get for the read operations on the case and
/// for the list (written out by hand; the write cells are derived from `identity` by the
/// rules, which are checked against these hand-written read expectations first).
pub(super) struct Caller {
    pub(super) name: &'static str,
    pub(super) authorization: Option<String>,
    pub(super) identity: Option<Identity>,
    pub(super) case: Expect,
    pub(super) list: Expect,
}

/// Registers a client with every scope for `partner` and returns a token of it.
async fn registered_token(app: &TestApp, client_id: &str, partner: &str) -> String {
    let secret = format!("{client_id}-secret");
    app.store
        .put_client(ClientRecord {
            client_id: client_id.into(),
            partner_id: partner.into(),
            scopes: FULL_SCOPES.split_whitespace().map(String::from).collect(),
            secret_hash: hash_secret(&secret),
            disabled: false,
            created_at: Timestamp(0),
        })
        .await
        .unwrap();
    app.refresh().await;
    app.anonymous
        .request_token(client_id, &secret, &[])
        .await
        .unwrap()
        .unwrap()
        .access_token
}

/// A client for HAM21, a Hamburg advisor with every scope who covers nobody in Berlin.
pub(super) async fn foreign_token(app: &TestApp) -> String {
    registered_token(app, "matrix-foreign", "HAM21").await
}

/// A client for [`NO_RIGHT`], which covers the case but has no right to production data.
async fn no_right_token(app: &TestApp) -> String {
    let partner = PartnerRecord {
        id: NO_RIGHT.into(),
        typ: "ORGANISATION".into(),
        parent: None,
        gesperrt: false,
        echtgeschaeft: false,
        kreditsachbearbeiter: false,
        profile: bytes::Bytes::from_static(
            br#"{"partnerId":"AZB00","firmierung":"Ausbildungswerkstatt"}"#,
        ),
    };
    let grant = GrantRecord {
        holder: NO_RIGHT.into(),
        target: NO_RIGHT_GRANT.into(),
    };
    app.store
        .put_partners(vec![partner], vec![grant])
        .await
        .unwrap();
    registered_token(app, "matrix-no-right", NO_RIGHT).await
}

pub(super) async fn callers(app: &TestApp) -> Vec<Caller> {
    let store = &*app.store;
    let base = &app.base;
    let valid = claims(base, "BER11", "demo-advisor", FULL_SCOPES);
    let mut expired = valid.clone();
    let past = chrono::Utc::now().timestamp() - 7200;
    expired["iat"] = past.into();
    expired["nbf"] = past.into();
    expired["exp"] = (past + 3600).into();
    let mut other_issuer = valid.clone();
    other_issuer["iss"] = "https://login.example.org".into();

    let bearer = |t: String| Some(format!("Bearer {t}"));
    let unauthorized = |name, authorization| Caller {
        name,
        authorization,
        identity: None,
        case: Expect::Unauthorized,
        list: Expect::Unauthorized,
    };
    let with = |name, t: String, partner, scopes, case, list| Caller {
        name,
        authorization: bearer(t),
        identity: Some(Identity { partner, scopes }),
        case,
        list,
    };
    let narrowed = |scopes| async move { token(app, "demo-advisor", &[("scope", scopes)]).await };
    use Expect::*;
    vec![
        unauthorized("no token", None),
        unauthorized("malformed", Some("Bearer not-a-jwt".into())),
        unauthorized("not bearer", Some("Basic ZGVtbzpkZW1v".into())),
        unauthorized(
            "expired",
            bearer(sign_with_server_key(store, &expired).await),
        ),
        unauthorized(
            "wrong signature",
            bearer(sign_with_wrong_key(store, &valid).await),
        ),
        unauthorized("alg none", bearer(unsigned(store, &valid).await)),
        unauthorized(
            "HS256 with the public key",
            bearer(hs256_with_public_key(store, &valid).await),
        ),
        unauthorized(
            "another issuer",
            bearer(sign_with_server_key(store, &other_issuer).await),
        ),
        with(
            "missing scope",
            narrowed(EREIGNIS).await,
            "BER11",
            EREIGNIS,
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "read-only token",
            narrowed("baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:vorgang:lesen baufinanzierung:echtgeschaeft",
            Readable,
            Readable,
        ),
        with(
            "write-only token",
            narrowed("baufinanzierung:vorgang:schreiben baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:vorgang:schreiben baufinanzierung:echtgeschaeft",
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "events-only token",
            narrowed("baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft").await,
            "BER11",
            "baufinanzierung:ereignis:lesen baufinanzierung:echtgeschaeft",
            Forbidden(LESEN),
            Forbidden(LESEN),
        ),
        with(
            "test-only client on production data",
            token(app, "demo-test-only", &[]).await,
            "BER11",
            "baufinanzierung:vorgang:lesen baufinanzierung:vorgang:schreiben \
             baufinanzierung:ereignis:lesen",
            Forbidden(ECHT),
            Forbidden("TEST_MODUS"),
        ),
        with(
            "partner without the production right",
            token(app, "demo-trainee", &[]).await,
            "HAM29",
            WITHOUT_ECHT,
            Invisible,
            Forbidden("TEST_MODUS"),
        ),
        with(
            "covering partner without the production right",
            no_right_token(app).await,
            NO_RIGHT,
            WITHOUT_ECHT,
            Forbidden(ECHT),
            Forbidden("TEST_MODUS"),
        ),
        // Issued while the partner still had the right (the endpoint would not grant the
        // scope now): the right is checked at every request.
        with(
            "covering partner who lost the production right",
            sign_with_server_key(
                store,
                &claims(base, NO_RIGHT, "matrix-no-right", FULL_SCOPES),
            )
            .await,
            NO_RIGHT,
            FULL_SCOPES,
            Forbidden("kein Recht auf Echtgeschäft"),
            Forbidden("TEST_MODUS"),
        ),
        with(
            "foreign partner",
            foreign_token(app).await,
            "HAM21",
            FULL_SCOPES,
            Invisible,
            Invisible,
        ),
        with(
            "advisor",
            token(app, "demo-advisor", &[]).await,
            "BER11",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "editor",
            token(app, "demo-editor", &[]).await,
            "BER15",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "sales organisation above both",
            token(app, "demo-sales-organisation", &[]).await,
            "NOR00",
            IMPERSONATING,
            Readable,
            Readable,
        ),
        with(
            "Übernahmerecht holder",
            token(app, "demo-takeover", &[]).await,
            "SUE31",
            FULL_SCOPES,
            Readable,
            Readable,
        ),
        with(
            "impersonated subject (another advisor)",
            token(app, "demo-sales-organisation", &[("subject", "BER12")]).await,
            "BER12",
            IMPERSONATING,
            Invisible,
            Invisible,
        ),
        with(
            "impersonated subject (the advisor)",
            token(
                app,
                "demo-sales-organisation",
                &[("subject", "BER11"), ("actor", "NOR00")],
            )
            .await,
            "BER11",
            IMPERSONATING,
            Readable,
            Readable,
        ),
        with(
            "impersonated subject (the editor)",
            token(app, "demo-sales-organisation", &[("subject", "BER15")]).await,
            "BER15",
            IMPERSONATING,
            Readable,
            Readable,
        ),
    ]
}
