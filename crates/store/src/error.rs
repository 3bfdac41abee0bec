/// A failure of the storage backend. Callers answer it with an opaque 500; the details are
/// for the log only.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error; the driver's error, where there is one, is kept as
    /// the source so that the log shows the whole chain.
    #[error("database error: {message}")]
    Database {
        message: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The connection pool could not hand out a connection.
    #[error("connection pool error: {0}")]
    Pool(String),
    /// Data in the database is not what this version expects.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// The caller's edit or creation of a case panicked: a bug of the caller's. Its
    /// transaction was rolled back; nothing was written.
    #[error("{0} panicked; nothing was written")]
    Panicked(&'static str),
}

impl StoreError {
    /// A database error described by `message` alone.
    pub fn database(message: impl Into<String>) -> Self {
        Self::Database {
            message: message.into(),
            source: None,
        }
    }

    /// A database error caused by the driver's `source`, described by `message` (which says
    /// what the source says, so that the message alone is enough for a log line).
    pub fn from_driver(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Database {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;

    #[test]
    fn a_driver_error_is_kept_as_the_source() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "no access");
        let e = StoreError::from_driver(format!("cannot open: {io}"), io);
        assert_eq!(e.to_string(), "database error: cannot open: no access");
        let source = std::error::Error::source(&e).expect("the driver's error");
        assert_eq!(
            source
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::PermissionDenied)
        );
        assert_eq!(
            StoreError::Panicked("an edit").to_string(),
            "an edit panicked; nothing was written"
        );
    }
}
