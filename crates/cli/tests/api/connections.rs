//! What the server does with connections, tested on raw sockets: an answer given before the
//! request body is read still reaches a client that is sending it; slow heads, slow bodies
//! and idle connections are closed within their timeouts while other clients are served;
//! oversized heads are refused; the connection cap holds.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, sleep, timeout};
use vorgaenge_server::serve::ConnectionLimits;

use crate::support::{TestApp, spawn_app, spawn_app_limited};

/// A bound on waiting in these tests, far above every configured timeout: reaching it means
/// the server did not close or answer at all.
const PATIENCE: Duration = Duration::from_secs(20);

async fn connect(app: &TestApp) -> TcpStream {
    let address = app.base.trim_start_matches("http://");
    TcpStream::connect(address).await.unwrap()
}

/// Reads until the end of the response head (or the end of the stream).
async fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

/// Waits until the server closes `stream` (EOF or reset), discarding what it sends first.
async fn closed_by_server(stream: &mut TcpStream) -> Duration {
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    timeout(PATIENCE, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .expect("the server closes the connection");
    start.elapsed()
}

/// A request head, then a 256 KiB body written in slices with pauses: a client uploading.
async fn send_slowly(stream: &mut TcpStream, path: &str, chunked: bool) -> std::io::Result<()> {
    const SLICE: usize = 16 * 1024;
    const SLICES: usize = 16;
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {}", SLICE * SLICES)
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await?;
    let slice = vec![b' '; SLICE];
    for _ in 0..SLICES {
        if chunked {
            stream
                .write_all(format!("{SLICE:x}\r\n").as_bytes())
                .await?;
            stream.write_all(&slice).await?;
            stream.write_all(b"\r\n").await?;
        } else {
            stream.write_all(&slice).await?;
        }
        sleep(Duration::from_millis(1)).await;
    }
    if chunked {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_client_still_sending_its_body_reads_the_early_answer() {
    let app = spawn_app().await;
    // 100 uploads the server answers without reading them: without a token (401) and to a
    // route that does not exist (404), with a Content-Length and a chunked body each.
    for i in 0..100 {
        let (path, status) = if i % 2 == 0 {
            ("/v2/vorgaenge/ABC123/nachricht", "401")
        } else {
            ("/gibt-es-nicht", "404")
        };
        let chunked = i % 4 >= 2;
        let mut stream = connect(&app).await;
        send_slowly(&mut stream, path, chunked)
            .await
            .unwrap_or_else(|e| panic!("upload {i} ({path}, chunked {chunked}) broke: {e}"));
        let head = timeout(PATIENCE, read_head(&mut stream))
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("answer {i} ({path}) unreadable: {e}"));
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status} ")),
            "upload {i} to {path}: {head}"
        );
        assert!(
            head.to_ascii_lowercase().contains("connection: close"),
            "{head}"
        );
    }
}

#[tokio::test]
async fn a_client_waiting_for_100_continue_gets_the_answer_instead() {
    let app = spawn_app().await;
    let mut stream = connect(&app).await;
    let head = "POST /v2/vorgaenge/ABC123/nachricht HTTP/1.1\r\nHost: test\r\n\
                Content-Type: application/json\r\nContent-Length: 1000000\r\n\
                Expect: 100-continue\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    // No `100 Continue`: the answer comes at once, and the body is never sent.
    let answer = timeout(PATIENCE, read_head(&mut stream))
        .await
        .unwrap()
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 401 "), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
}

fn short_timeouts() -> ConnectionLimits {
    ConnectionLimits {
        header_timeout: Duration::from_millis(500),
        idle_timeout: Duration::from_millis(1500),
        body_timeout: Duration::from_millis(800),
        ..ConnectionLimits::default()
    }
}

#[tokio::test]
async fn slow_heads_are_closed_while_other_clients_are_served() {
    let app = spawn_app_limited(short_timeouts()).await;
    // Slowloris: 200 connections, each sending a head a byte at a time and never ending it.
    let mut attackers = Vec::new();
    for _ in 0..200 {
        let mut stream = connect(&app).await;
        attackers.push(tokio::spawn(async move {
            let start = Instant::now();
            let head = b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: test\r\nX-Langsam: ";
            for byte in head.iter().chain(std::iter::repeat(&b'a')) {
                if stream.write_all(&[*byte]).await.is_err() {
                    break;
                }
                sleep(Duration::from_millis(50)).await;
                if start.elapsed() > PATIENCE {
                    panic!("a slow head was never cut off");
                }
            }
            closed_by_server(&mut stream).await;
            start.elapsed()
        }));
    }
    // Meanwhile other clients are answered.
    for _ in 0..20 {
        let response = app
            .anonymous
            .raw(reqwest::Method::GET, "/.well-known/jwks.json", &[])
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        sleep(Duration::from_millis(20)).await;
    }
    for attacker in attackers {
        let lasted = attacker.await.unwrap();
        // Cut off at the header timeout, not when the test gave up.
        assert!(lasted < Duration::from_secs(5), "lasted {lasted:?}");
    }

    // A connection that sends nothing at all is closed too.
    let mut silent = connect(&app).await;
    let lasted = closed_by_server(&mut silent).await;
    assert!(
        lasted >= Duration::from_millis(400),
        "closed early: {lasted:?}"
    );
}

#[tokio::test]
async fn an_idle_connection_is_kept_for_the_idle_timeout_then_closed() {
    let app = spawn_app_limited(short_timeouts()).await;
    let mut stream = connect(&app).await;
    let request = b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: test\r\n\r\n";
    stream.write_all(request).await.unwrap();
    let head = read_head(&mut stream).await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_owned)
        })
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.unwrap();

    // Idle longer than the header timeout: a kept-alive connection may wait for its next
    // request up to the idle timeout.
    sleep(Duration::from_millis(900)).await;
    stream.write_all(request).await.unwrap();
    let head = read_head(&mut stream).await.unwrap();
    assert!(head.starts_with("HTTP/1.1 200 "), "second request: {head}");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.unwrap();

    let lasted = closed_by_server(&mut stream).await;
    assert!(
        lasted >= Duration::from_millis(1400),
        "closed early: {lasted:?}"
    );
    assert!(lasted < Duration::from_secs(6), "closed late: {lasted:?}");
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_at_the_body_timeout() {
    let app = spawn_app_limited(short_timeouts()).await;
    let token = app.client.token().unwrap().to_owned();
    let mut stream = connect(&app).await;
    let head = format!(
        "POST /v2/vorgaenge/ABC123/nachricht HTTP/1.1\r\nHost: test\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\n\r\n{{\"nachricht\": "
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = timeout(PATIENCE, read_head(&mut stream))
        .await
        .unwrap()
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    closed_by_server(&mut stream).await;
}

#[tokio::test]
async fn an_oversized_head_is_refused() {
    let app = spawn_app().await;
    let mut stream = connect(&app).await;
    let big = "a".repeat(200 * 1024);
    let head =
        format!("GET /.well-known/jwks.json HTTP/1.1\r\nHost: test\r\nX-Gross: {big}\r\n\r\n");
    // The server may stop reading before all of it is written.
    let _ = stream.write_all(head.as_bytes()).await;
    let answer = read_head(&mut stream).await.unwrap_or_default();
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer:?}");

    // A head within the limit is fine.
    let mut stream = connect(&app).await;
    let fine = "a".repeat(16 * 1024);
    let head =
        format!("GET /.well-known/jwks.json HTTP/1.1\r\nHost: test\r\nX-Gross: {fine}\r\n\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_head(&mut stream).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let app = spawn_app_limited(ConnectionLimits {
        max_connections: 4,
        ..ConnectionLimits::default()
    })
    .await;
    // The harness's client holds a kept-alive connection of its own; close it first.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect(&app).await);
    }
    sleep(Duration::from_millis(100)).await;
    let fresh = vorgaenge_client::Client::new(&app.base);
    let waiting = tokio::spawn(async move {
        fresh
            .raw(reqwest::Method::GET, "/.well-known/jwks.json", &[])
            .await
            .map(|r| r.status)
    });
    sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "a fifth connection was served at once"
    );
    held.clear();
    let status = timeout(PATIENCE, waiting).await.unwrap().unwrap().unwrap();
    assert_eq!(status, 200);
}
