//! The case list: one data context, not archived, ordered by (letzteAenderung, vorgangsNummer),
//! optionally only the cases of some partners.

use rusqlite::types::Value;
use rusqlite::{Connection, ToSql};
use vorgaenge_store::sql::META_COLUMNS;
use vorgaenge_store::{ListPage, ListQuery, ListStart, SortOrder, StoreError};

use crate::cases::meta_from_row;
use crate::pool::db_err;

/// Partner sets up to this size are listed by two index range scans per partner; larger ones
/// by walking the list order and filtering.
///
/// A single advisor or a team owns a sliver of all cases: walking the list order until a page
/// of theirs turns up would read most of the index, while their own ranges in
/// `cases_by_betreuer`/`cases_by_bearbeiter` hold exactly their cases, already in list order.
/// Each partner costs two seeks and two arms of a compound SELECT, though, and the set of a
/// sales-organisation root runs into hundreds or thousands of partners (SQLite also caps a
/// compound at 500 arms). Such a set covers a large share of all cases, so walking
/// `cases_by_change` in list order finds a page after few entries, and the filter runs on the
/// index entry without reading the row. 32 partners (64 arms, 64 seeks before the first row)
/// covers any team and keeps the statement small; the exact crossover depends on the data and
/// has not been measured.
const PER_PARTNER_MAX: usize = 32;

/// How a query is answered.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Strategy<'a> {
    /// Every case of the context: a walk of `cases_by_change`.
    All,
    /// Only these partners' cases, found per partner (see [`PER_PARTNER_MAX`]).
    PerPartner(&'a [String]),
    /// Only these partners' cases, filtered during a walk of `cases_by_change`.
    Filtered(&'a [String]),
}

impl<'a> Strategy<'a> {
    /// The strategy for `query`; `None` if its partner set is empty (nothing to list).
    pub(crate) fn of(query: &'a ListQuery) -> Option<Self> {
        match query.partners.as_deref() {
            None => Some(Self::All),
            Some([]) => None,
            Some(set) if set.len() <= PER_PARTNER_MAX => Some(Self::PerPartner(set)),
            Some(set) => Some(Self::Filtered(set)),
        }
    }
}

/// A list query as SQL text with its named parameters.
#[derive(Debug)]
pub(crate) struct ListSql {
    pub(crate) sql: String,
    pub(crate) params: Vec<(String, Value)>,
}

impl ListSql {
    /// The statement answering `query` by `strategy`. Rows come in the order the page is read:
    /// reversed for [`ListStart::Before`].
    pub(crate) fn build(query: &ListQuery, strategy: Strategy<'_>) -> Result<Self, StoreError> {
        // Reading backwards from a cursor means reading the other way round and reversing.
        let backwards = matches!(query.start, ListStart::Before(_));
        let ascending = (query.order == SortOrder::Ascending) != backwards;
        let (cmp, dir) = if ascending {
            (">", "ASC")
        } else {
            ("<", "DESC")
        };

        let mut params: Vec<(String, Value)> = Vec::new();
        let mut param = |name: &str, value: Value| params.push((name.to_owned(), value));
        param(
            ":kontext",
            Value::Text(query.daten_kontext.as_str().to_owned()),
        );
        let mut conds = String::from("daten_kontext = :kontext AND archived = 0");
        if let Some(since) = query.since {
            conds.push_str(" AND letzte_aenderung >= :since");
            param(":since", Value::Integer(since.0));
        }
        if let Some(until) = query.until {
            conds.push_str(" AND letzte_aenderung < :until");
            param(":until", Value::Integer(until.0));
        }
        let offset = match &query.start {
            ListStart::Offset(n) => i64::try_from(*n).unwrap_or(i64::MAX),
            ListStart::After(key) | ListStart::Before(key) => {
                conds.push_str(&format!(
                    " AND (letzte_aenderung, vorgangs_nummer) {cmp} (:key_time, :key_nr)"
                ));
                param(":key_time", Value::Integer(key.letzte_aenderung.0));
                param(":key_nr", Value::Text(key.vorgangs_nummer.clone()));
                0
            }
        };
        // One extra row tells whether more follow.
        let limit = i64::from(query.limit) + 1;
        param(":limit", Value::Integer(limit));
        param(":offset", Value::Integer(offset));
        let order = format!("letzte_aenderung {dir}, vorgangs_nummer {dir}");

        let sql = match strategy {
            Strategy::All => format!(
                "SELECT {META_COLUMNS} FROM cases WHERE {conds} \
                 ORDER BY {order} LIMIT :limit OFFSET :offset"
            ),
            Strategy::Filtered(partners) => {
                let set = serde_json::to_string(partners)
                    .map_err(|e| StoreError::from_driver(format!("partner set as JSON: {e}"), e))?;
                param(":partners", Value::Text(set));
                // The unary `+` takes the partner columns out of index selection, so the
                // planner can never answer the OR from the partner indexes (a multi-index OR
                // fetches every case of the set and sorts them all for one page). It does
                // not pick that today, with or without ANALYZE statistics; this keeps it so.
                format!(
                    "SELECT {META_COLUMNS} FROM cases WHERE {conds} \
                     AND (+kunden_betreuer IN (SELECT value FROM json_each(:partners)) \
                       OR +vorgangs_bearbeiter IN (SELECT value FROM json_each(:partners))) \
                     ORDER BY {order} LIMIT :limit OFFSET :offset"
                )
            }
            Strategy::PerPartner(partners) => {
                // Slots are rounded up to a power of two, the spare ones bound to NULL (which
                // matches nothing), so that at most six statement texts per query shape
                // compete for the statement cache.
                let slots = partners.len().next_power_of_two();
                let mut arms = Vec::with_capacity(2 * slots);
                for i in 0..slots {
                    let value = partners
                        .get(i)
                        .map_or(Value::Null, |p| Value::Text(p.clone()));
                    param(&format!(":p{i}"), value);
                    for column in ["kunden_betreuer", "vorgangs_bearbeiter"] {
                        // Only index columns: an arm never reads a row.
                        arms.push(format!(
                            "SELECT letzte_aenderung, vorgangs_nummer, id FROM cases \
                             WHERE {conds} AND {column} = :p{i}"
                        ));
                    }
                }
                // The compound's ORDER BY is pushed into every arm, where the partner index
                // delivers it without sorting (id is the index's implicit last column), and
                // SQLite merges the arms as co-routines: with the LIMIT it stops after
                // offset+limit rows, so each arm reads about that many entries at most. UNION,
                // not UNION ALL: a case both of whose partners are in the set is in two arms
                // and is listed once. Only the page's rows are then read from the table.
                let union = arms.join(" UNION ");
                format!(
                    "SELECT {META_COLUMNS} FROM cases WHERE id IN (SELECT id FROM \
                     ({union} ORDER BY 1 {dir}, 2 {dir}, 3 {dir} LIMIT :limit OFFSET :offset)) \
                     ORDER BY {order}"
                )
            }
        };
        Ok(Self { sql, params })
    }

    /// The parameters as rusqlite binds them.
    pub(crate) fn binds(&self) -> Vec<(&str, &dyn ToSql)> {
        self.params
            .iter()
            .map(|(name, value)| (name.as_str(), value as &dyn ToSql))
            .collect()
    }
}

pub(crate) fn list(conn: &mut Connection, query: &ListQuery) -> Result<ListPage, StoreError> {
    let Some(strategy) = Strategy::of(query) else {
        return Ok(ListPage {
            items: Vec::new(),
            more: false,
        });
    };
    list_by(conn, query, strategy)
}

/// [`list`] with a chosen strategy (tests compare the strategies).
pub(crate) fn list_by(
    conn: &mut Connection,
    query: &ListQuery,
    strategy: Strategy<'_>,
) -> Result<ListPage, StoreError> {
    let statement = ListSql::build(query, strategy)?;
    let mut stmt = conn.prepare_cached(&statement.sql).map_err(db_err)?;
    let mut items = stmt
        .query_map(statement.binds().as_slice(), meta_from_row)
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    let more = items.len() > query.limit as usize;
    items.truncate(query.limit as usize);
    if matches!(query.start, ListStart::Before(_)) {
        items.reverse();
    }
    Ok(ListPage { items, more })
}

#[cfg(test)]
mod tests;
