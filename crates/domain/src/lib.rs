//! Domain rules of the Vorgänge API as pure functions: no I/O.

pub mod change_time;
pub mod numbers;
