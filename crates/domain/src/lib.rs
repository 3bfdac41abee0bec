//! Domain rules of the Vorgänge API as pure functions: no I/O.

pub mod access;
pub mod assignment;
pub mod change_time;
pub mod directory;
pub mod edit;
pub mod numbers;
pub mod patch;
pub mod scopes;
