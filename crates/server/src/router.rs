//! Every route of the API, in one place.

use std::convert::Infallible;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::from_fn;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower::{Layer, Service};

use crate::auth::{bearer, oauth_error, token, well_known};
use crate::error::ApiError;
use crate::http::{
    antraege, antrag_actions, ereignisse, finanzierungsvorschlaege, gemerkte_angebote,
    kundenangaben, nachricht, parties, vorgaenge,
};
use crate::links::ApiVersion;
use crate::state::AppState;

/// Every route with its own layers. [`crate::serve`] wraps it in the outer ones (trace id and
/// error body, panics): outside the router, they see what the router adds to an answer (a
/// 405's `Allow`), and run once per request instead of once per route.
pub fn router(state: AppState) -> Router {
    let gate = axum::middleware::from_fn_with_state(state.clone(), bearer::require_token);
    // Bodies read by axum's own extractors (the token form) obey the same bound as ours.
    let body_limit = DefaultBodyLimit::max(state.limits.max_body_bytes);
    // The case routes are merged with their full paths rather than nested: a nested router
    // is one more boxed service (and state) cloned and dropped on every request, and these
    // are the hot routes. The routes and their answers are the same either way.
    Router::new()
        .merge(vorgaenge_routes(ApiVersion::V2).route_layer(gate.clone()))
        .merge(vorgaenge_routes(ApiVersion::V3).route_layer(gate.clone()))
        .merge(ereignisse_routes().route_layer(gate))
        // Each API with an error format of its own gets it from a layer around its whole
        // router, which sees everything the router answers (405s with their `Allow`).
        .merge(kundenangaben_routes(&state))
        .route_service("/auth/token", token_route(&state))
        .route_service("/auth/access-token", token_route(&state))
        .route("/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/.well-known/oauth-authorization-server",
            get(well_known::metadata),
        )
        .route("/metrics", get(crate::observe::handler))
        .route("/health/live", get(crate::health::live))
        .route("/health/ready", get(crate::health::ready))
        .route("/openapi.json", get(crate::openapi::json))
        .route("/openapi.yaml", get(crate::openapi::yaml))
        .route("/", get(crate::docs_page::root))
        .route(crate::docs_page::PATH, get(crate::docs_page::page))
        .route(crate::docs_page::SCRIPT_PATH, get(crate::docs_page::script))
        .fallback(unknown_route)
        .layer(crate::observe::ObserveLayer::new(state.clone()))
        .layer(body_limit)
        .with_state(state)
}

/// The Kundenangaben API under its prefix, with every error of its own a problem: the
/// router (nested as ever) is wrapped whole and answers every path below the prefix.
fn kundenangaben_routes(state: &AppState) -> Router<AppState> {
    let prefix = kundenangaben::problem::PREFIX;
    let gate = axum::middleware::from_fn_with_state(state.clone(), bearer::require_token);
    let api = from_fn(kundenangaben::problem::layer).layer(
        Router::new()
            .nest(
                prefix,
                kundenangaben::routes()
                    .route_layer(gate)
                    // One version only; it is the context's (its answers link nowhere).
                    .layer(Extension(ApiVersion::V2)),
            )
            .layer(from_fn(crate::access_log::note_route))
            .with_state(state.clone()),
    );
    Router::new()
        .route_service(prefix, api.clone())
        .route_service(&format!("{prefix}/"), api.clone())
        .route_service(&format!("{prefix}/{{*rest}}"), api)
}

/// The token endpoint, with every error of its own in RFC 6749's format.
fn token_route(
    state: &AppState,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send>
+ Clone
+ Send
+ Sync
+ 'static {
    from_fn(oauth_error::layer).layer(post(token::handler).with_state(state.clone()))
}

/// The case operations of one API version, under `/{version}/vorgaenge`. v3 drops the three
/// saved-offer operations.
fn vorgaenge_routes(version: ApiVersion) -> Router<AppState> {
    let prefix = format!("/{}/vorgaenge", version.path());
    let at = |path: &str| format!("{prefix}{path}");
    let mut routes = Router::new()
        .route(&prefix, get(vorgaenge::list::handler))
        .route(
            &at("/{vorgangsNummer}"),
            get(vorgaenge::get::handler).patch(vorgaenge::patch::handler),
        )
        .route(&at("/{vorgangsNummer}/antraege"), get(antraege::all))
        .route(
            &at("/{vorgangsNummer}/antraege/{antragsNummer}"),
            get(antraege::by_antrag),
        )
        .route(
            &at("/{vorgangsNummer}/antraege/{antragsNummer}/{teilantragsNummer}"),
            get(antraege::one),
        )
        .route(
            &at(
                "/{vorgangsNummer}/antraege/{antragsNummer}/{teilantragsNummer}/entscheidungsreife",
            ),
            post(antrag_actions::entscheidungsreife),
        )
        .route(
            &at("/{vorgangsNummer}/antraege/{antragsNummer}/{teilantragsNummer}/status"),
            post(antrag_actions::status),
        )
        .route(
            &at("/{vorgangsNummer}/finanzierungsvorschlaege"),
            get(finanzierungsvorschlaege::all),
        )
        .route(
            &at("/{vorgangsNummer}/finanzierungsvorschlaege/{finanzierungsvorschlagId}"),
            get(finanzierungsvorschlaege::one),
        )
        .route(
            &at("/{vorgangsNummer}/kundenBetreuer"),
            get(parties::kunden_betreuer).put(parties::put_kunden_betreuer),
        )
        .route(&at("/{vorgangsNummer}/nachricht"), post(nachricht::handler))
        .route(
            &at("/{vorgangsNummer}/vorgangsBearbeiter"),
            get(parties::vorgangs_bearbeiter).put(parties::put_vorgangs_bearbeiter),
        );
    if version == ApiVersion::V2 {
        routes = routes
            .route(
                &at("/{vorgangsNummer}/gemerkteAngebote"),
                get(gemerkte_angebote::all),
            )
            .route(
                &at("/{vorgangsNummer}/gemerkteAngebote/{nummerAmVorgang}"),
                get(gemerkte_angebote::one),
            )
            .route(
                &at("/{vorgangsNummer}/gemerkteAngebote/{nummerAmVorgang}/zahlungsPlaene"),
                get(gemerkte_angebote::zahlungsplaene),
            );
    }
    routes.layer(Extension(version))
}

/// The events of cases and Anträge, under `/v2/ereignisse`. They exist only as v2; v3 cases
/// link here too.
fn ereignisse_routes() -> Router<AppState> {
    let at = |path: &str| format!("/{}/ereignisse{path}", ApiVersion::V2.path());
    Router::new()
        .route(&at(""), get(ereignisse::by_query))
        .route(&at("/{vorgangsNummer}"), get(ereignisse::of_case))
        .route(
            &at("/{vorgangsNummer}/{antragsNummer}/{teilAntragsNummer}"),
            get(ereignisse::of_antrag),
        )
        .layer(Extension(ApiVersion::V2))
}

async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("Pfad {} existiert nicht", uri.path()))
}
