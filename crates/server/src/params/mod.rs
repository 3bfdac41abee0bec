//! Path and query parameters, parsed by hand so that every problem becomes a 400 that names
//! the parameter and says what is wrong (axum's own extractors answer in plain text).

mod path;
mod query;

pub use path::PathParams;
pub use query::QueryParams;
