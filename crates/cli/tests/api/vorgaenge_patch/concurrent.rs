//! Concurrent PATCHes of one version with its `If-Match`: exactly one wins.

use serde_json::json;

use crate::support::case_state::{case, events};
use crate::support::cases::berlin_case;
use crate::support::error_body::assert_error;
use crate::support::requests::{patch_with, replace};
use crate::support::spawn_demo;

#[tokio::test]
async fn concurrent_patches_on_one_version_one_wins() {
    let app = spawn_demo().await;
    let nr = berlin_case().vorgangs_nummer.clone();
    let (_, original) = case(&app.client, &nr).await;
    let writes = (0..50).map(|i| {
        let (client, nr, tag) = (app.client.clone(), nr.clone(), original.clone());
        tokio::spawn(async move {
            let body = json!([replace("/externeVorgangsNummer", json!(format!("PAR-{i}")))]);
            let response = patch_with(&client, &nr, &body, &[("if-match", &tag)]).await;
            (i, response)
        })
    });
    let mut winners = Vec::new();
    let mut refused = 0;
    for result in futures::future::join_all(writes).await {
        let (i, response) = result.unwrap();
        match response.status {
            200 => winners.push(i),
            412 => {
                assert_error(&response, 412, "If-Match");
                refused += 1;
            }
            other => panic!("{other}: {}", String::from_utf8_lossy(&response.body)),
        }
    }
    assert_eq!(
        winners.len(),
        1,
        "exactly one write on the original version"
    );
    assert_eq!(refused, 49);
    let (body, _) = case(&app.client, &nr).await;
    assert_eq!(body["externeVorgangsNummer"], format!("PAR-{}", winners[0]));
    assert_eq!(events(&app.client, &nr).await.len(), 1);
}
