//! The `vorgaenge` command: serve the API, seed demo data, import cases, administer partners,
//! clients and keys.

pub mod admin;
pub mod connection_args;
pub mod database;
pub mod import;
pub mod seed;
pub mod serve;
pub mod transfer;
