//! GET /{version}/vorgaenge/{vorgangsNummer}: the hot path. The stored bytes are written out
//! with the links around them; the document is never parsed here.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use vorgaenge_store::{StoredCase, document};

use crate::conditional::{self, IfNoneMatch};
use crate::context::Context;
use crate::error::ApiError;
use crate::http::json_bytes;
use crate::links::{ApiVersion, PublicUrl};
use crate::params::PathParams;

pub async fn handler(
    ctx: Context,
    params: PathParams,
    if_none_match: IfNoneMatch,
) -> Result<Response, ApiError> {
    let nr = params.vorgangs_nummer()?;
    let case = ctx.state.cases.read(&ctx.auth, nr).await?;
    if if_none_match.not_modified(case.meta.letzte_aenderung) {
        let tag = conditional::etag(case.meta.letzte_aenderung);
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    Ok(case_response(&ctx.state.public_url, ctx.version, &case))
}

/// 200 with the case as served and its entity tag.
pub fn case_response(url: &PublicUrl, version: ApiVersion, case: &StoredCase) -> Response {
    let nr = &case.meta.vorgangs_nummer;
    let mut response = json_bytes(render(url, version, nr, &case.document));
    response
        .headers_mut()
        .insert(header::ETAG, conditional::etag(case.meta.letzte_aenderung));
    response
}

/// The full case body as served, links included.
pub fn render(url: &PublicUrl, version: ApiVersion, nr: &str, stored: &[u8]) -> Vec<u8> {
    let links = links_member(url, version, nr);
    let mut out = Vec::new();
    document::render(stored, &links, url.prefix(version), &mut out);
    out
}

/// The parsed case body as served, for the operations that answer a part of it.
pub fn render_value(
    url: &PublicUrl,
    version: ApiVersion,
    nr: &str,
    stored: &[u8],
) -> Result<serde_json::Map<String, Value>, ApiError> {
    crate::http::stored_object(&render(url, version, nr, stored), "case")
}

/// `"_links":{…}` of a case. The events live under /v2/ereignisse in both versions; v3 has
/// no saved-offer operations, so it gets no link to them. Written piece by piece into one
/// buffer: this runs on every GET of a case, where `format!` per link showed up in profiles.
fn links_member(url: &PublicUrl, version: ApiVersion, nr: &str) -> String {
    let prefix = url.prefix(version);
    let events_prefix = url.prefix(ApiVersion::V2);
    let nr = crate::links::encode(nr);
    let mut out = String::with_capacity(6 * (prefix.len() + nr.len() + 48));
    out.push_str(r#""_links":{"#);
    let mut link = |first: bool, name: &str, base: &str, middle: &str, suffix: &str| {
        if !first {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str(r#"":{"href":""#);
        out.push_str(base);
        out.push_str(middle);
        out.push_str(&nr);
        out.push_str(suffix);
        out.push_str(r#""}"#);
    };
    // As upstream's v2 answers show them: `self` and `gemerkteAngebote` name the version,
    // `finanzierungsvorschlaege` does not (its `apiVersion` defaults to V2 here).
    let version_query = match version {
        ApiVersion::V2 => "?apiVersion=V2",
        ApiVersion::V3 => "",
    };
    link(true, "self", prefix, "vorgaenge/", version_query);
    link(false, "antraege", prefix, "vorgaenge/", "/antraege");
    link(false, "ereignisse", events_prefix, "ereignisse/", "");
    link(
        false,
        "finanzierungsvorschlaege",
        prefix,
        "vorgaenge/",
        "/finanzierungsvorschlaege",
    );
    if version == ApiVersion::V2 {
        link(
            false,
            "gemerkteAngebote",
            prefix,
            "vorgaenge/",
            "/gemerkteAngebote?apiVersion=V2",
        );
    }
    out.push('}');
    out
}
