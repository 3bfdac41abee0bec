//! GET /{version}/vorgaenge: the cases changed in a window, newest (or oldest) first.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use vorgaenge_domain::scopes::Scope;
use vorgaenge_store::{CaseMeta, ListKey};

use super::list_body::{PageLinks, page_body};
use super::list_params::{Cursor, ListParams};
use crate::access::require_scope;
use crate::conditional::{self, IfNoneMatch};
use crate::context::Context;
use crate::error::ApiError;
use crate::http::json_bytes;
use crate::params::QueryParams;

pub async fn handler(
    ctx: Context,
    query: QueryParams,
    if_none_match: IfNoneMatch,
) -> Result<Response, ApiError> {
    let Context {
        state,
        auth,
        version,
    } = ctx;
    // The scope before the parameters: a token without it learns nothing, not even 400s.
    require_scope(&auth, Scope::VorgangLesen)?;
    let params = ListParams::parse(&query, state.zone)?;
    let page = state
        .cases
        .list(&auth, params.daten_kontext, params.to_query())
        .await?;

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
