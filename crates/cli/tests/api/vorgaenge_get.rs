//! GET /v2/vorgaenge/{vorgangsNummer}: the case document with its links, as stored.

use vorgaenge_store::document::antrag_address;

use crate::support::{demo_case, spawn_demo};

#[tokio::test]
async fn get_case_serves_the_document_with_links() {
    let app = spawn_demo().await;
    let case = demo_case(|c| c.vorgangs_bearbeiter.is_some());
    let nr = &case.vorgangs_nummer;
    let response = app.get(&format!("/v2/vorgaenge/{nr}")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(response.header("x-traceid").is_some());
    let mut body = response.json();

    let base = &app.base;
    let links = body.as_object_mut().unwrap().remove("_links").unwrap();
    // As upstream's v2 answers have them: `self` and `gemerkteAngebote` name the version,
    // `finanzierungsvorschlaege` does not.
    assert_eq!(
        links["self"]["href"],
        format!("{base}/v2/vorgaenge/{nr}?apiVersion=V2")
    );
    assert_eq!(
        links["antraege"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/antraege")
    );
    assert_eq!(
        links["ereignisse"]["href"],
        format!("{base}/v2/ereignisse/{nr}")
    );
    assert_eq!(
        links["finanzierungsvorschlaege"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/finanzierungsvorschlaege")
    );
    assert_eq!(
        links["gemerkteAngebote"]["href"],
        format!("{base}/v2/vorgaenge/{nr}/gemerkteAngebote?apiVersion=V2")
    );
    // Each link leads somewhere that answers.
    for name in [
        "self",
        "finanzierungsvorschlaege",
        "gemerkteAngebote",
        "ereignisse",
    ] {
        let href = links[name]["href"].as_str().unwrap();
        let path = href.strip_prefix(base.as_str()).unwrap();
        assert_eq!(app.get(path).await.status, 200, "{name}: {href}");
    }
    // Every Antrag carries its self link; apart from those, the document is what was stored.
    for antrag in body["antraege"].as_array_mut().unwrap() {
        let (a, t) = antrag_address(antrag["antragsNummer"].as_str().unwrap()).unwrap();
        let own = antrag.as_object_mut().unwrap().remove("_links").unwrap();
        assert_eq!(
            own["self"]["href"],
            format!("{base}/v2/vorgaenge/{nr}/antraege/{a}/{t}")
        );
    }
    assert_eq!(body, case.vorgang);

    // The typed client decodes it into the contract's model.
    let typed = app.client.vorgang(nr).await.unwrap();
    assert_eq!(typed.vorgangs_nummer.as_deref(), Some(nr.as_str()));
}
