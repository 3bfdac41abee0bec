//! The API reference in a browser: `GET /docs` (our page: how to get a token, then Scalar's
//! rendering of `/openapi.json`), `GET /docs/scalar.js` (Scalar's script, built into the
//! binary so the page works offline) and `GET /` (leads to `/docs`). No token, no rate
//! limit: the page is public, and its requests to the API carry the token the reader gets.

mod script;

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

pub use script::{PATH as SCRIPT_PATH, script};

/// Where the page lives, and where `/` leads.
pub const PATH: &str = "/docs";

/// The page: static HTML; it loads the script from [`script::PATH`] and the document from
/// `/openapi.json`.
const PAGE: &str = include_str!("page.html");

/// `GET /`: temporary, so that `/` stays free for something else later.
pub async fn root() -> Redirect {
    Redirect::temporary(PATH)
}

/// `GET /docs`.
pub async fn page() -> Response {
    let mut response = Html(PAGE).into_response();
    // Revalidated on every visit: a new version of the server may bring a new page.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
