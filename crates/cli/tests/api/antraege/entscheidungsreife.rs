//! POST …/antraege/{antragsNummer}/{teilantragsNummer}/entscheidungsreife: only by the
//! case's editor, only on a ready Antrag, only once.

use serde_json::json;

use crate::support::case_state::{assert_event, assert_unchanged, case, last_event, snapshot};
use crate::support::cases::{address, antraege, editor_case, hamburg_case};
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, json_request};
use crate::support::schema::validate_events;
use crate::support::{AUDITOR, spawn_demo};

#[tokio::test]
async fn entscheidungsreife_only_by_the_editor_on_a_ready_antrag_once() {
    let app = spawn_demo().await;
    let the_case = editor_case();
    let nr = &the_case.vorgangs_nummer;
    let antrag = &antraege(the_case)[0];
    let (a, t) = address(antrag);
    let path = format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/entscheidungsreife");
    let signal = json!({"entscheidungsreifeVomVertriebSignalisiert": true});
    let editor = app.client_for("demo-editor").await;
    let status = &the_case.vorgang["antraege"][0]["status"];

    // Wrong status: named as it is.
    let before = snapshot(&app, nr).await;
    let response = json_request(&editor, "POST", &path, &signal).await;
    assert_error(
        &response,
        400,
        &format!(
            "er ist antragsteller={}, produktAnbieter={}",
            status["antragsteller"].as_str().unwrap(),
            status["produktAnbieter"].as_str().unwrap()
        ),
    );
    assert_unchanged(&app, nr, &before, "wrong status").await;

    // Make it ready.
    let ready = json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"});
    let response = json_request(
        &app.client,
        "POST",
        &format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/status"),
        &ready,
    )
    .await;
    assert_status(&response, 202);

    // Only the editor: not the auditor (who may write the case), not the advisor.
    let before = snapshot(&app, nr).await;
    let advisor = app.client_for("demo-advisor").await;
    for (who, client) in [(AUDITOR, &app.client), ("BER11", &advisor)] {
        let response = json_request(client, "POST", &path, &signal).await;
        assert_error(&response, 403, "Nur der Vorgangsbearbeiter");
        assert_error(&response, 403, &format!("{who} ist es nicht"));
    }
    // A case the editor cannot see: 404, before any other rule.
    let hamburg = &hamburg_case().vorgangs_nummer;
    let response = json_request(
        &editor,
        "POST",
        &format!("/v2/vorgaenge/{hamburg}/antraege/1/1/entscheidungsreife"),
        &signal,
    )
    .await;
    assert_error(&response, 404, hamburg);
    // Only `true`, and the field is required.
    for (body, message) in [
        (
            json!({"entscheidungsreifeVomVertriebSignalisiert": false}),
            "nur true ist erlaubt",
        ),
        (json!({}), "entscheidungsreifeVomVertriebSignalisiert fehlt"),
        (
            json!({"entscheidungsreifeVomVertriebSignalisiert": "ja"}),
            "Entscheidungsreife.entscheidungsreifeVomVertriebSignalisiert",
        ),
        (json!(true), "Entscheidungsreife"),
    ] {
        assert_error(
            &json_request(&editor, "POST", &path, &body).await,
            400,
            message,
        );
    }
    assert_error(
        &json_request(
            &editor,
            "POST",
            &format!("/v2/vorgaenge/{nr}/antraege/9/1/entscheidungsreife"),
            &signal,
        )
        .await,
        404,
        "Antrag 9/1",
    );
    assert_unchanged(&app, nr, &before, "refused signals").await;

    // The editor signals it (through the typed client): 202, and the Antrag shows it.
    let written = editor.signal_entscheidungsreife(nr, a, t).await.unwrap();
    assert_eq!(written.status, 202);
    let single = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(single["entscheidungsreifeVomVertriebSignalisiert"], true);
    app.client
        .antrag(nr, a, t)
        .await
        .expect("the typed client still reads the Antrag");
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(&event, nr, ("HINWEIS", "HINWEIS"), "BER15", &body, &tag);
    assert_eq!(event["antragsNummer"], antrag.as_str());
    assert_eq!(event["quelle"]["vorname"], "Anja");
    assert_eq!(event["quelle"]["nachname"], "Lehmann");
    validate_events(&[event]);

    // Only once.
    let before = snapshot(&app, nr).await;
    let response = json_request(&editor, "POST", &path, &signal).await;
    assert_error(&response, 400, "bereits");
    let again = editor
        .signal_entscheidungsreife(nr, a, t)
        .await
        .unwrap_err();
    assert_eq!(again.status(), Some(400));
    assert_unchanged(&app, nr, &before, "second signal").await;
}
