//! Impersonation: the `impersonieren` scope and a subject below the actor.

use super::{claims_of, request};
use crate::support::spawn_demo;

/// client, form, status, `error`, part of `error_description`
type RefusedRequest<'a> = (&'a str, &'a [(&'a str, &'a str)], u16, &'a str, &'a str);

#[tokio::test]
async fn impersonation_needs_the_scope_and_a_subject_below_the_actor() {
    let app = spawn_demo().await;
    let ok = request(
        &app,
        "demo-sales-organisation",
        &[("subject", "BER12"), ("actor", "NOR00")],
    )
    .await
    .unwrap();
    let (_, claims) = claims_of(&ok.access_token);
    assert_eq!(claims["sub"], "BER12");
    assert_eq!(claims["act"]["sub"], "NOR00");
    assert!(ok.scope.contains("impersonieren"));

    let cases: &[RefusedRequest] = &[
        (
            "demo-advisor",
            &[("subject", "BER12")],
            400,
            "invalid_scope",
            "impersonieren",
        ),
        (
            "demo-sales-organisation",
            &[
                ("subject", "BER12"),
                ("scope", "baufinanzierung:vorgang:lesen"),
            ],
            400,
            "invalid_scope",
            "impersonieren",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "SUE31")],
            400,
            "unauthorized_client",
            "not below",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "NOR00")],
            400,
            "unauthorized_client",
            "not below",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "ZZZ99")],
            400,
            "unauthorized_client",
            "Subject not found",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "ber12")],
            400,
            "invalid_request",
            "partner id",
        ),
        (
            "demo-sales-organisation",
            &[("subject", "BER12"), ("actor", "SUE00")],
            400,
            "unauthorized_client",
            "Actor not found",
        ),
        (
            "demo-sales-organisation",
            &[("actor", "NOR00")],
            400,
            "invalid_request",
            "subject",
        ),
    ];
    for (client, form, status, error, contains) in cases {
        let e = request(&app, client, form).await.unwrap_err();
        assert_eq!(
            (e.status, e.error.as_str()),
            (*status, *error),
            "{client} {form:?}: {e}"
        );
        assert!(
            e.error_description.contains(contains),
            "{client} {form:?}: {e}"
        );
    }
}
