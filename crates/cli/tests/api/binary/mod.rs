//! The `vorgaenge` binary run as a user runs it: serving and stopping, seeding and
//! importing, its log, and surviving `kill -9`.

mod crash;
mod logs;
mod seed_and_import;
mod serve;
