//! Values outside the contract's value lists: dropped, named in a header and in a log line.

use std::sync::{Arc, Mutex};

use serde_json::json;
use vorgaenge_server::http::kundenangaben::ignoriert::IGNORIERTE_WERTE;

use super::{assert_mapped, own_request, send_json};
use crate::support::case_state::case;
use crate::support::requests::assert_status;
use crate::support::spawn_app;

/// The log lines of the servers of one test. A `#[tokio::test]` runs on a current-thread
/// runtime, so the test's servers log on the test's own thread: a subscriber for that thread
/// sees this test's lines, and the other tests of the binary, running beside it, neither
/// write into it nor are affected by it (as they would be by a global subscriber).
struct CapturedLog {
    log: Arc<Mutex<Vec<u8>>>,
    _subscriber: tracing::subscriber::DefaultGuard,
}

impl CapturedLog {
    /// Captures from now until dropped.
    fn start() -> CapturedLog {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .with_writer(move || LogSink(sink.clone()))
            .finish();
        CapturedLog {
            log,
            _subscriber: tracing::subscriber::set_default(subscriber),
        }
    }

    /// The log lines of a request that report dropped values (a change also logs its audit
    /// line).
    fn dropped_lines_of(&self, trace_id: &str) -> Vec<String> {
        let log = self.log.lock().unwrap();
        String::from_utf8_lossy(&log)
            .lines()
            .filter(|line| {
                line.contains(&format!("trace_id={trace_id}")) && line.contains("dropped")
            })
            .map(str::to_owned)
            .collect()
    }
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn unknown_enum_values_are_dropped_and_named() {
    let log = CapturedLog::start();
    let app = spawn_app().await;
    let mut request = own_request("Mustermann");
    request["importMetadaten"]["prioritaet"] = json!("MITTEL");
    request["kundenangaben"]["haushalte"][0]["finanzielleSituation"] = json!({
        "vermoegen": { "bausparvertraege": [
            { "bausparkasse": "LBS", "angesparterBetrag": 1000 },
            { "bausparkasse": "WUESTENROT", "angesparterBetrag": 2000 }
        ] }
    });
    let expected = "$.importMetadaten.prioritaet, \
        $.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse";

    let checked = send_json(
        &app,
        "POST",
        "/kundenangaben/body-validation",
        &request,
        &[],
    )
    .await;
    assert_status(&checked, 200);
    assert_eq!(checked.header(IGNORIERTE_WERTE), Some(expected));

    let trace = [("x-traceid", "trace-ignoriert-1")];
    let created = send_json(&app, "POST", "/kundenangaben", &request, &trace).await;
    assert_status(&created, 201);
    assert_eq!(created.header(IGNORIERTE_WERTE), Some(expected));
    let lines = log.dropped_lines_of("trace-ignoriert-1");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("WARN"), "{}", lines[0]);
    assert!(lines[0].contains(expected), "{}", lines[0]);

    // The case is made as if the values had not been sent.
    let nr = created.json()["vorgangsnummer"]
        .as_str()
        .unwrap()
        .to_owned();
    let (vorgang, _) = case(&app.client, &nr).await;
    assert_eq!(vorgang.get("prioritaet"), None);
    let mut without = request.clone();
    without["importMetadaten"]
        .as_object_mut()
        .unwrap()
        .remove("prioritaet");
    without["kundenangaben"]["haushalte"][0]["finanzielleSituation"]["vermoegen"]
        ["bausparvertraege"][0]
        .as_object_mut()
        .unwrap()
        .remove("bausparkasse");
    assert_mapped(&without, &vorgang);
    // As sent, unknown values included.
    assert_eq!(
        app.client.kundenangaben(&nr).await.unwrap(),
        request["kundenangaben"]
    );

    // The replacement names them too, as paths of the update request.
    let update = json!({
        "kundenangaben": request["kundenangaben"],
        "updateMetadaten": {}
    });
    let replaced = send_json(
        &app,
        "PUT",
        &format!("/kundenangaben/{nr}"),
        &update,
        &[("x-traceid", "trace-ignoriert-2")],
    )
    .await;
    assert_status(&replaced, 204);
    assert_eq!(
        replaced.header(IGNORIERTE_WERTE),
        Some(
            "$.kundenangaben.haushalte[0].finanzielleSituation.vermoegen.bausparvertraege[0].bausparkasse"
        )
    );
    assert_eq!(log.dropped_lines_of("trace-ignoriert-2").len(), 1);

    // Nothing dropped, no header.
    let plain = send_json(
        &app,
        "POST",
        "/kundenangaben",
        &own_request("Musterfrau"),
        &[("x-traceid", "trace-ignoriert-3")],
    )
    .await;
    assert_status(&plain, 201);
    assert_eq!(plain.header(IGNORIERTE_WERTE), None);
    assert!(log.dropped_lines_of("trace-ignoriert-3").is_empty());
}
