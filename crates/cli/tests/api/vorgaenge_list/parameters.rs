//! GET /v2/vorgaenge with bad parameters: 400, naming the parameter.

use crate::support::error_body::assert_error;
use crate::support::spawn_demo;

#[tokio::test]
async fn bad_list_parameters_are_400_naming_the_parameter() {
    let app = spawn_demo().await;
    for (query, name) in [
        ("datenKontext=ECHT", "datenKontext"),
        ("datenKontext=", "datenKontext"),
        ("sort=desc", "sort"),
        ("sort=ABSTEIGEND", "sort"),
        ("page=-1", "page"),
        ("page=eins", "page"),
        ("page=2147483648", "page"),
        ("page=1.5", "page"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-5", "limit"),
        ("limit=", "limit"),
        ("aenderungSeit=2020-7-10", "aenderungSeit"),
        ("aenderungSeit=202007", "aenderungSeit"),
        ("aenderungSeit=2020-13-01", "aenderungSeit"),
        ("aenderungSeit=2020-07-10T13:60", "aenderungSeit"),
        ("aenderungSeit=2020-07-10T25", "aenderungSeit"),
        (
            "aenderungSeit=2020-07-10T13:00%5BEurope%2FBerlin%5D",
            "aenderungSeit",
        ),
        ("aenderungSeit=2020-02-31", "aenderungSeit"),
        ("aenderungSeit=gestern", "aenderungSeit"),
        ("aenderungSeit=", "aenderungSeit"),
        ("aenderungBis=2020-07-10T13:00+02:00", "aenderungBis"),
        ("aenderungBis=2021-366", "aenderungBis"),
        ("cursor=kaputt", "cursor"),
        ("cursor=n.12x.AB1234", "cursor"),
        ("cursor=q.1.AB1234", "cursor"),
        ("cursor=n.1.", "cursor"),
        ("limit=5&limit=6", "limit"),
    ] {
        let response = app.get(&format!("/v2/vorgaenge?{query}")).await;
        assert_error(&response, 400, name);
    }
    // An unencoded '+' arrives as a space: the message says how to send it.
    let response = app
        .get("/v2/vorgaenge?aenderungSeit=2020-07-10T13:00+02:00")
        .await;
    assert_error(&response, 400, "%2B");
}
