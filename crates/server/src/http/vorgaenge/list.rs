//! GET /{version}/vorgaenge: the cases changed in a window, newest (or oldest) first.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Map, Value, json};
use vorgaenge_store::{CaseMeta, ListKey};

use super::list_params::{Cursor, ListParams};
use crate::error::ApiError;
use crate::http::{json_value, link, self_links};
use crate::links::{ApiVersion, PublicUrl};
use crate::params::QueryParams;
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    Extension(version): Extension<ApiVersion>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let params = ListParams::parse(&query, state.zone)?;
    let page = state.store.list(&params.to_query()).await?;

    let url = &state.public_url;
    let list_href = |q: String| format!("{}vorgaenge?{q}", url.prefix(version));
    let key = |m: &CaseMeta| ListKey {
        letzte_aenderung: m.letzte_aenderung,
        vorgangs_nummer: m.vorgangs_nummer.clone(),
    };
    let backwards = matches!(params.cursor, Some(Cursor::Before(_)));
    // Read forwards, `more` says whether a next page exists; read backwards (a prev link),
    // the page we came from follows, and `more` says whether anything lies before.
    let has_next = if backwards { true } else { page.more };
    let has_prev = if backwards {
        page.more
    } else {
        params.page > 0
    };

    let mut links = Map::new();
    links.insert(
        "self".into(),
        link(list_href(
            params.link_query(params.page, params.cursor.as_ref()),
        )),
    );
    if has_next && let Some(last) = page.items.last() {
        let cursor = Cursor::After(key(last));
        links.insert(
            "next".into(),
            link(list_href(
                params.link_query(params.page.saturating_add(1), Some(&cursor)),
            )),
        );
    }
    if has_prev {
        let prev_page = params.page.saturating_sub(1).max(0);
        let cursor = page.items.first().map(|first| Cursor::Before(key(first)));
        links.insert(
            "prev".into(),
            link(list_href(params.link_query(prev_page, cursor.as_ref()))),
        );
    }
    let items: Vec<Value> = page
        .items
        .iter()
        .map(|m| list_item(url, version, m))
        .collect();
    Ok(json_value(&json!({ "_links": links, "vorgaenge": items })))
}

fn list_item(url: &PublicUrl, version: ApiVersion, m: &CaseMeta) -> Value {
    let mut item = Map::new();
    item.insert(
        "_links".into(),
        self_links(url.case(version, &m.vorgangs_nummer, "")),
    );
    item.insert("vorgangsNummer".into(), m.vorgangs_nummer.clone().into());
    if let Some(ext) = &m.externe_vorgangs_nummer {
        item.insert("externeVorgangsNummer".into(), ext.clone().into());
    }
    item.insert("datenKontext".into(), m.daten_kontext.as_str().into());
    item.insert(
        "letzteAenderung".into(),
        m.letzte_aenderung.to_rfc3339().into(),
    );
    if let Some(e) = &m.letztes_ereignis {
        item.insert("letztesEreignis".into(), e.clone().into());
    }
    Value::Object(item)
}
