//! The customers of the request and the v2 applicant ids they become.
//!
//! The request refers to customers by `referenzId`, which upstream does not store; a v2 case
//! refers to applicants by `id` (`kontoinhaberIds`, `versichertePersonId`, …). Every customer
//! of an applicant household therefore gets an id: its own `id` if the request gives one,
//! else `antragsteller-<household>-<customer>` (1-based), stable for the same request.

use std::collections::HashMap;

use crate::spec;

#[derive(Debug, Default)]
pub(crate) struct Kundenverzeichnis {
    ids: HashMap<String, String>,
}

impl Kundenverzeichnis {
    pub fn new(angaben: &spec::Kundenangaben) -> Self {
        let mut ids = HashMap::new();
        for (h, haushalt) in angaben.haushalte.iter().flatten().enumerate() {
            for (k, kunde) in haushalt.kunden.iter().flatten().enumerate() {
                ids.entry(kunde.referenz_id.clone())
                    .or_insert_with(|| antragsteller_id(kunde, h, k));
            }
        }
        Self { ids }
    }

    /// The applicant id of the customer with `referenz_id`. `None` for an empty reference
    /// and for customers of Sicherungsgeber households, which do not become applicants.
    pub fn id(&self, referenz_id: &str) -> Option<String> {
        self.ids.get(referenz_id).cloned()
    }

    pub fn ids<'a>(&self, referenz_ids: impl IntoIterator<Item = &'a String>) -> Vec<String> {
        referenz_ids
            .into_iter()
            .filter_map(|r| self.id(r))
            .collect()
    }
}

pub(crate) fn antragsteller_id(kunde: &spec::Kunde, haushalt: usize, position: usize) -> String {
    kunde
        .id
        .clone()
        .unwrap_or_else(|| format!("antragsteller-{}-{}", haushalt + 1, position + 1))
}
