//! The case list: one data context, not archived, ordered by (letzteAenderung, vorgangsNummer),
//! optionally only the cases of some partners.
//!
//! One statement answers every shape: the partner filter is `= ANY($n)` on both partner
//! columns (the planner picks between walking `cases_by_change` in list order and a bitmap OR
//! over the two partner indexes), keyset cursors are row comparisons, which the index on
//! (…, letzte_aenderung, vorgangs_nummer) serves directly.

use tokio_postgres::types::ToSql;
use vorgaenge_store::sql::META_COLUMNS;
use vorgaenge_store::{ListPage, ListQuery, ListStart, SortOrder, StoreError};

use crate::cases::meta_from_row;
use crate::db_err;
use crate::shared_readers::ReadConnection;

type Param = Box<dyn ToSql + Sync + Send>;

/// A list query as SQL text with its positional parameters.
struct ListSql {
    sql: String,
    params: Vec<Param>,
}

impl ListSql {
    /// The statement answering `query`. Rows come in the order the page is read: reversed for
    /// [`ListStart::Before`].
    fn build(query: &ListQuery) -> Self {
        // Reading backwards from a cursor means reading the other way round and reversing.
        let backwards = matches!(query.start, ListStart::Before(_));
        let ascending = (query.order == SortOrder::Ascending) != backwards;
        let (cmp, dir) = if ascending {
            (">", "ASC")
        } else {
            ("<", "DESC")
        };

        let mut params: Vec<Param> = Vec::new();
        let mut param = |value: Param| {
            params.push(value);
            format!("${}", params.len())
        };
        let mut conds = format!(
            "daten_kontext = {} AND NOT archived",
            param(Box::new(query.daten_kontext.as_str().to_owned()))
        );
        if let Some(since) = query.since {
            conds.push_str(&format!(
                " AND letzte_aenderung >= {}",
                param(Box::new(since.0))
            ));
        }
        if let Some(until) = query.until {
            conds.push_str(&format!(
                " AND letzte_aenderung < {}",
                param(Box::new(until.0))
            ));
        }
        if let Some(partners) = &query.partners {
            let set = param(Box::new(partners.to_vec()));
            conds.push_str(&format!(
                " AND (kunden_betreuer = ANY({set}) OR vorgangs_bearbeiter = ANY({set}))"
            ));
        }
        let offset = match &query.start {
            ListStart::Offset(n) => i64::try_from(*n).unwrap_or(i64::MAX),
            ListStart::After(key) | ListStart::Before(key) => {
                let time = param(Box::new(key.letzte_aenderung.0));
                let nr = param(Box::new(key.vorgangs_nummer.clone()));
                conds.push_str(&format!(
                    " AND (letzte_aenderung, vorgangs_nummer) {cmp} ({time}, {nr})"
                ));
                0
            }
        };
        // One extra row tells whether more follow.
        let limit = param(Box::new(i64::from(query.limit) + 1));
        let offset = param(Box::new(offset));
        let sql = format!(
            "SELECT {META_COLUMNS} FROM cases WHERE {conds} \
             ORDER BY letzte_aenderung {dir}, vorgangs_nummer {dir} LIMIT {limit} OFFSET {offset}"
        );
        Self { sql, params }
    }
}

pub(crate) async fn list(
    conn: &impl ReadConnection,
    query: &ListQuery,
) -> Result<ListPage, StoreError> {
    if query.partners.as_deref().is_some_and(<[String]>::is_empty) {
        return Ok(ListPage {
            items: Vec::new(),
            more: false,
        });
    }
    let statement = ListSql::build(query);
    let stmt = conn.statement(&statement.sql).await?;
    let params: Vec<&(dyn ToSql + Sync)> = statement
        .params
        .iter()
        .map(|p| &**p as &(dyn ToSql + Sync))
        .collect();
    let mut items = conn
        .client()
        .query(&stmt, &params)
        .await
        .map_err(db_err)?
        .iter()
        .map(meta_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let more = items.len() > query.limit as usize;
    items.truncate(query.limit as usize);
    if matches!(query.start, ListStart::Before(_)) {
        items.reverse();
    }
    Ok(ListPage { items, more })
}
