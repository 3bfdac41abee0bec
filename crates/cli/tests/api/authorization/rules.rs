//! The rules, evaluated here independently of the server, from which the matrix derives what
//! every write cell must answer.

use std::collections::{BTreeSet, HashMap, HashSet};

use vorgaenge_demo::GeneratedCase;
use vorgaenge_domain::directory::PartnerTyp;

use super::answers::Answer;
use super::callers::Identity;
use super::{ECHT, EREIGNIS, LESEN, NO_RIGHT, NO_RIGHT_GRANT, SCHREIBEN};
use crate::support::{AUDITOR, demo_cases};

/// An operation of the write matrix: the writes of v2 and v3, and the events (read with
/// their own scope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Op {
    /// Any read of the case (the read matrix); here only to hold the rules against it.
    Read,
    Patch,
    KundenBetreuer,
    VorgangsBearbeiter,
    Status,
    Nachricht,
    Entscheidungsreife,
    Ereignisse,
    AntragsEreignisse,
}

impl Op {
    fn scope(self) -> &'static str {
        match self {
            Op::Read => LESEN,
            Op::Ereignisse | Op::AntragsEreignisse => EREIGNIS,
            _ => SCHREIBEN,
        }
    }

    pub(super) fn changes_the_case(self) -> bool {
        !matches!(self, Op::Read | Op::Ereignisse | Op::AntragsEreignisse)
    }
}

/// The rules, evaluated here independently of the server: P covers Q when Q is P, is below
/// P, or is in the subtree of a partner P holds an Übernahmerecht on; and the access table
/// of the guide on top of it.
pub(super) struct World {
    parent: HashMap<&'static str, &'static str>,
    grants: Vec<(&'static str, &'static str)>,
    /// Partners with the right to production data.
    pub(super) echtgeschaeft: HashSet<&'static str>,
    persons: HashSet<&'static str>,
}

impl World {
    pub(super) fn demo() -> Self {
        let partners = vorgaenge_demo::partners();
        let mut parent: HashMap<_, _> = partners
            .iter()
            .filter_map(|p| Some((p.id, p.parent?)))
            .collect();
        let mut grants: Vec<_> = vorgaenge_demo::grants()
            .into_iter()
            .map(|g| (g.holder, g.target))
            .collect();
        // The harness's auditor (an organisation of its own with grants on both roots).
        grants.extend([(AUDITOR, "NOR00"), (AUDITOR, "SUE00")]);
        parent.remove(AUDITOR);
        let mut echtgeschaeft: HashSet<_> = partners
            .iter()
            .filter(|p| p.echtgeschaeft)
            .map(|p| p.id)
            .collect();
        echtgeschaeft.insert(AUDITOR);
        let persons = partners
            .iter()
            .filter(|p| p.typ == PartnerTyp::Person)
            .map(|p| p.id)
            .collect();
        Self {
            parent,
            grants,
            echtgeschaeft,
            persons,
        }
    }

    /// With the matrix's [`NO_RIGHT`] organisation, as [`no_right_token`] registers it.
    pub(super) fn with_no_right_partner(mut self) -> Self {
        self.grants.push((NO_RIGHT, NO_RIGHT_GRANT));
        self
    }

    fn chain(&self, q: &'static str) -> Vec<&'static str> {
        let mut chain = vec![q];
        while let Some(p) = self.parent.get(chain.last().unwrap()) {
            chain.push(p);
        }
        chain
    }

    fn covers(&self, p: &str, q: &'static str) -> bool {
        self.chain(q)
            .iter()
            .any(|a| *a == p || self.grants.contains(&(p, a)))
    }

    /// Read access: P covers the kundenBetreuer or the vorgangsBearbeiter.
    fn may_read(&self, p: &str, case: &GeneratedCase) -> bool {
        self.covers(p, case.kunden_betreuer)
            || case
                .vorgangs_bearbeiter
                .is_some_and(|vb| self.covers(p, vb))
    }

    pub(super) fn readable(&self, p: &str, kontext: &str) -> BTreeSet<String> {
        demo_cases()
            .iter()
            .filter(|c| c.daten_kontext == kontext && c.status == "AKTIV")
            .filter(|c| self.may_read(p, c))
            .map(|c| c.vorgangs_nummer.clone())
            .collect()
    }

    /// What `op` on `case` must answer `who` (None: no usable token). The checks run in
    /// this order: token, the operation's scope, visibility, production data; then the
    /// operation's own rule. `signalled`: decision readiness was signalled already.
    pub(super) fn expect(
        &self,
        who: Option<Identity>,
        op: Op,
        case: &GeneratedCase,
        signalled: bool,
    ) -> Answer {
        let Some(who) = who else {
            return Answer::Unauthorized;
        };
        if !who.has(op.scope()) {
            return Answer::MissingScope(op.scope());
        }
        if !self.may_read(who.partner, case) {
            return Answer::Invisible;
        }
        if case.daten_kontext == "ECHT_GESCHAEFT" {
            if !who.has(ECHT) {
                return Answer::MissingScope(ECHT);
            }
            if !self.echtgeschaeft.contains(who.partner) {
                return Answer::Refused("kein Recht auf Echtgeschäft".into());
            }
        }
        let kunden_betreuer = case.kunden_betreuer;
        let vorgangs_bearbeiter = case.vorgangs_bearbeiter.unwrap();
        match op {
            Op::Read | Op::Ereignisse | Op::AntragsEreignisse | Op::Patch => Answer::Done(200),
            Op::KundenBetreuer if self.covers(who.partner, kunden_betreuer) => Answer::Done(201),
            Op::KundenBetreuer => {
                Answer::Refused(format!("{kunden_betreuer} nicht als Kundenbetreuer"))
            }
            Op::VorgangsBearbeiter => {
                assert!(self.persons.contains(vorgangs_bearbeiter));
                if self.covers(who.partner, vorgangs_bearbeiter) {
                    Answer::Done(201)
                } else {
                    Answer::Refused(format!(
                        "{vorgangs_bearbeiter} nicht als Vorgangsbearbeiter"
                    ))
                }
            }
            Op::Status => Answer::Done(202),
            Op::Nachricht => Answer::Done(201),
            Op::Entscheidungsreife if who.partner != vorgangs_bearbeiter => {
                Answer::Refused("Nur der Vorgangsbearbeiter".into())
            }
            Op::Entscheidungsreife if signalled => Answer::BadRequest("bereits".into()),
            Op::Entscheidungsreife => Answer::Done(202),
        }
    }
}
