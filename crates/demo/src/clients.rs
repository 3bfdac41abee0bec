//! The demo world's API clients: one per role, with fixed secrets, so that a newcomer can
//! ask for a token right after `serve --demo` (`vorgaenge demo-credentials` prints them).
//! Fixed secrets are for the demo world only; real clients get generated ones.

/// The scopes an advisor's CRM integration typically holds.
const READ_WRITE_PRODUCTION: &[&str] = &[
    "baufinanzierung:vorgang:lesen",
    "baufinanzierung:vorgang:schreiben",
    "baufinanzierung:ereignis:lesen",
    "baufinanzierung:echtgeschaeft",
];

/// A registered client of the demo world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoClient {
    pub client_id: &'static str,
    pub client_secret: &'static str,
    pub partner_id: &'static str,
    /// What the client stands for, e.g. `advisor`.
    pub role: &'static str,
    pub scopes: Vec<&'static str>,
}

/// Every demo client.
pub fn clients() -> Vec<DemoClient> {
    let client = |client_id, client_secret, partner_id, role, scopes: &[&'static str]| DemoClient {
        client_id,
        client_secret,
        partner_id,
        role,
        scopes: scopes.to_vec(),
    };
    let with = |extra: &[&'static str]| {
        let mut s = READ_WRITE_PRODUCTION.to_vec();
        s.extend_from_slice(extra);
        s
    };
    vec![
        // Katharina Albrecht (Berlin): her own cases.
        client(
            "demo-advisor",
            "demo-secret-advisor-BER11",
            "BER11",
            "advisor",
            READ_WRITE_PRODUCTION,
        ),
        // Anja Lehmann, editor in Berlin: the cases she processes.
        client(
            "demo-editor",
            "demo-secret-editor-BER15",
            "BER15",
            "editor",
            READ_WRITE_PRODUCTION,
        ),
        // The sales organisation's back office: everything below NOR00, and may act for any
        // partner below it.
        client(
            "demo-sales-organisation",
            "demo-secret-sales-organisation-NOR00",
            "NOR00",
            "sales-organisation",
            &with(&["impersonieren"]),
        ),
        // Katharina Albrecht's second client, a sandbox integration: test mode only.
        client(
            "demo-test-only",
            "demo-secret-test-only-BER11",
            "BER11",
            "test-only",
            &[
                "baufinanzierung:vorgang:lesen",
                "baufinanzierung:vorgang:schreiben",
                "baufinanzierung:ereignis:lesen",
            ],
        ),
        // Baugeld Süd's advisor holds an Übernahmerecht on the Berlin team.
        client(
            "demo-takeover",
            "demo-secret-takeover-SUE31",
            "SUE31",
            "uebernahmerecht-holder",
            READ_WRITE_PRODUCTION,
        ),
        // The trainee: registered for production data, but the partner has no right to it.
        client(
            "demo-trainee",
            "demo-secret-trainee-HAM29",
            "HAM29",
            "trainee",
            READ_WRITE_PRODUCTION,
        ),
    ]
}
