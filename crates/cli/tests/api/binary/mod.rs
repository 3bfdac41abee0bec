//! The `vorgaenge` binary run as a user runs it: serving and stopping, seeding and
//! importing, and surviving `kill -9`.

mod crash;
mod seed_and_import;
mod serve;
