//! The partner tree and its Übernahmerechte, and the coverage relation built on them.
//!
//! A [`Directory`] is an immutable snapshot: the server builds a new one when the partner
//! records change and swaps it in, so that checks on the hot path never lock or query.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// Whether a partner is a natural person or an organisational unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerTyp {
    Person,
    Organisation,
}

impl PartnerTyp {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerTyp::Person => "PERSON",
            PartnerTyp::Organisation => "ORGANISATION",
        }
    }
}

impl std::str::FromStr for PartnerTyp {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "PERSON" => Ok(PartnerTyp::Person),
            "ORGANISATION" => Ok(PartnerTyp::Organisation),
            other => Err(format!(
                "unknown partner type {other:?} (PERSON or ORGANISATION)"
            )),
        }
    }
}

/// What the access rules need to know of one partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFacts {
    pub id: String,
    pub typ: PartnerTyp,
    pub parent: Option<String>,
    /// Locked itself; [`Directory::is_locked`] also looks at the ancestors.
    pub gesperrt: bool,
    /// May work with production data.
    pub echtgeschaeft: bool,
}

/// The partner tree and the Übernahmerecht grants, indexed for the checks of [`crate::access`].
#[derive(Debug, Default)]
pub struct Directory {
    partners: HashMap<String, PartnerFacts>,
    /// holder → the partners whose subtrees the holder may work on.
    grants: HashMap<String, Vec<String>>,
    children: HashMap<String, Vec<String>>,
    /// Coverage sets computed so far. A list asks for the whole set; computing it walks a
    /// subtree, so it is done once per partner and snapshot.
    covered: Mutex<HashMap<String, Arc<[String]>>>,
}

/// The longest parent chain followed. Parents form a tree when written through the admin
/// commands; a cycle that slipped into the data must not hang a request.
const MAX_DEPTH: usize = 64;

impl Directory {
    /// Builds the snapshot. Grants whose holder or target is unknown are kept: they simply
    /// match nothing until the partner exists.
    pub fn new(
        partners: impl IntoIterator<Item = PartnerFacts>,
        grants: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let partners: HashMap<String, PartnerFacts> =
            partners.into_iter().map(|p| (p.id.clone(), p)).collect();
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for p in partners.values() {
            if let Some(parent) = &p.parent {
                children
                    .entry(parent.clone())
                    .or_default()
                    .push(p.id.clone());
            }
        }
        let mut by_holder: HashMap<String, Vec<String>> = HashMap::new();
        for (holder, target) in grants {
            by_holder.entry(holder).or_default().push(target);
        }
        Self {
            partners,
            grants: by_holder,
            children,
            covered: Mutex::default(),
        }
    }

    /// The partner with this id.
    pub fn get(&self, id: &str) -> Option<&PartnerFacts> {
        self.partners.get(id)
    }

    /// Number of partners.
    pub fn len(&self) -> usize {
        self.partners.len()
    }

    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
    }

    /// `id` itself, then its parent, grandparent … up to the root.
    pub fn ancestors_or_self<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut next = Some(id);
        let mut depth = 0;
        std::iter::from_fn(move || {
            let current = next?;
            depth += 1;
            next = if depth > MAX_DEPTH {
                None
            } else {
                self.partners.get(current).and_then(|p| p.parent.as_deref())
            };
            Some(current)
        })
    }

    /// A locked partner locks its whole subtree.
    pub fn is_locked(&self, id: &str) -> bool {
        self.ancestors_or_self(id)
            .any(|a| self.partners.get(a).is_some_and(|p| p.gesperrt))
    }

    /// `descendant` is strictly below `ancestor` in the tree.
    pub fn is_below(&self, descendant: &str, ancestor: &str) -> bool {
        self.ancestors_or_self(descendant)
            .skip(1)
            .any(|a| a == ancestor)
    }

    /// P covers Q when Q is P, is below P, or is in the subtree of a partner P holds an
    /// Übernahmerecht on. Unknown partners cover nothing and are covered by nobody.
    pub fn covers(&self, p: &str, q: &str) -> bool {
        if !self.partners.contains_key(p) || !self.partners.contains_key(q) {
            return false;
        }
        let granted = self.grants.get(p).map(Vec::as_slice).unwrap_or_default();
        self.ancestors_or_self(q)
            .any(|a| a == p || granted.iter().any(|t| t == a))
    }

    /// Every partner `p` covers, sorted; empty for an unknown partner.
    pub fn covered(&self, p: &str) -> Arc<[String]> {
        if let Some(set) = self.lock_covered().get(p) {
            return set.clone();
        }
        let mut set = BTreeSet::new();
        if self.partners.contains_key(p) {
            self.collect_subtree(p, &mut set);
            for target in self.grants.get(p).into_iter().flatten() {
                if self.partners.contains_key(target) {
                    self.collect_subtree(target, &mut set);
                }
            }
        }
        let set: Arc<[String]> = set.into_iter().collect();
        self.lock_covered().insert(p.to_owned(), set.clone());
        set
    }

    fn lock_covered(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<[String]>>> {
        // The map only caches; a panic while holding it cannot leave it inconsistent.
        self.covered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn collect_subtree(&self, root: &str, into: &mut BTreeSet<String>) {
        let mut stack = vec![root.to_owned()];
        while let Some(id) = stack.pop() {
            if into.insert(id.clone())
                && let Some(kids) = self.children.get(&id)
            {
                stack.extend(kids.iter().cloned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ```text
    /// ORG01 ─┬─ TEA01 ─┬─ ADV01
    ///        │         └─ EDI01
    ///        └─ TEA02 ─┬─ ADV02
    ///                  └─ LCK01 (locked) ── ADV03
    /// OTH01 ─── ADV09
    /// grants: ADV02 → ADV01, ADV09 → TEA02
    /// ```
    pub(crate) fn world() -> Directory {
        let p = |id: &str, typ, parent: Option<&str>, gesperrt| PartnerFacts {
            id: id.into(),
            typ,
            parent: parent.map(Into::into),
            gesperrt,
            echtgeschaeft: true,
        };
        use PartnerTyp::*;
        Directory::new(
            [
                p("ORG01", Organisation, None, false),
                p("TEA01", Organisation, Some("ORG01"), false),
                p("ADV01", Person, Some("TEA01"), false),
                p("EDI01", Person, Some("TEA01"), false),
                p("TEA02", Organisation, Some("ORG01"), false),
                p("ADV02", Person, Some("TEA02"), false),
                p("LCK01", Organisation, Some("TEA02"), true),
                p("ADV03", Person, Some("LCK01"), false),
                p("OTH01", Organisation, None, false),
                p("ADV09", Person, Some("OTH01"), false),
            ],
            [
                ("ADV02".into(), "ADV01".into()),
                ("ADV09".into(), "TEA02".into()),
            ],
        )
    }

    #[test]
    fn coverage_table() {
        let d = world();
        let table = [
            ("ADV01", "ADV01", true),
            ("ADV01", "EDI01", false),
            ("ADV01", "TEA01", false),
            ("TEA01", "ADV01", true),
            ("TEA01", "EDI01", true),
            ("TEA01", "ADV02", false),
            ("ORG01", "ADV03", true),
            ("ORG01", "ADV09", false),
            ("ADV02", "ADV01", true),  // grant on ADV01
            ("ADV02", "EDI01", false), // the grant does not reach siblings
            ("ADV09", "ADV02", true),  // grant on TEA02 reaches its subtree
            ("ADV09", "ADV03", true),
            ("ADV09", "TEA01", false),
            ("OTH01", "ADV02", false), // a holder's parent does not inherit the grant
            ("ADV01", "NOP01", false), // unknown target
            ("NOP01", "NOP01", false), // unknown caller
        ];
        for (p, q, expected) in table {
            assert_eq!(d.covers(p, q), expected, "{p} covers {q}");
        }
    }

    #[test]
    fn covered_sets_agree_with_covers() {
        let d = world();
        let all: Vec<&str> = d.partners.keys().map(String::as_str).collect();
        for p in &all {
            let set = d.covered(p);
            let expected: Vec<&str> = {
                let mut v: Vec<&str> = all.iter().copied().filter(|q| d.covers(p, q)).collect();
                v.sort_unstable();
                v
            };
            let got: Vec<&str> = set.iter().map(String::as_str).collect();
            assert_eq!(got, expected, "coverage of {p}");
        }
        assert!(d.covered("NOP01").is_empty());
    }

    #[test]
    fn locks_reach_the_subtree() {
        let d = world();
        assert!(d.is_locked("LCK01"));
        assert!(d.is_locked("ADV03"));
        assert!(!d.is_locked("ADV02"));
        assert!(!d.is_locked("ORG01"));
    }

    #[test]
    fn below_is_strict() {
        let d = world();
        assert!(d.is_below("ADV01", "ORG01"));
        assert!(d.is_below("ADV01", "TEA01"));
        assert!(!d.is_below("ADV01", "ADV01"));
        assert!(!d.is_below("ADV01", "TEA02"));
        assert!(!d.is_below("ORG01", "ADV01"));
    }

    #[test]
    fn a_parent_cycle_does_not_hang() {
        let p = |id: &str, parent: &str| PartnerFacts {
            id: id.into(),
            typ: PartnerTyp::Organisation,
            parent: Some(parent.into()),
            gesperrt: false,
            echtgeschaeft: false,
        };
        let d = Directory::new([p("AAA01", "BBB01"), p("BBB01", "AAA01")], []);
        assert!(d.covers("AAA01", "BBB01"));
        assert!(!d.is_locked("AAA01"));
        assert_eq!(d.covered("AAA01").len(), 2);
    }
}
