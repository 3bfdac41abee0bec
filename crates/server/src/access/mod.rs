//! The one way a request reaches a case's data.
//!
//! The store's per-case reads and writes are methods of [`Cases`], whose store handle no
//! other module can name. Each read answers a [`Visible`]: the proof that the caller passed
//! the rule for what it asked, and the only way to the case's other data (its Kundenangaben,
//! proposals, saved offers, events). A handler therefore cannot read a case without the
//! check, nor read with the wrong one: events need a `Visible` of the events rule. A case the
//! caller may not see answers exactly like a missing one (404), whatever the route.
//!
//! Writes go through [`Cases::edit`] (`write.rs`), which applies the write rule inside the
//! store's write transaction; lists through [`Cases::list`] (`list.rs`), which asks the store
//! for exactly the cases of the partners the caller covers.

mod list;
mod write;

use std::marker::PhantomData;
use std::ops::Deref;
use std::sync::Arc;

use bytes::Bytes;
use vorgaenge_domain::access::{self, CaseParties, Denial};
use vorgaenge_domain::directory::Directory;
use vorgaenge_domain::scopes::{Scope, ScopeSet};
use vorgaenge_store::{
    CaseMeta, SchemaVersion, Store, StoreResult, StoredAngebot, StoredCase, StoredVorschlag,
};

pub use write::{CreatePermit, Writable, may_create};

use crate::auth::caller::Authenticated;
use crate::error::ApiError;

/// The cases of the store, as requests may reach them.
#[derive(Debug, Clone)]
pub struct Cases {
    store: Arc<dyn Store>,
}

impl Cases {
    pub(crate) fn new(store: Arc<dyn Store>) -> Cases {
        Cases { store }
    }

    /// Case `nr` with its document, if the caller may read it.
    pub async fn read(
        &self,
        auth: &Authenticated,
        nr: &str,
    ) -> Result<Visible<'_, StoredCase>, ApiError> {
        self.fetch(auth, nr, self.store.case(nr)).await
    }

    /// Only the columns of case `nr` (no document), if the caller may read it.
    pub async fn read_meta(
        &self,
        auth: &Authenticated,
        nr: &str,
    ) -> Result<Visible<'_, CaseMeta>, ApiError> {
        self.fetch(auth, nr, self.store.case_meta(nr)).await
    }

    /// The columns of case `nr`, if the caller may read its events.
    pub async fn read_events(
        &self,
        auth: &Authenticated,
        nr: &str,
    ) -> Result<Visible<'_, CaseMeta, Events>, ApiError> {
        self.fetch(auth, nr, self.store.case_meta(nr)).await
    }

    /// Case `nr` with its document (to find an Antrag), if the caller may read its events.
    pub async fn read_events_of_case(
        &self,
        auth: &Authenticated,
        nr: &str,
    ) -> Result<Visible<'_, StoredCase, Events>, ApiError> {
        self.fetch(auth, nr, self.store.case(nr)).await
    }

    /// The columns of case `nr`, if the caller may change it: for an operation that must
    /// refuse an invisible case before it judges the request's body. The change itself
    /// still goes through [`Cases::edit`], which checks again on the case as committed.
    pub async fn check_write(
        &self,
        auth: &Authenticated,
        nr: &str,
    ) -> Result<Visible<'_, CaseMeta, Write>, ApiError> {
        self.fetch(auth, nr, self.store.case_meta(nr)).await
    }

    /// The database's schema version (no case data: for readiness, which needs the database
    /// to answer).
    pub async fn schema_version(&self) -> StoreResult<SchemaVersion> {
        self.store.schema_version().await
    }

    /// How busy the database connections are (metrics; no case data).
    pub fn pool_stats(&self) -> Vec<vorgaenge_store::PoolStats> {
        self.store.pool_stats()
    }

    /// The operation's scope first (a token without it cannot tell an existing case from a
    /// missing one), then the case (`load`, not started before), then the rest of the rule
    /// on its parties.
    async fn fetch<T: HasMeta, R: Rule>(
        &self,
        auth: &Authenticated,
        nr: &str,
        load: impl Future<Output = StoreResult<Option<T>>>,
    ) -> Result<Visible<'_, T, R>, ApiError> {
        require_scope(auth, R::SCOPE)?;
        let value = load.await?.ok_or_else(|| ApiError::case_not_found(nr))?;
        let meta = value.meta();
        R::check(
            &auth.snapshot.directory,
            &auth.caller.partner,
            auth.caller.scopes,
            parties(meta),
        )
        .map_err(|denial| ApiError::denied(denial, Some(&meta.vorgangs_nummer)))?;
        Ok(Visible {
            store: &*self.store,
            value,
            rule: PhantomData,
        })
    }
}

/// A case, or a part of it, that the caller passed rule `R` for. Only [`Cases`] makes one.
#[derive(Debug)]
pub struct Visible<'s, T, R = Read> {
    store: &'s dyn Store,
    value: T,
    rule: PhantomData<R>,
}

impl<T: HasMeta, R> Visible<'_, T, R> {
    /// The case's number as stored.
    pub fn nr(&self) -> &str {
        &self.value.meta().vorgangs_nummer
    }

    /// The case (or its columns) itself.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T, R> Deref for Visible<'_, T, R> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// What lies inside a case is readable under the read rule.
impl<T: HasMeta> Visible<'_, T, Read> {
    /// The Kundenangaben stored with the case, as received; `None` if it has none.
    pub async fn kundenangaben(&self) -> StoreResult<Option<Bytes>> {
        self.store.kundenangaben(self.nr()).await
    }

    /// The case's financing proposals, ordered by id.
    pub async fn finanzierungsvorschlaege(&self) -> StoreResult<Vec<StoredVorschlag>> {
        self.store.finanzierungsvorschlaege(self.nr()).await
    }

    /// The case's saved offers, ordered by their number within the case.
    pub async fn gemerkte_angebote(&self) -> StoreResult<Vec<StoredAngebot>> {
        self.store.gemerkte_angebote(self.nr()).await
    }
}

impl<T: HasMeta> Visible<'_, T, Events> {
    /// The events of the case, or of its Antrag `antrags_nummer`, oldest first, as stored.
    pub async fn events(&self, antrags_nummer: Option<&str>) -> StoreResult<Vec<Bytes>> {
        self.store.events(self.nr(), antrags_nummer).await
    }
}

/// The rule a [`Visible`] was checked against.
pub trait Rule {
    /// The operation's scope, checked before the case is looked up.
    const SCOPE: Scope;

    fn check(
        directory: &Directory,
        partner: &str,
        scopes: ScopeSet,
        case: CaseParties<'_>,
    ) -> Result<(), Denial>;
}

/// Reading a case, its Anträge, offers, proposals, partners and Kundenangaben.
#[derive(Debug)]
pub enum Read {}

/// Reading the events of a case or of its Anträge.
#[derive(Debug)]
pub enum Events {}

/// Changing a case.
#[derive(Debug)]
pub enum Write {}

impl Rule for Read {
    const SCOPE: Scope = Scope::VorgangLesen;

    fn check(d: &Directory, p: &str, s: ScopeSet, c: CaseParties<'_>) -> Result<(), Denial> {
        access::read_case(d, p, s, c)
    }
}

impl Rule for Events {
    const SCOPE: Scope = Scope::EreignisLesen;

    fn check(d: &Directory, p: &str, s: ScopeSet, c: CaseParties<'_>) -> Result<(), Denial> {
        access::read_events(d, p, s, c)
    }
}

impl Rule for Write {
    const SCOPE: Scope = Scope::VorgangSchreiben;

    fn check(d: &Directory, p: &str, s: ScopeSet, c: CaseParties<'_>) -> Result<(), Denial> {
        access::write_case(d, p, s, c)
    }
}

/// A case as the store hands it out: whole, or only its columns.
pub trait HasMeta {
    fn meta(&self) -> &CaseMeta;
}

impl HasMeta for StoredCase {
    fn meta(&self) -> &CaseMeta {
        &self.meta
    }
}

impl HasMeta for CaseMeta {
    fn meta(&self) -> &CaseMeta {
        self
    }
}

/// The parties of a case that its rules look at: the one place they are taken from its
/// columns.
fn parties(meta: &CaseMeta) -> CaseParties<'_> {
    CaseParties {
        daten_kontext: crate::kontext::from_store(meta.daten_kontext),
        kunden_betreuer: meta.kunden_betreuer.as_deref(),
        vorgangs_bearbeiter: meta.vorgangs_bearbeiter.as_deref(),
    }
}

/// The operation's scope, checked before anything else (a token without it learns nothing
/// about the cases).
pub fn require_scope(auth: &Authenticated, scope: Scope) -> Result<(), ApiError> {
    access::require_scope(auth.caller.scopes, scope)
        .map_err(|denial| ApiError::denied(denial, None))
}

#[cfg(test)]
mod tests {
    //! The compiler keeps the store handle inside this module; these checks keep anyone from
    //! handing it out again.

    use std::path::{Path, PathBuf};

    /// Every `.rs` file below `dir`.
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("source folder readable") {
            let path = entry.expect("source folder readable").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The places in `text` (comments aside) that name the store: its trait, or a field or
    /// variable called `store`.
    fn store_mentions(text: &str) -> Vec<(usize, String)> {
        let mut found = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let code = without_strings(line.split("//").next().unwrap_or_default());
            let code = code.as_str();
            // `x.store(…)` is a method of that name (an atomic's), not the store.
            let named = code.match_indices("store").any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + 5..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after) && after != Some('(')
            });
            let words = code.split(|c: char| !(c.is_alphanumeric() || c == '_'));
            if named || words.into_iter().any(|w| w == "Store") {
                found.push((n + 1, line.trim().to_owned()));
            }
        }
        found
    }

    /// `line` with the text of its string literals left out (`"no-store"` names no store).
    fn without_strings(line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            match (in_string, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (true, _, _) => escaped = false,
                (false, _, '"') => in_string = true,
                (false, _, c) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn only_the_access_module_holds_the_store() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        assert!(files.len() > 20, "the sources were found");
        let mut offenders = Vec::new();
        for file in files {
            let name = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            // The access module owns the handle; `auth/` keeps its own for partners, clients
            // and keys (no case data); `state.rs` only passes it on at start.
            if name.starts_with("access/") || name.starts_with("auth/") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (line, code) in store_mentions(&text) {
                // At start the state takes the store and passes it on; it hands none out.
                let passed_on = name == "state.rs" && !code.starts_with("pub");
                if !passed_on {
                    offenders.push(format!("{name}:{line}: {code}"));
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "only `access` may reach the store; read cases through `state.cases`:\n{}",
            offenders.join("\n")
        );
    }

    #[test]
    fn the_check_sees_a_store_read() {
        let handler = "let case = state.store.case(nr).await?; // the store";
        assert_eq!(store_mentions(handler).len(), 1);
        assert!(store_mentions("use vorgaenge_store::{Store, StoredCase};").len() == 1);
        assert!(store_mentions("let case = state.cases.read(&auth, nr).await?;").is_empty());
        assert!(store_mentions("flag.store(true, Ordering::Relaxed);").is_empty());
        assert_eq!(store_mentions("pub store: Arc<dyn Store>,").len(), 1);
        assert!(store_mentions(r#"HeaderValue::from_static("no-store")"#).is_empty());
        assert_eq!(
            store_mentions(r#"let x = "\"store"; self.store.case(nr)"#).len(),
            1
        );
    }
}
