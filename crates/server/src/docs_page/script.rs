//! `GET /docs/scalar.js`: Scalar's API reference, as the `scalar_api_reference` crate embeds
//! it (about 5 MB). It changes only with that crate's version, so browsers keep it for a day
//! and then revalidate it by its entity tag.

use std::sync::LazyLock;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::conditional::{IfNoneMatch, weak_etag};

/// Where the page loads the script from.
pub const PATH: &str = "/docs/scalar.js";

/// The crate's name for the asset.
const ASSET: &str = "scalar.js";

/// RFC 9239's media type for JavaScript (the crate would say `application/javascript`).
const CONTENT_TYPE: &str = "text/javascript; charset=utf-8";

const CACHE_CONTROL: &str = "public, max-age=86400";

struct Asset {
    body: Bytes,
    etag: HeaderValue,
}

/// Taken once: the crate copies the script into a new buffer on every call.
static SCRIPT: LazyLock<Option<Asset>> = LazyLock::new(|| {
    let body = Bytes::from(scalar_api_reference::get_asset(ASSET)?);
    Some(Asset {
        etag: weak_etag(&body),
        body,
    })
});

/// `GET /docs/scalar.js`; 304 when the browser's copy is current.
pub async fn script(if_none_match: IfNoneMatch) -> Response {
    let Some(asset) = SCRIPT.as_ref() else {
        // Only a broken build of the crate lacks it; the page then shows no reference.
        tracing::error!("the Scalar script is missing from the scalar_api_reference crate");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let current = if_none_match.matches(&asset.etag);
    let mut response = if current {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = asset.body.clone().into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(header::ETAG, asset.etag.clone());
    response
}
