//! Disabled clients and locked partners: no new token, and the tokens they hold stop working.

use super::request;
use crate::support::error_body::assert_error;
use crate::support::spawn_demo;

#[tokio::test]
async fn disabled_clients_and_locked_partners_get_no_token_and_lose_their_tokens() {
    let app = spawn_demo().await;
    let advisor = app.client_for("demo-advisor").await;
    let editor = app.client_for("demo-editor").await;
    assert_eq!(
        advisor
            .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
            .await
            .unwrap()
            .status,
        200
    );

    // Disable the advisor's client.
    let mut client = app.store.client("demo-advisor").await.unwrap().unwrap();
    client.disabled = true;
    app.store.put_client(client).await.unwrap();
    let refused = request(&app, "demo-advisor", &[]).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.error.as_str()),
        (401, "invalid_client")
    );
    app.refresh().await;
    let response = advisor
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    assert_error(&response, 401, "deaktiviert");

    // Lock the Berlin team: its editor is locked with it.
    let mut team = app.store.partner("NBE10").await.unwrap().unwrap();
    team.gesperrt = true;
    app.store.put_partners(vec![team], vec![]).await.unwrap();
    let refused = request(&app, "demo-editor", &[]).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.error.as_str()),
        (400, "unauthorized_client")
    );
    assert!(refused.error_description.contains("locked"));
    app.refresh().await;
    let response = editor
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    assert_error(&response, 401, "gesperrt");
    // The organisation above is not locked.
    assert!(request(&app, "demo-sales-organisation", &[]).await.is_ok());
}
