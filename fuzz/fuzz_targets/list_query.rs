//! GET /vorgaenge: any query string through the server's own parse (decoding, duplicates,
//! every parameter with its bounds), and every request that parses turned into its store
//! query and its paging links, which must read back as the same request.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vorgaenge_server::http::vorgaenge::list_params::ListParams;
use vorgaenge_server::params::QueryParams;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let zone = chrono_tz::Europe::Berlin;
    let Ok(params) = ListParams::parse(&QueryParams::parse(raw), zone) else {
        return;
    };
    let _ = params.to_query();
    for page in [params.page, params.page.saturating_add(1), 0] {
        let link = params.link_query(page, params.cursor.as_ref());
        let again = ListParams::parse(&QueryParams::parse(&link), zone)
            .unwrap_or_else(|e| panic!("link {link:?} of {raw:?} is refused: {e:?}"));
        assert_eq!(again.daten_kontext, params.daten_kontext, "{link}");
        assert_eq!(again.aenderung_seit, params.aenderung_seit, "{link}");
        assert_eq!(again.aenderung_bis, params.aenderung_bis, "{link}");
        assert_eq!(again.order, params.order, "{link}");
        assert_eq!(again.limit, params.limit, "{link}");
        assert_eq!(again.page, page, "{link}");
        assert_eq!(again.cursor, params.cursor, "{link}");
    }
});
