//! Partners and tokens made for one test: a new person, a locked partner, a token narrowed
//! to some scopes.

use serde_json::{Value, json};
use vorgaenge_client::Client;
use vorgaenge_store::PartnerRecord;

use super::{TestApp, demo_client};

/// A person made for a test, below `parent`, allowed production data; answers its profile.
pub async fn add_person(
    app: &TestApp,
    id: &str,
    parent: &str,
    (vorname, nachname): (&str, &str),
    kreditsachbearbeiter: bool,
) -> Value {
    let profile = json!({
        "partnerId": id,
        "anrede": "HERR",
        "vorname": vorname,
        "nachname": nachname,
        "firmierung": "Finanzvermittlung Nord GmbH",
        "email": format!("{}@finanzvermittlung-nord.de", vorname.to_lowercase()),
    });
    let record = PartnerRecord {
        id: id.into(),
        typ: "PERSON".into(),
        parent: Some(parent.into()),
        gesperrt: false,
        echtgeschaeft: true,
        kreditsachbearbeiter,
        profile: bytes::Bytes::from(serde_json::to_vec(&profile).unwrap()),
    };
    app.store.put_partners(vec![record], vec![]).await.unwrap();
    app.refresh().await;
    profile
}

/// Locks an existing partner (and so its subtree).
pub async fn lock(app: &TestApp, id: &str) {
    let mut record = app.store.partner(id).await.unwrap().expect("known partner");
    record.gesperrt = true;
    app.store.put_partners(vec![record], vec![]).await.unwrap();
    app.refresh().await;
}

/// A token of the demo client `client_id` narrowed to `scope`.
pub async fn narrowed(app: &TestApp, client_id: &str, scope: &str) -> Client {
    let demo = demo_client(client_id);
    let token = app
        .anonymous
        .request_token(demo.client_id, demo.client_secret, &[("scope", scope)])
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("token for {client_id} ({scope}): {e}"))
        .access_token;
    app.anonymous.with_token(&token)
}
