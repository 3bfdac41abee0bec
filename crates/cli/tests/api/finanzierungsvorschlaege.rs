//! GET /v2/vorgaenge/{vorgangsNummer}/finanzierungsvorschlaege and …/{id}: the list in both API
//! versions, a single proposal, and a case without any.

use crate::support::error_body::assert_error;
use crate::support::{demo_case, spawn_demo};

#[tokio::test]
async fn finanzierungsvorschlaege_list_and_single() {
    let app = spawn_demo().await;
    let case = demo_case(|c| !c.finanzierungsvorschlaege.is_empty());
    let nr = &case.vorgangs_nummer;
    for api_version in ["V2", "V3"] {
        let list = app
            .get(&format!(
                "/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion={api_version}"
            ))
            .await;
        assert_eq!(list.status, 200);
        let list = list.json();
        assert_eq!(
            list["_links"]["self"]["href"],
            format!(
                "{}/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion={api_version}",
                app.base
            )
        );
        assert_eq!(
            list["finanzierungsvorschlaege"].as_array().unwrap().len(),
            case.finanzierungsvorschlaege.len()
        );
    }
    // The case links here without apiVersion (as upstream's do): then it is V2.
    let list = app
        .get(&format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege"))
        .await;
    assert_eq!(list.status, 200);
    assert_eq!(
        list.json()["_links"]["self"]["href"],
        format!(
            "{}/v2/vorgaenge/{nr}/finanzierungsvorschlaege?apiVersion=V2",
            app.base
        )
    );
    let first = &case.finanzierungsvorschlaege[0];
    let id = first["id"].as_str().unwrap();
    let mut one = app
        .get(&format!("/v2/vorgaenge/{nr}/finanzierungsvorschlaege/{id}"))
        .await
        .json();
    let links = one.as_object_mut().unwrap().remove("_links").unwrap();
    assert_eq!(
        links["self"]["href"],
        format!(
            "{}/v2/vorgaenge/{nr}/finanzierungsvorschlaege/{id}",
            app.base
        )
    );
    assert_eq!(&one, first);
    app.client.finanzierungsvorschlag(nr, id).await.unwrap();
    assert_error(
        &app.get(&format!(
            "/v2/vorgaenge/{nr}/finanzierungsvorschlaege/unbekannt"
        ))
        .await,
        404,
        "unbekannt",
    );

    // A case without proposals answers an empty list, not a 404.
    let none = demo_case(|c| c.finanzierungsvorschlaege.is_empty());
    let empty = app
        .client
        .finanzierungsvorschlaege(&none.vorgangs_nummer, Some("V2"))
        .await
        .unwrap();
    assert_eq!(empty.finanzierungsvorschlaege.map(|v| v.len()), Some(0));
}
