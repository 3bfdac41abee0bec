//! What a cell must answer in full, and the check of a response against it.

use vorgaenge_client::RawResponse;

use super::callers::Expect;

/// What a cell must answer, in full: derived from the rules for every cell of the write
/// matrix, translated from the hand-written [`Expect`] for the read matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Answer {
    /// 401 with a Bearer challenge.
    Unauthorized,
    /// 403 naming this scope, which the token lacks.
    MissingScope(&'static str),
    /// 403 for a right or a rule; the message contains this text.
    Refused(String),
    /// 404, exactly as for a case that does not exist.
    Invisible,
    /// 400; the message contains this text.
    BadRequest(String),
    /// This success status.
    Done(u16),
}

impl From<Expect> for Answer {
    fn from(expect: Expect) -> Self {
        match expect {
            Expect::Unauthorized => Answer::Unauthorized,
            Expect::Forbidden(scope) if scope.starts_with("baufinanzierung:") => {
                Answer::MissingScope(scope)
            }
            Expect::Forbidden(text) => Answer::Refused(text.into()),
            Expect::Invisible => Answer::Invisible,
            Expect::Readable => Answer::Done(200),
        }
    }
}

fn check_error(cell: &str, response: &RawResponse, status: u16, contains: &str) {
    assert_eq!(
        response.status,
        status,
        "{cell}: {}",
        String::from_utf8_lossy(&response.body)
    );
    let body = response.json();
    assert_eq!(body["statusCode"], status, "{cell}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(contains),
        "{cell}: {message:?} should name {contains:?}"
    );
    assert_eq!(
        body["traceId"].as_str(),
        response.header("x-traceid"),
        "{cell}"
    );
}

/// Asserts that `response` is `answer`. `sent_token`: the caller sent an Authorization
/// header (then a 401 must say `invalid_token`).
pub(super) fn check(
    cell: &str,
    response: &RawResponse,
    answer: &Answer,
    sent_token: bool,
    nr: &str,
) {
    match answer {
        Answer::Unauthorized => {
            check_error(cell, response, 401, "");
            let challenge = response.header("www-authenticate").unwrap_or("");
            assert!(challenge.starts_with("Bearer "), "{cell}: {challenge:?}");
            if sent_token {
                assert!(
                    challenge.contains(r#"error="invalid_token""#),
                    "{cell}: {challenge}"
                );
            }
            assert!(response.header("ratelimit-limit").is_none(), "{cell}");
        }
        Answer::MissingScope(scope) => {
            check_error(cell, response, 403, scope);
            let challenge = response.header("www-authenticate").unwrap_or("");
            assert!(
                challenge.contains(r#"error="insufficient_scope""#)
                    && challenge.contains(&format!(r#"scope="{scope}""#)),
                "{cell}: {challenge:?}"
            );
        }
        Answer::Refused(text) => check_error(cell, response, 403, text),
        Answer::Invisible => {
            check_error(cell, response, 404, &format!("Vorgang {nr} nicht gefunden"));
        }
        Answer::BadRequest(text) => check_error(cell, response, 400, text),
        Answer::Done(status) => {
            assert_eq!(
                response.status,
                *status,
                "{cell}: {}",
                String::from_utf8_lossy(&response.body)
            );
            assert!(response.header("ratelimit-remaining").is_some(), "{cell}");
        }
    }
}
