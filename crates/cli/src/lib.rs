//! The `vorgaenge` command: serve the API, seed demo data, import cases.

pub mod database;
pub mod import;
pub mod seed;
pub mod serve;
