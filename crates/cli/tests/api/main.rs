//! The end-to-end tests of the `vorgaenge` command, in one test binary: the real server on a
//! free port over a temporary database (SQLite, or PostgreSQL with
//! `VORGAENGE_TEST_BACKEND=postgres`), reached through the project's own client; and the
//! binary itself, run as a user runs it. One module per operation or subject; the helpers
//! they share are in `support`.

mod support;

// The case and its sub-resources, operation by operation.
mod antraege;
mod ereignisse;
mod finanzierungsvorschlaege;
mod gemerkte_angebote;
mod kundenbetreuer_vorgangsbearbeiter;
mod nachricht;
mod vorgaenge_get;
mod vorgaenge_list;
mod vorgaenge_patch;

// What holds across operations.
mod conditional_requests;
mod errors;
mod schema_conformance;
mod unchanged_writes;
mod v3;

// The Kundenangaben API.
mod kundenangaben;

// Access: tokens, the authorization matrix, external issuers, rate limits.
mod authorization;
mod external_issuer;
mod rate_limit;
mod token;

// The server under load and across instances.
mod change_feed;
mod connections;
mod multi_instance;

// Operating it: the binary, admin commands, audit, moving data, PostgreSQL.
mod admin;
mod audit;
mod binary;
mod docs_page;
mod health;
mod import;
mod metrics;
mod openapi;
mod postgres_serve;
mod tls;
mod transfer;
