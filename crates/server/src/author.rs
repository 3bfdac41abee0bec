//! The author of a change: the verified caller and the request it came with, as the change's
//! audit record keeps them and its log line tells them.
//!
//! The events of a change name only the partner it was made as; when a partner acts on
//! behalf of one below it, only the audit record and the log keep who really acted, through
//! which client, and under which trace id to look for the request.

use axum::extract::{FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use vorgaenge_domain::edit::EventDraft;
use vorgaenge_store::{AuditEreignis, AuditRecord, Timestamp};

use crate::context::Context;
use crate::error::ApiError;
use crate::state::AppState;
use crate::trace::TraceId;

/// The caller of a write operation, with the request's trace id and the operation itself.
#[derive(Debug, Clone)]
pub struct Author {
    /// The request's context: who calls, as the token gate verified it, and the state.
    pub ctx: Context,
    trace_id: String,
    /// The method and route template, e.g. `PATCH /v2/vorgaenge/{vorgangsNummer}`: the
    /// operation, not the concrete path, so records of one operation read alike.
    aktion: String,
}

impl FromRequestParts<AppState> for Author {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ctx = Context::from_request_parts(parts, state).await?;
        // The serving loop's layer gives every request one; missing, the router runs bare.
        let trace_id = parts
            .extensions
            .get::<TraceId>()
            .map(|t| t.0.clone())
            .ok_or_else(|| ApiError::Internal("write route without a trace id".into()))?;
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .map_or_else(|| parts.uri.path(), MatchedPath::as_str);
        Ok(Author {
            ctx,
            trace_id,
            aktion: format!("{} {route}", parts.method),
        })
    }
}

impl Author {
    /// The audit record of a change that appends `events`. The store sets its time and case
    /// number when it writes the change.
    pub(crate) fn record(&self, events: &[EventDraft]) -> AuditRecord {
        let caller = &self.ctx.auth.caller;
        AuditRecord {
            zeit: Timestamp(0),
            vorgangs_nummer: String::new(),
            partner: caller.partner.clone(),
            actor: caller.actor.clone(),
            client_id: caller.client_id.clone(),
            trace_id: self.trace_id.clone(),
            aktion: self.aktion.clone(),
            ereignisse: events
                .iter()
                .map(|e| AuditEreignis {
                    typ: e.typ.as_str().to_owned(),
                    aktivitaet: e.aktivitaet.as_str().to_owned(),
                })
                .collect(),
        }
    }
}

/// The log line of a committed change: one per audit record, with the same facts.
pub(crate) fn log_change(record: &AuditRecord) {
    let ereignisse = record
        .ereignisse
        .iter()
        .map(|e| e.aktivitaet.as_str())
        .collect::<Vec<_>>()
        .join(",");
    tracing::info!(
        vorgangs_nummer = %record.vorgangs_nummer,
        partner = %record.partner,
        actor = record.actor.as_deref().map(tracing::field::display),
        client_id = %record.client_id,
        trace_id = %record.trace_id,
        aktion = %record.aktion,
        %ereignisse,
        "case changed"
    );
}
