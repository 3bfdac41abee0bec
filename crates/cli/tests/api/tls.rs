//! Serving HTTPS directly: the API over TLS with a certificate of the test's own CA, a new
//! certificate picked up without a restart (on reload, on a file change, on SIGHUP), a bad
//! new pair that leaves the served one in place, and a client that does not speak TLS.

use std::io::BufRead;
use std::process::Command;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vorgaenge_server::serve::{ConnectionLimits, ReloadingCert};

use crate::support::certs::{TestCa, peer_certificate};
use crate::support::{demo_case, spawn_demo_tls};

#[tokio::test]
async fn https_serves_the_api_and_the_next_connection_gets_a_reloaded_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let first_ca = TestCa::new("Erste Test-CA");
    let first = first_ca.server_cert("vorgaenge erste", 1);
    let cert = ReloadingCert::load(first.write(dir.path())).unwrap();
    let app = spawn_demo_tls(cert.clone(), first_ca.client(), ConnectionLimits::default()).await;
    assert!(app.base.starts_with("https://127.0.0.1:"), "{}", app.base);

    let case = demo_case(|_| true);
    let path = format!("/v2/vorgaenge/{}", case.vorgangs_nummer);
    let read = app.get(&path).await;
    assert_eq!(read.status, 200, "{}", String::from_utf8_lossy(&read.body));
    let live = format!("{}/health/live", app.base);
    assert_eq!(
        peer_certificate(&first_ca.client(), &live).await.unwrap(),
        first.der
    );

    // A key that is not the certificate's: refused, and the served pair stays.
    let stranger = first_ca.server_cert("vorgaenge fremd", 2);
    let mut mismatched = first_ca.server_cert("vorgaenge falsch", 3);
    mismatched.key_pem = stranger.key_pem.clone();
    mismatched.write(dir.path());
    let refused = cert.reload().unwrap_err();
    assert!(refused.contains("does not belong"), "{refused}");
    assert_eq!(
        peer_certificate(&first_ca.client(), &live).await.unwrap(),
        first.der
    );
    std::fs::write(dir.path().join("key.pem"), "not a key").unwrap();
    assert!(cert.reload().is_err());
    assert_eq!(app.get(&path).await.status, 200);

    // A certificate of another CA, with another name and serial: the next connection gets
    // it, and a client trusting only the old CA no longer connects.
    let second_ca = TestCa::new("Zweite Test-CA");
    let second = second_ca.server_cert("vorgaenge zweite", 4);
    second.write(dir.path());
    cert.reload().unwrap();
    assert_eq!(
        peer_certificate(&second_ca.client(), &live).await.unwrap(),
        second.der
    );
    assert!(peer_certificate(&first_ca.client(), &live).await.is_err());
    let over_second = vorgaenge_client::Client::with_http(&app.base, second_ca.client())
        .with_token(app.client.token().unwrap());
    let read = over_second
        .raw(reqwest::Method::GET, &path, &[])
        .await
        .unwrap();
    assert_eq!(read.status, 200);
    assert!(
        read.json()["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    // Files that change are picked up by the poll, without being told.
    cert.spawn_reloader(Duration::from_millis(50));
    let third = second_ca.server_cert("vorgaenge dritte", 5);
    third.write(dir.path());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seen = peer_certificate(&second_ca.client(), &live).await.unwrap();
        if seen == third.der {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the changed files were not picked up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_client_without_tls_gets_no_answer_and_a_silent_one_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new("Test-CA");
    let cert = ReloadingCert::load(ca.server_cert("vorgaenge", 1).write(dir.path())).unwrap();
    let limits = ConnectionLimits {
        header_timeout: Duration::from_millis(300),
        ..ConnectionLimits::default()
    };
    let app = spawn_demo_tls(cert, ca.client(), limits).await;
    let address = app.base.trim_start_matches("https://").to_owned();

    // Plain HTTP: the handshake fails at its first bytes and the connection closes.
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    stream
        .write_all(b"GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .ok();
    assert!(!answer.starts_with(b"HTTP/"), "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let plain = reqwest::Client::new()
        .get(format!("http://{address}/health/live"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(plain.is_err(), "{plain:?}");

    // Silent, and a hello that never goes on: both closed at the header timeout.
    for opening in [&b""[..], &[0x16, 0x03, 0x01, 0x02, 0x00, 0x01][..]] {
        let started = Instant::now();
        let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
        stream.write_all(opening).await.unwrap();
        let mut rest = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
            .await
            .expect("the server closes the connection")
            .ok();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
    // The server still answers over TLS.
    assert_eq!(app.get("/health/live").await.status, 200);
}

#[tokio::test]
async fn the_binary_serves_https_and_reloads_its_certificate_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let first_ca = TestCa::new("Erste Test-CA");
    let files = first_ca.server_cert("vorgaenge", 1).write(dir.path());
    let (mut child, url, mut log) = crate::support::binary::serve(&[
        "--database",
        &format!("sqlite://{}/demo.sqlite", dir.path().display()),
        "--tls-cert",
        files.cert.to_str().unwrap(),
        "--tls-key",
        files.key.to_str().unwrap(),
    ]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let live = format!("{url}/health/live");
    let answer = first_ca.client().get(&live).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    // The links name the https:// address by default.
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.role == "sales-organisation")
        .unwrap();
    let client = vorgaenge_client::Client::with_http(&url, first_ca.client())
        .authenticated(demo.client_id, demo.client_secret)
        .await
        .unwrap();
    let page = client
        .raw(reqwest::Method::GET, "/v2/vorgaenge?limit=1", &[])
        .await
        .unwrap();
    assert_eq!(page.status, 200);
    let own = page.json()["_links"]["self"]["href"].to_string();
    assert!(own.starts_with(&format!("\"{url}/")), "{own}");

    let second_ca = TestCa::new("Zweite Test-CA");
    let second = second_ca.server_cert("vorgaenge neu", 2);
    second.write(dir.path());
    let status = Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while peer_certificate(&second_ca.client(), &live).await.ok() != Some(second.der.clone()) {
        assert!(
            Instant::now() < deadline,
            "the new certificate was not served"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let _ = child.kill();
    let _ = child.wait();
    let mut rest = String::new();
    let mut line = String::new();
    while log.read_line(&mut line).unwrap_or(0) > 0 {
        rest.push_str(&line);
        line.clear();
    }
    assert!(rest.contains("SIGHUP"), "{rest}");
    assert!(rest.contains("TLS certificate loaded"), "{rest}");
}

#[test]
fn the_tls_flags_come_in_pairs_and_unusable_files_stop_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}/demo.sqlite", dir.path().display());
    let missing = dir.path().join("missing.pem");
    let missing = missing.to_str().unwrap();
    let serve = |args: &[&str]| {
        let output = Command::new(crate::support::binary::BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--database", &database])
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} started");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let alone = serve(&["--tls-cert", missing]);
    assert!(alone.contains("--tls-key"), "{alone}");
    let unreadable = serve(&["--tls-cert", missing, "--tls-key", missing]);
    assert!(unreadable.contains("cannot read"), "{unreadable}");
    let no_ca = serve(&[
        "--external-issuer",
        "https://idp.example.org",
        "--external-jwks-url",
        "https://idp.example.org/jwks",
        "--external-audience",
        "vorgaenge-api",
        "--external-ca-file",
        missing,
    ]);
    assert!(no_ca.contains("CA file"), "{no_ca}");
}
