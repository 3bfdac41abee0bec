//! POST …/antraege/{antragsNummer}/{teilantragsNummer}/status: the contract's example, the
//! typed client, the same status again, and every refusal.

use serde_json::json;

use crate::support::case_state::{
    assert_event, assert_unchanged, case, events, last_event, snapshot,
};
use crate::support::cases::{address, antraege, berlin_case_with_two_antraege, status_dto};
use crate::support::error_body::assert_error;
use crate::support::requests::{assert_status, json_request};
use crate::support::schema::validate_events;
use crate::support::spec::example;
use crate::support::{AUDITOR, spawn_demo};

#[tokio::test]
async fn antrag_status_sets_the_status_and_records_it() {
    let app = spawn_demo().await;
    let the_case = berlin_case_with_two_antraege();
    let nr = &the_case.vorgangs_nummer;
    let numbers = antraege(the_case);
    let (a, t) = address(&numbers[0]);
    let path = format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}/status");

    // The contract's example body, verbatim.
    let example = example("status-dto.json");
    let response = json_request(&app.client, "POST", &path, &example).await;
    assert_status(&response, 202);
    assert!(response.body.is_empty());
    let single = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(single["status"]["antragsteller"], example["antragsteller"]);
    assert_eq!(
        single["status"]["antragstellerAblehnungsgrund"],
        example["antragstellerAblehnungsgrund"]
    );
    assert_eq!(
        single["status"]["produktAnbieter"],
        example["produktAnbieter"]
    );
    let (body, tag) = case(&app.client, nr).await;
    let event = last_event(&app.client, nr).await;
    assert_event(
        &event,
        nr,
        ("STATUS_AENDERUNG", "STATUSAENDERUNG_ANTRAG"),
        AUDITOR,
        &body,
        &tag,
    );
    assert_eq!(event["antragsNummer"], numbers[0].as_str());
    assert_eq!(
        event["antragsStatus"]["antragsteller"],
        example["antragsteller"]
    );
    assert_eq!(
        event["antragsStatus"]["produktAnbieter"],
        example["produktAnbieter"]
    );
    assert_eq!(event["antragsStatus"]["kommentar"], example["kommentar"]);
    assert!(
        event["meldung"]
            .as_str()
            .unwrap()
            .contains(example["kommentar"].as_str().unwrap())
    );

    // The typed client, on the second Antrag; the first keeps its status.
    let (a2, t2) = address(&numbers[1]);
    let written = app
        .client
        .set_antrags_status(
            nr,
            a2,
            t2,
            &status_dto(
                json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "ZURUECKGESTELLT"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(written.status, 202);
    let second = app.client.antrag(nr, a2, t2).await.unwrap();
    let status = second.status.unwrap();
    assert_eq!(
        status.antragsteller.map(|s| s.as_str()),
        Some("UNTERSCHRIEBEN")
    );
    assert_eq!(
        status.produkt_anbieter.map(|s| s.as_str()),
        Some("ZURUECKGESTELLT")
    );
    let first = app
        .get(&format!("/v2/vorgaenge/{nr}/antraege/{a}/{t}"))
        .await
        .json();
    assert_eq!(first["status"], single["status"]);

    // The same status again, without a comment: accepted, no change, no event.
    let before = snapshot(&app, nr).await;
    let same = json!({"antragsteller": "UNTERSCHRIEBEN", "produktAnbieter": "ZURUECKGESTELLT"});
    let response = json_request(
        &app.client,
        "POST",
        &format!("/v2/vorgaenge/{nr}/antraege/{a2}/{t2}/status"),
        &same,
    )
    .await;
    assert_status(&response, 202);
    assert_unchanged(&app, nr, &before, "same status").await;

    for (path, body, status, message) in [
        (
            &path,
            json!({"produktAnbieter": "NICHT_BEARBEITET"}),
            400,
            "StatusDTO.antragsteller fehlt".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT"}),
            400,
            "StatusDTO.produktAnbieter fehlt".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "GENEHMIGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            400,
            "StatusDTO.antragsteller".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "VIELLEICHT"}),
            400,
            "StatusDTO.produktAnbieter".to_owned(),
        ),
        (
            &path,
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET", "produktanbieterAblehnungsgrund": "KEINE_LUST"}),
            400,
            "StatusDTO.produktanbieterAblehnungsgrund".to_owned(),
        ),
        (&path, json!("BEANTRAGT"), 400, "StatusDTO".to_owned()),
        (
            &format!("/v2/vorgaenge/{nr}/antraege/9/1/status"),
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            404,
            format!("Antrag 9/1 im Vorgang {nr} nicht gefunden"),
        ),
        (
            &"/v2/vorgaenge/ZZZZZ9/antraege/1/1/status".to_owned(),
            json!({"antragsteller": "BEANTRAGT", "produktAnbieter": "NICHT_BEARBEITET"}),
            404,
            "Vorgang ZZZZZ9 nicht gefunden".to_owned(),
        ),
    ] {
        let response = json_request(&app.client, "POST", path, &body).await;
        assert_error(&response, status, &message);
    }
    assert_unchanged(&app, nr, &before, "refused status").await;
    validate_events(&events(&app.client, nr).await);
}
