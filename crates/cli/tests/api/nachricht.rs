//! POST /v2/vorgaenge/{vorgangsNummer}/nachricht: a message becomes a comment event; its length
//! limit, its refusals, and concurrent messages.

use serde_json::json;

use crate::support::case_state::{
    assert_event, assert_unchanged, case, events, last_event, snapshot,
};
use crate::support::cases::{berlin_case, hamburg_case};
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, json_request};
use crate::support::schema::validate_events;
use crate::support::spec::example;
use crate::support::{AUDITOR, spawn_demo};

#[tokio::test]
async fn nachricht_becomes_a_comment_event() {
    let app = spawn_demo().await;
    let nr = &berlin_case().vorgangs_nummer;
    let path = format!("/v2/vorgaenge/{nr}/nachricht");

    let example = example("nachricht.json");
    let response = json_request(&app.client, "POST", &path, &example).await;
    assert_status(&response, 201);
    assert!(response.body.is_empty());
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(&event, nr, ("KOMMENTAR", "KOMMENTAR"), AUDITOR, &body, &tag);
    assert_eq!(event["meldung"], example["text"]);

    // 2000 characters is the limit, counted as characters (each "ä" is two bytes).
    let umlauts = "ä".repeat(2000);
    let written = app.client.add_nachricht(nr, &umlauts).await.unwrap();
    assert_eq!(written.status, 201);
    assert_eq!(
        last_event(&app.client, nr).await["meldung"],
        umlauts.as_str()
    );

    let before = snapshot(&app, nr).await;
    for (body, message) in [
        (json!({"text": ""}), "hat aber 0"),
        (json!({"text": "a".repeat(2001)}), "hat aber 2001"),
        (json!({"text": "ä".repeat(2001)}), "hat aber 2001"),
        (json!({}), "Nachricht.text fehlt"),
        (json!({"text": 42}), "Nachricht.text"),
    ] {
        assert_error(
            &json_request(&app.client, "POST", &path, &body).await,
            400,
            message,
        );
    }
    let advisor = app.client_for("demo-advisor").await;
    let hamburg = &hamburg_case().vorgangs_nummer;
    let hamburg_before = snapshot(&app, hamburg).await;
    assert_error(
        &json_request(
            &advisor,
            "POST",
            &format!("/v2/vorgaenge/{hamburg}/nachricht"),
            &json!({"text": "Hallo"}),
        )
        .await,
        404,
        hamburg,
    );
    assert_unchanged(&app, hamburg, &hamburg_before, "invisible case").await;
    assert_error(
        &json_request(
            &app.client,
            "POST",
            "/v2/vorgaenge/ZZZZZ9/nachricht",
            &json!({"text": "Hallo"}),
        )
        .await,
        404,
        "ZZZZZ9",
    );
    // v2 gives this operation's case number no pattern (not found), v3 the usual one.
    let hallo = json!({"text": "Hallo"});
    assert_error(
        &json_request(&app.client, "POST", "/v2/vorgaenge/abc/nachricht", &hallo).await,
        404,
        "abc",
    );
    assert_error(
        &json_request(&app.client, "POST", "/v3/vorgaenge/abc/nachricht", &hallo).await,
        400,
        "abc",
    );
    assert_unchanged(&app, nr, &before, "refused messages").await;
    validate_events(&before.events);
}

#[tokio::test]
async fn concurrent_messages_are_all_kept() {
    let app = spawn_demo().await;
    let nr = berlin_case().vorgangs_nummer.clone();
    let texts: Vec<String> = (0..50).map(|i| format!("Nachricht Nummer {i}")).collect();
    let writes = texts.iter().map(|text| {
        let (client, nr, text) = (app.client.clone(), nr.clone(), text.clone());
        tokio::spawn(async move { client.add_nachricht(&nr, &text).await.map(|w| w.status) })
    });
    for result in futures::future::join_all(writes).await {
        assert_eq!(result.unwrap().unwrap(), 201);
    }
    let all = events(&app.client, &nr).await;
    assert_eq!(all.len(), 50);
    let mut got: Vec<&str> = all.iter().map(|e| e["meldung"].as_str().unwrap()).collect();
    got.sort_unstable();
    let mut expected: Vec<&str> = texts.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(got, expected);
    // One write after the other: every event has its own, increasing time.
    let times: Vec<&str> = all
        .iter()
        .map(|e| e["zeitpunkt"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    let (body, tag) = case(&app.client, &nr).await;
    assert_event(
        all.last().unwrap(),
        &nr,
        ("KOMMENTAR", "KOMMENTAR"),
        AUDITOR,
        &body,
        &tag,
    );
    validate_events(&all);
}
