//! Running the `vorgaenge` binary as a user does, for the tests that need a real process
//! (to kill it, or to start it on another database).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStderr, Command, Stdio};

use vorgaenge_client::Client;

pub const BIN: &str = env!("CARGO_BIN_EXE_vorgaenge");

/// Starts `vorgaenge serve --demo` on a free port with `args` and returns it with its URL
/// and its log (keep the log open: the server writes to it).
#[expect(
    clippy::zombie_processes,
    reason = "the caller kills and waits for the child"
)]
pub fn serve(args: &[&str]) -> (Child, String, BufReader<ChildStderr>) {
    let mut child = Command::new(BIN)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .args(args)
        .env("VORGAENGE_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 {
        if let Some(at) = line.find("listening on ") {
            let url = line[at + "listening on ".len()..].trim().to_owned();
            return (child, url, stderr);
        }
        line.clear();
    }
    panic!("the server stopped before listening");
}

/// A client with a token of the demo sales organisation (the root NOR00).
pub async fn sales_organisation(url: &str) -> Client {
    let demo = vorgaenge_demo::clients()
        .into_iter()
        .find(|c| c.role == "sales-organisation")
        .unwrap();
    Client::new(url)
        .authenticated(demo.client_id, demo.client_secret)
        .await
        .unwrap()
}

/// The numbers of the first `limit` cases of the production list (newest first).
pub async fn first_numbers(client: &Client, limit: i64) -> Vec<String> {
    let page = client
        .vorgaenge(&vorgaenge_client::ListRequest {
            limit: Some(limit),
            ..Default::default()
        })
        .await
        .unwrap();
    let numbers: Vec<String> = page
        .vorgaenge
        .unwrap()
        .into_iter()
        .map(|v| v.vorgangs_nummer.unwrap())
        .collect();
    assert_eq!(numbers.len() as i64, limit);
    numbers
}
