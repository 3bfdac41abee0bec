//! The per-client rate limit: counted by each instance on its own, or shared through Redis.

mod local;
mod redis;

use vorgaenge_client::{Client, RawResponse};

/// A cheap operation: an unknown case (404), which still counts against the budget.
const PATH: &str = "/v2/vorgaenge/ZZZZZZ";

async fn get(client: &Client) -> RawResponse {
    client.raw(reqwest::Method::GET, PATH, &[]).await.unwrap()
}

fn header(response: &RawResponse, name: &str) -> u64 {
    response
        .header(name)
        .unwrap_or_else(|| panic!("{name} on every answer"))
        .parse()
        .unwrap()
}
