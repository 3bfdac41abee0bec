//! OAuth2 scopes of the platform, and sets of them.
//!
//! The token endpoint knows every scope of the platform (a client may be registered for scopes
//! other APIs use); this API checks only the `baufinanzierung:*` ones it needs. A set is a
//! bit mask, so a check on the hot path is one AND.

use std::fmt;

macro_rules! scopes {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// One scope of the platform.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Scope { $($variant),* }

        impl Scope {
            /// Every scope, in the platform's order.
            pub const ALL: &'static [Scope] = &[$(Scope::$variant),*];

            /// The scope's name on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Scope::$variant => $name),* }
            }

            /// The scope with this name.
            pub fn parse(name: &str) -> Option<Scope> {
                match name { $($name => Some(Scope::$variant),)* _ => None }
            }
        }
    };
}

scopes! {
    PartnerPlaketteAnlegen = "partner:plakette:anlegen",
    PartnerPlaketteLesen = "partner:plakette:lesen",
    PartnerPlaketteSchreiben = "partner:plakette:schreiben",
    PartnerBeziehungenLesen = "partner:beziehungen:lesen",
    PartnerBeziehungenSchreiben = "partner:beziehungen:schreiben",
    PartnerRechteLesen = "partner:rechte:lesen",
    PartnerRechteSchreiben = "partner:rechte:schreiben",
    PartnerLoginSilentSignIn = "partner:login:silent-sign-in",
    ReportRohdatenLesen = "report:rohdaten:lesen",
    ReportProduktanbieterLesen = "report:produktanbieter:lesen",
    Echtgeschaeft = "baufinanzierung:echtgeschaeft",
    VorgangLesen = "baufinanzierung:vorgang:lesen",
    VorgangSchreiben = "baufinanzierung:vorgang:schreiben",
    AngebotErmitteln = "baufinanzierung:angebot:ermitteln",
    AngebotLoeschen = "baufinanzierung:angebot:loeschen",
    EreignisLesen = "baufinanzierung:ereignis:lesen",
    AntragLesen = "baufinanzierung:antrag:lesen",
    AntragSchreiben = "baufinanzierung:antrag:schreiben",
    ProduktkonfigurationLesen = "baufinanzierung:produktkonfiguration:lesen",
    ProduktkonfigurationSchreiben = "baufinanzierung:produktkonfiguration:schreiben",
    ProduktkonfigurationFreigeben = "baufinanzierung:produktkonfiguration:freigeben",
    ProduktLesen = "baufinanzierung:produkt:lesen",
    ProduktSchreiben = "baufinanzierung:produkt:schreiben",
    ProduktanbieterLesen = "baufinanzierung:produktanbieter:lesen",
    ProduktanbieterSchreiben = "baufinanzierung:produktanbieter:schreiben",
    PrivatkreditAngebotErmitteln = "privatkredit:angebot:ermitteln",
    PrivatkreditAntragSchreiben = "privatkredit:antrag:schreiben",
    PrivatkreditVorgangLesen = "privatkredit:vorgang:lesen",
    PrivatkreditVorgangSchreiben = "privatkredit:vorgang:schreiben",
    DokumenteLesen = "dokumente:dokument:lesen",
    DokumenteSchreiben = "dokumente:dokument:schreiben",
    UnterlagenDokumentLesen = "unterlagen:dokument:lesen",
    UnterlagenDokumentSchreiben = "unterlagen:dokument:schreiben",
    UnterlagenUnterlageLesen = "unterlagen:unterlage:lesen",
    UnterlagenUnterlageSchreiben = "unterlagen:unterlage:schreiben",
    UnterlagenUnterlageFreigeben = "unterlagen:unterlage:freigeben",
    UnterlagenFreigabeLesen = "unterlagen:freigabe:lesen",
    UnterlagenFreigabeSchreiben = "unterlagen:freigabe:schreiben",
    Impersonieren = "impersonieren",
    Openid = "openid",
    Profile = "profile",
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScopeSet(u64);

/// A scope name that is not one of the platform's.
///
/// The text is English on purpose: only the admin CLI shows it, and the CLI speaks
/// English; the token endpoint words its own `error_description` from the name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scope {0:?}")]
pub struct UnknownScope(pub String);

impl ScopeSet {
    pub const EMPTY: ScopeSet = ScopeSet(0);

    /// Parses a space-separated list (the OAuth2 `scope` syntax). Repeated names are fine.
    pub fn parse(text: &str) -> Result<ScopeSet, UnknownScope> {
        Self::parse_names(text.split_ascii_whitespace())
    }

    /// Parses individual names.
    pub fn parse_names<'a>(
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<ScopeSet, UnknownScope> {
        names.into_iter().try_fold(ScopeSet::EMPTY, |set, name| {
            Scope::parse(name)
                .map(|s| set.with(s))
                .ok_or_else(|| UnknownScope(name.to_owned()))
        })
    }

    /// Keeps the known names and drops the others (tokens of an external issuer may carry
    /// scopes of other platforms).
    pub fn parse_lenient<'a>(names: impl IntoIterator<Item = &'a str>) -> ScopeSet {
        names
            .into_iter()
            .filter_map(Scope::parse)
            .fold(ScopeSet::EMPTY, ScopeSet::with)
    }

    pub fn with(self, scope: Scope) -> ScopeSet {
        ScopeSet(self.0 | 1 << scope as u8)
    }

    pub fn without(self, scope: Scope) -> ScopeSet {
        ScopeSet(self.0 & !(1 << scope as u8))
    }

    pub fn contains(self, scope: Scope) -> bool {
        self.0 & (1 << scope as u8) != 0
    }

    pub fn is_subset_of(self, other: ScopeSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn intersection(self, other: ScopeSet) -> ScopeSet {
        ScopeSet(self.0 & other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The scopes in the platform's order.
    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL
            .iter()
            .copied()
            .filter(move |s| self.contains(*s))
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        iter.into_iter().fold(ScopeSet::EMPTY, ScopeSet::with)
    }
}

/// Space-separated, in the platform's order: the `scope` of a token response.
impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, scope) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_roundtrips_and_fits_the_mask() {
        assert!(Scope::ALL.len() <= 64);
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(*scope));
        }
    }

    #[test]
    fn parses_and_prints_space_separated() {
        let set = ScopeSet::parse(
            "  baufinanzierung:vorgang:lesen impersonieren baufinanzierung:vorgang:lesen",
        )
        .unwrap();
        assert!(set.contains(Scope::VorgangLesen));
        assert!(set.contains(Scope::Impersonieren));
        assert!(!set.contains(Scope::VorgangSchreiben));
        assert_eq!(
            set.to_string(),
            "baufinanzierung:vorgang:lesen impersonieren"
        );
        assert_eq!(ScopeSet::parse("").unwrap(), ScopeSet::EMPTY);
    }

    #[test]
    fn rejects_unknown_names_and_lenient_drops_them() {
        assert_eq!(
            ScopeSet::parse("baufinanzierung:vorgang:lesen no-access"),
            Err(UnknownScope("no-access".into()))
        );
        let set = ScopeSet::parse_lenient(["no-access", "baufinanzierung:vorgang:lesen"]);
        assert_eq!(set, ScopeSet::EMPTY.with(Scope::VorgangLesen));
    }

    #[test]
    fn set_algebra() {
        let a: ScopeSet = [Scope::VorgangLesen, Scope::Echtgeschaeft]
            .into_iter()
            .collect();
        let b: ScopeSet = [Scope::VorgangLesen].into_iter().collect();
        assert!(b.is_subset_of(a));
        assert!(!a.is_subset_of(b));
        assert_eq!(a.intersection(b), b);
        assert_eq!(a.without(Scope::Echtgeschaeft), b);
    }
}
