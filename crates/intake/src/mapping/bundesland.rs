//! The Bundesland of a German postcode: upstream fills `bundesland` of the properties from
//! their address. Postcode areas follow the postal network, not state borders, so the table
//! lists the ranges of each state with the border exceptions known publicly; a postcode
//! shared by two states goes to the state of most of its area. A postcode outside every
//! range (not assigned, or not German) gives no Bundesland.

use vorgaenge_model::{self as v2, Bundesland};

use Bundesland::{
    BadenWuerttemberg as BW, Bayern as BY, Berlin as BE, Brandenburg as BB, Bremen as HB,
    Hamburg as HH, Hessen as HE, MecklenburgVorpommern as MV, Niedersachsen as NI,
    NordrheinWestfalen as NW, RheinlandPfalz as RP, Saarland as SL, Sachsen as SN,
    SachsenAnhalt as ST, SchleswigHolstein as SH, Thueringen as TH,
};

/// `(first, last, state)`, ascending and without overlaps.
const BEREICHE: &[(u32, u32, Bundesland)] = &[
    (1001, 1936, SN),
    (1940, 1998, BB),
    (2601, 2999, SN),
    (3001, 3253, BB),
    (4001, 4579, SN),
    (4580, 4639, TH),
    (4640, 4889, SN),
    (4890, 4938, BB),
    (6001, 6548, ST),
    (6549, 6578, TH),
    (6579, 6928, ST),
    (7301, 7951, TH),
    (7952, 7952, SN),
    (7953, 7984, TH),
    (7985, 7985, SN),
    (7986, 7999, TH),
    (8001, 9669, SN),
    (10001, 12528, BE),
    (12529, 12529, BB), // Schönefeld
    (12530, 14199, BE),
    (14400, 16949, BB),
    (17001, 17259, MV),
    (17260, 17291, BB), // Uckermark: Templin, Prenzlau
    (17292, 17336, MV),
    (17337, 17337, BB), // Uckerland
    (17338, 19260, MV),
    (19271, 19273, NI), // Amt Neuhaus
    (19274, 19308, MV),
    (19309, 19357, BB), // Prignitz: Lenzen, Wittenberge, Perleberg
    (19358, 19417, MV),
    (20001, 21149, HH),
    (21202, 21449, NI),
    (21450, 21521, SH),
    (21522, 21522, NI), // Hohnstorf (Elbe)
    (21523, 21529, SH),
    (21601, 21789, NI),
    (22001, 22769, HH),
    (22801, 23919, SH),
    (23920, 23999, MV), // Nordwestmecklenburg: Grevesmühlen, Wismar
    (24001, 25999, SH),
    (26001, 27478, NI),
    (27483, 27498, SH), // Helgoland
    (27499, 27499, HH), // Neuwerk
    (27500, 27580, HB), // Bremerhaven
    (27581, 27809, NI),
    (28001, 28779, HB),
    (28780, 29399, NI),
    (29400, 29416, ST), // Altmark: Salzwedel
    (29417, 31999, NI),
    (32001, 33829, NW),
    (34001, 34329, HE),
    (34330, 34355, NI), // Hann. Münden
    (34356, 34399, HE),
    (34400, 34439, NW), // Warburg, Marsberg
    (34440, 36399, HE),
    (36400, 36469, TH),
    (37001, 37199, NI),
    (37200, 37299, HE), // Werra-Meißner: Witzenhausen, Eschwege
    (37300, 37359, TH),
    (37400, 37649, NI),
    (37650, 37690, NW), // Höxter, Beverungen
    (37691, 37691, NI),
    (37692, 37696, NW),
    (37697, 38479, NI),
    (38480, 38489, ST), // Klötze
    (38490, 38729, NI),
    (38800, 39649, ST),
    (40001, 48432, NW),
    (48433, 48476, NI), // Grafschaft Bentheim, Emsland
    (48477, 48477, NW),
    (48478, 48484, NI),
    (48485, 48485, NW),
    (48486, 48488, NI),
    (48489, 48496, NW),
    (48497, 48531, NI),
    (48532, 48739, NW),
    (49001, 49459, NI),
    (49460, 49549, NW), // Tecklenburger Land
    (49550, 49849, NI),
    (50001, 51597, NW),
    (51598, 51598, RP), // Friesenhagen
    (51599, 53359, NW),
    (53360, 53579, RP), // Ahrweiler, Linz
    (53580, 53949, NW),
    (54181, 55239, RP),
    (55240, 55252, HE), // Mainz-Kostheim, Mainz-Kastel (Wiesbaden)
    (55253, 56869, RP),
    (57001, 57489, NW),
    (57490, 57648, RP), // Altenkirchen, Westerwald
    (58001, 59969, NW),
    (60001, 63699, HE),
    (63700, 63939, BY), // Aschaffenburg, Miltenberg
    (64201, 65556, HE),
    (65557, 65582, RP), // Diez
    (65583, 65620, HE),
    (65621, 65626, RP),
    (65627, 65627, HE),
    (65628, 65629, RP),
    (65630, 65936, HE),
    (66001, 66459, SL),
    (66460, 66509, RP), // Zweibrücken
    (66510, 66839, SL),
    (66840, 67829, RP),
    (68001, 68312, BW), // Mannheim
    (68501, 68519, HE), // Viernheim
    (68520, 68549, BW),
    (68550, 68649, HE), // Lampertheim, Bürstadt, Biblis
    (68650, 69234, BW),
    (69235, 69239, HE), // Neckarsteinach
    (69240, 69429, BW),
    (69430, 69434, HE), // Hirschhorn
    (69435, 69469, BW),
    (69470, 69492, HE), // Wald-Michelbach, Birkenau
    (69493, 69508, BW),
    (69509, 69513, HE),
    (69514, 69516, BW),
    (69517, 69518, HE),
    (70001, 76709, BW),
    (76710, 76891, RP), // Südpfalz
    (77001, 79879, BW),
    (80001, 87789, BY),
    (88001, 88099, BW), // Bodenseekreis
    (88100, 88146, BY), // Lindau
    (88147, 88147, BW), // Achberg
    (88148, 88179, BY),
    (88180, 89199, BW),
    (89200, 89449, BY), // Neu-Ulm, Günzburg, Dillingen
    (89450, 89619, BW),
    (90001, 96489, BY),
    (96490, 96529, TH), // Sonneberg
    (97001, 97859, BY),
    (97860, 97891, BW), // Wertheim
    (97892, 97895, BY),
    (97896, 97900, BW),
    (97901, 97909, BY),
    (97910, 97999, BW), // Main-Tauber
    (98001, 99998, TH),
];

/// The Bundesland of a property at `adresse`, by its postcode.
pub(super) fn der_adresse(adresse: Option<&v2::Postadresse>) -> Option<Bundesland> {
    aus_postleitzahl(adresse?.postleitzahl.as_deref()?)
}

/// The Bundesland of a five-digit German postcode.
pub(super) fn aus_postleitzahl(plz: &str) -> Option<Bundesland> {
    if plz.len() != 5 || !plz.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let plz: u32 = plz.parse().ok()?;
    let i = BEREICHE.partition_point(|(_, last, _)| *last < plz);
    BEREICHE
        .get(i)
        .filter(|(first, _, _)| *first <= plz)
        .map(|(_, _, land)| *land)
}

#[cfg(test)]
mod tests {
    use super::{BEREICHE, Bundesland as B, aus_postleitzahl};

    #[test]
    fn ranges_ascend_without_overlaps() {
        for pair in BEREICHE.windows(2) {
            let ((a_first, a_last, _), (b_first, _, _)) = (pair[0], pair[1]);
            assert!(a_first <= a_last && a_last < b_first, "{pair:?}");
        }
    }

    fn assert_states(cases: &[(&str, B)]) {
        for (plz, land) in cases {
            assert_eq!(aus_postleitzahl(plz), Some(*land), "{plz}");
        }
    }

    #[test]
    fn state_capitals_and_large_cities() {
        assert_states(&[
            ("01067", B::Sachsen),               // Dresden
            ("04109", B::Sachsen),               // Leipzig
            ("06108", B::SachsenAnhalt),         // Halle
            ("10115", B::Berlin),                // Berlin-Mitte
            ("10179", B::Berlin),                // Berlin-Mitte
            ("14467", B::Brandenburg),           // Potsdam
            ("19053", B::MecklenburgVorpommern), // Schwerin
            ("18055", B::MecklenburgVorpommern), // Rostock
            ("20095", B::Hamburg),
            ("24103", B::SchleswigHolstein), // Kiel
            ("28195", B::Bremen),
            ("30159", B::Niedersachsen),      // Hannover
            ("39104", B::SachsenAnhalt),      // Magdeburg
            ("40213", B::NordrheinWestfalen), // Düsseldorf
            ("50667", B::NordrheinWestfalen), // Köln
            ("55116", B::RheinlandPfalz),     // Mainz
            ("60311", B::Hessen),             // Frankfurt am Main
            ("65183", B::Hessen),             // Wiesbaden
            ("66111", B::Saarland),           // Saarbrücken
            ("70173", B::BadenWuerttemberg),  // Stuttgart
            ("80331", B::Bayern),             // München
            ("90402", B::Bayern),             // Nürnberg
            ("99084", B::Thueringen),         // Erfurt
        ]);
    }

    #[test]
    fn ranges_that_cross_state_borders() {
        assert_states(&[
            ("12529", B::Brandenburg),           // Schönefeld, amid Berlin's numbers
            ("04600", B::Thueringen),            // Altenburg, amid Saxony's
            ("27498", B::SchleswigHolstein),     // Helgoland
            ("27568", B::Bremen),                // Bremerhaven
            ("23966", B::MecklenburgVorpommern), // Wismar
            ("22844", B::SchleswigHolstein),     // Norderstedt
            ("55252", B::Hessen),                // Mainz-Kastel
            ("63739", B::Bayern),                // Aschaffenburg
            ("67059", B::RheinlandPfalz),        // Ludwigshafen
            ("68159", B::BadenWuerttemberg),     // Mannheim
            ("68519", B::Hessen),                // Viernheim
            ("88131", B::Bayern),                // Lindau
            ("89073", B::BadenWuerttemberg),     // Ulm
            ("89231", B::Bayern),                // Neu-Ulm
            ("96515", B::Thueringen),            // Sonneberg
            ("97877", B::BadenWuerttemberg),     // Wertheim
        ]);
    }

    #[test]
    fn no_state_for_what_is_not_a_german_postcode() {
        for plz in ["00000", "05000", "99999", "1011", "101150", "1O115", ""] {
            assert_eq!(aus_postleitzahl(plz), None, "{plz}");
        }
    }
}
