//! `vorgaenge serve --demo`: it answers, logs what an operator must see, and stops on
//! SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::binary::BIN;

#[test]
fn serve_demo_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/demo.sqlite", dir.path().display());
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &database,
            "--header-timeout",
            "300ms",
        ])
        .env("VORGAENGE_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut url = None;
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(at) = line.find("listening on ") {
            url = Some(line[at + "listening on ".len()..].trim().to_owned());
            break;
        }
        line.clear();
    }
    let url = url.expect("the server logs its URL when ready");
    let body = blocking_get(&url, "/v2/vorgaenge?limit=3");
    // What an operator must see in the log: failed client authentications and the throttle
    // they trigger, and a connection cut off for sending no request.
    for _ in 0..11 {
        let answer = raw_exchange(
            &url,
            "POST /auth/token HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
             Authorization: Basic ZGVtby1hZHZpc29yOmdlcmF0ZW4=\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n\
             grant_type=client_credentials",
        );
        assert!(answer.starts_with("HTTP/1.1 401 "), "{answer}");
    }
    let throttled = raw_exchange(
        &url,
        "POST /auth/token HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 70\r\n\r\n\
         grant_type=client_credentials&client_id=demo-advisor&client_secret=xyz",
    );
    assert!(throttled.starts_with("HTTP/1.1 429 "), "{throttled}");
    let silent = raw_exchange(&url, "");
    assert!(silent.is_empty(), "{silent}");
    assert_eq!(body["vorgaenge"].as_array().unwrap().len(), 3);
    assert!(
        body["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .starts_with(&url)
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = wait(&mut child, Duration::from_secs(10));
    assert!(exit.success(), "graceful stop exits 0: {exit:?}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
    assert!(
        rest.contains("client authentication failed") && rest.contains("demo-advisor"),
        "{rest}"
    );
    assert!(
        rest.contains("too many failed client authentications"),
        "{rest}"
    );
    assert!(rest.contains("did not send a request head"), "{rest}");
}

/// Writes `request` on a new connection and reads until the server closes it.
fn raw_exchange(base: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn wait(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A GET as the demo sales organisation (token from the server's own endpoint), blocking
/// without pulling reqwest's blocking feature into the build.
fn blocking_get(base: &str, path: &str) -> serde_json::Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let demo = vorgaenge_demo::clients()
            .into_iter()
            .find(|c| c.role == "sales-organisation")
            .unwrap();
        let client = vorgaenge_client::Client::new(base)
            .authenticated(demo.client_id, demo.client_secret)
            .await
            .unwrap();
        let response = client.raw(reqwest::Method::GET, path, &[]).await.unwrap();
        assert_eq!(response.status, 200, "{:?}", response.body);
        response.json()
    })
}
