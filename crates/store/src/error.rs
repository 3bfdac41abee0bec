/// A failure of the storage backend. Callers answer it with an opaque 500; the details are
/// for the log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Database(String),
    /// The connection pool could not hand out a connection.
    #[error("connection pool error: {0}")]
    Pool(String),
    /// Data in the database is not what this version expects.
    #[error("corrupt data: {0}")]
    Corrupt(String),
}
