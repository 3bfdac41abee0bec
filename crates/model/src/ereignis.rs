//! The events of a case, in the shape of the Ereignisse API (`Ereignis` and the schemas it
//! uses). They are not part of the Vorgänge contract, which only links to them.

use serde::{Deserialize, Serialize};

/// One event of a case or Antrag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ereignis {
    #[serde(rename = "vorgangsNummer", skip_serializing_if = "Option::is_none")]
    pub vorgangs_nummer: Option<String>,
    #[serde(rename = "antragsNummer", skip_serializing_if = "Option::is_none")]
    pub antrags_nummer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meldung: Option<String>,
    /// `STATUS_AENDERUNG`, `HINWEIS`, `KOMMENTAR`, … (the events API's `typ` enum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    /// `KUNDENBETREUER_GEAENDERT`, `VORGANG_GESCHLOSSEN`, … (the `aktivitaet` enum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aktivitaet: Option<String>,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zeitpunkt: Option<String>,
    /// The partner who acted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quelle: Option<EreignisPartner>,
    #[serde(rename = "antragsStatus", skip_serializing_if = "Option::is_none")]
    pub antrags_status: Option<EreignisAntragsStatus>,
}

/// The events API's `Partner`: who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EreignisPartner {
    #[serde(rename = "partnerId", skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anrede: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nachname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vorname: Option<String>,
    #[serde(rename = "externePartnerId", skip_serializing_if = "Option::is_none")]
    pub externe_partner_id: Option<String>,
}

/// The events API's `AntragsStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EreignisAntragsStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antragsteller: Option<String>,
    #[serde(rename = "produktAnbieter", skip_serializing_if = "Option::is_none")]
    pub produkt_anbieter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ablehnungsgrund: Option<String>,
    #[serde(
        rename = "bearbeitungsFortschritt",
        skip_serializing_if = "Option::is_none"
    )]
    pub bearbeitungs_fortschritt: Option<String>,
}
