//! `vorgaenge admin grant` and `revoke`: Übernahmerechte given and taken back.

use vorgaenge_cli::admin::{AdminError, grants, partners};
use vorgaenge_store::GrantRecord;

use super::{Db, organisation, small_tree};

#[tokio::test]
async fn grant_and_revoke() {
    let db = Db::new();
    let store = db.store();
    small_tree(&*store).await;
    partners::add_partner(&*store, organisation("OTH00", None))
        .await
        .unwrap();
    assert!(grants::grant(&*store, "OTH00", "ORG10").await.unwrap());
    assert!(!grants::grant(&*store, "OTH00", "ORG10").await.unwrap());
    let expected = GrantRecord {
        holder: "OTH00".into(),
        target: "ORG10".into(),
    };
    assert_eq!(store.grants().await.unwrap(), vec![expected]);

    let e = grants::grant(&*store, "OTH00", "OTH00").await.unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let e = grants::grant(&*store, "OTH00", "NOP00").await.unwrap_err();
    assert_eq!(e.to_string(), "unknown partner NOP00");
    let e = grants::revoke(&*store, "NOP00", "ORG10").await.unwrap_err();
    assert_eq!(e.to_string(), "unknown partner NOP00");

    grants::revoke(&*store, "OTH00", "ORG10").await.unwrap();
    assert!(store.grants().await.unwrap().is_empty());
    let e = grants::revoke(&*store, "OTH00", "ORG10").await.unwrap_err();
    assert!(matches!(e, AdminError::NotFound(_)), "{e:?}");
    assert_eq!(e.to_string(), "OTH00 holds no Übernahmerecht on ORG10");
}
