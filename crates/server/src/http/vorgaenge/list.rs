//! GET /{version}/vorgaenge: the cases changed in a window, newest (or oldest) first.

use axum::Extension;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use vorgaenge_domain::access::{Denial, list_cases};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_model::DatenKontext;
use vorgaenge_store::{CaseMeta, ListKey};

use super::list_body::{PageLinks, page_body};
use super::list_params::{Cursor, ListParams};
use crate::access::require_scope;
use crate::auth::bearer::Authenticated;
use crate::conditional::{self, IfNoneMatch};
use crate::error::ApiError;
use crate::http::json_bytes;
use crate::links::ApiVersion;
use crate::params::QueryParams;
use crate::state::AppState;

pub async fn handler(
    State(state): State<AppState>,
    Extension(version): Extension<ApiVersion>,
    Extension(auth): Extension<Authenticated>,
    query: QueryParams,
    if_none_match: IfNoneMatch,
) -> Result<Response, ApiError> {
    let (caller, snapshot) = (&auth.caller, &auth.snapshot);
    let directory = &snapshot.directory;
    require_scope(&auth, Scope::VorgangLesen)?;
    let params = ListParams::parse(&query, state.zone)?;
    list_cases(
        directory,
        &caller.partner,
        caller.scopes,
        params.daten_kontext,
    )
    .map_err(|d| list_denied(d, params.daten_kontext))?;
    let mut store_query = params.to_query();
    // Exactly the cases the caller may read: those of every partner it covers.
    store_query.partners = Some(directory.covered(&caller.partner));
    let page = state.store.list(&store_query).await?;

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

    let next = match page.items.last() {
        Some(last) if has_next => {
            let cursor = Cursor::After(key(last));
            Some(list_href(
                params.link_query(params.page.saturating_add(1), Some(&cursor)),
            ))
        }
        _ => None,
    };
    let prev = has_prev.then(|| {
        let prev_page = params.page.saturating_sub(1).max(0);
        let cursor = page.items.first().map(|first| Cursor::Before(key(first)));
        list_href(params.link_query(prev_page, cursor.as_ref()))
    });
    let links = PageLinks {
        next,
        prev,
        this: list_href(params.link_query(params.page, params.cursor.as_ref())),
    };
    // Each item's letzteAenderung is its case's entity tag; the page as a whole gets a weak
    // one, so that a poller whose page has not changed gets a 304 without a body.
    let body = page_body(&links, url, version, &page.items);
    let tag = conditional::weak_etag(&body);
    if if_none_match.matches(&tag) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let mut response = json_bytes(body);
    response.headers_mut().insert(header::ETAG, tag);
    Ok(response)
}

/// A production-data refusal names the way out: the same list in test mode.
fn list_denied(denial: Denial, kontext: DatenKontext) -> ApiError {
    match (denial, kontext) {
        (Denial::MissingScope(scope @ Scope::Echtgeschaeft), DatenKontext::EchtGeschaeft) => {
            ApiError::Forbidden {
                message: format!(
                    "Dem Token fehlt der Scope {scope} für datenKontext=ECHT_GESCHAEFT (der Standard der Liste); \
                     ohne ihn ist nur datenKontext=TEST_MODUS abrufbar"
                ),
                scope: Some(scope),
            }
        }
        (Denial::NoEchtgeschaeftRight, DatenKontext::EchtGeschaeft) => ApiError::Forbidden {
            message: "Der Partner hat kein Recht auf Echtgeschäft (datenKontext=ECHT_GESCHAEFT, der Standard der Liste); \
                      nur datenKontext=TEST_MODUS ist abrufbar"
                .to_owned(),
            scope: None,
        },
        (denial, _) => ApiError::denied(denial, None),
    }
}
