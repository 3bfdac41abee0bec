//! The spec's upstream pair: our case made from its request (and its data put into a case)
//! equals the case Europace's production made of it.

use serde_json::{Value, json};
use vorgaenge_server::http::kundenangaben::ignoriert::IGNORIERTE_WERTE;

use super::{own_request, send_json};
use crate::support::case_state::case;
use crate::support::requests::assert_status;
use crate::support::schema::validate_all;
use crate::support::{spawn_app, upstream_pair};

/// The values the pair's request sends outside the contract's lists.
const PAIR_IGNORIERT: &str = "$.importMetadaten.prioritaet, \
    $.kundenangaben.haushalte[0].finanzielleSituation.bestehendeImmobilien[0].darlehensliste[0].darlehensgeber.produktanbieter, \
    $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse, \
    $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[1].bausparkasse";

/// Asserts that `ours` equals upstream's case of the pair in the members `compared` (all
/// when `None`), listing every difference.
fn assert_as_upstream(upstream: &Value, ours: &Value, compared: Option<&[&str]>) {
    let pick = |vorgang: &Value| match compared {
        None => upstream_pair::comparable(vorgang),
        Some(names) => {
            let all = upstream_pair::comparable(vorgang);
            let picked = names
                .iter()
                .filter_map(|n| Some(((*n).to_owned(), all.get(*n)?.clone())))
                .collect();
            Value::Object(picked)
        }
    };
    let mut ours = ours.clone();
    upstream_pair::kindergeld_as_on_upstreams_day(upstream, &mut ours);
    let differences = upstream_pair::differences(&pick(upstream), &pick(&ours));
    assert!(
        differences.is_empty(),
        "{} differences from upstream:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[tokio::test]
async fn the_upstream_pair_is_mapped_as_upstream_mapped_it() {
    let Some((request, upstream)) = upstream_pair::load() else {
        return;
    };
    let app = spawn_app().await;
    let created = send_json(&app, "POST", "/kundenangaben", &request, &[]).await;
    assert_status(&created, 201);
    assert_eq!(created.header(IGNORIERTE_WERTE), Some(PAIR_IGNORIERT));
    let nr = created.json()["vorgangsnummer"]
        .as_str()
        .unwrap()
        .to_owned();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_as_upstream(&upstream, &vorgang, None);
    validate_all(&[("Vorgang", vorgang)]);
}

#[tokio::test]
async fn replacing_with_the_upstream_pairs_data_maps_as_upstream() {
    let Some((request, upstream)) = upstream_pair::load() else {
        return;
    };
    let app = spawn_app().await;
    let nr = app
        .client
        .import_kundenangaben(&own_request("Vorher"))
        .await
        .unwrap();
    let update = json!({ "kundenangaben": request["kundenangaben"], "updateMetadaten": {} });
    let replaced = send_json(&app, "PUT", &format!("/kundenangaben/{nr}"), &update, &[]).await;
    assert_status(&replaced, 204);
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_as_upstream(
        &upstream,
        &vorgang,
        Some(vorgaenge_domain::edit::ERFASSTE_DATEN),
    );
    validate_all(&[("Vorgang", vorgang)]);
}
