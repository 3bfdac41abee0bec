//! `importMetadaten` → the `Vorgang`'s own metadata.

use vorgaenge_model as v2;

use super::werte::{same, set};
use crate::Kundenangaben;

pub(super) fn metadaten(k: &Kundenangaben) -> v2::Vorgang {
    let m = k.metadaten();
    v2::Vorgang {
        daten_kontext: Some(k.datenkontext()),
        externe_vorgangs_nummer: m.externe_vorgangs_id.clone(),
        import_quelle: m.importquelle.clone(),
        prioritaet: same(&m.prioritaet),
        lead_tracking: m.leadtracking.as_ref().and_then(|l| {
            set(v2::LeadTracking {
                kampagne: l.kampagne.clone(),
                keyword: l.keyword.clone(),
                kunden_betreuer_benachrichtigen: l.send_notification,
                tracking_id: l.tracking_id.clone(),
            })
        }),
        // Only the partner id is known here; the server may complete the partner's data.
        tipp_geber: k.tippgeber_partner_id().map(|id| v2::Partner {
            partner_id: Some(id.to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}
