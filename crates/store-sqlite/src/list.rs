//! The case list: one data context, not archived, ordered by (letzteAenderung, vorgangsNummer).

use rusqlite::{Connection, ToSql};
use vorgaenge_store::{ListPage, ListQuery, ListStart, SortOrder, StoreError};

use crate::cases::{META_COLUMNS, meta_from_row};
use crate::pool::db_err;

pub(crate) fn list(conn: &mut Connection, query: &ListQuery) -> Result<ListPage, StoreError> {
    // Reading backwards from a cursor means reading the other way round and reversing.
    let backwards = matches!(query.start, ListStart::Before(_));
    let ascending = (query.order == SortOrder::Ascending) != backwards;
    let (cmp, dir) = if ascending {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };

    let kontext = query.daten_kontext.as_str();
    let limit = i64::from(query.limit) + 1; // one extra row tells whether more follow
    let since = query.since.map(|t| t.0);
    let until = query.until.map(|t| t.0);
    let mut sql =
        format!("SELECT {META_COLUMNS} FROM cases WHERE daten_kontext = :kontext AND archived = 0");
    let mut params: Vec<(&str, &dyn ToSql)> = vec![(":kontext", &kontext), (":limit", &limit)];
    if let Some(since) = &since {
        sql.push_str(" AND letzte_aenderung >= :since");
        params.push((":since", since));
    }
    if let Some(until) = &until {
        sql.push_str(" AND letzte_aenderung < :until");
        params.push((":until", until));
    }
    let offset;
    let key_time;
    match &query.start {
        ListStart::Offset(n) => {
            offset = i64::try_from(*n).unwrap_or(i64::MAX);
        }
        ListStart::After(key) | ListStart::Before(key) => {
            offset = 0;
            key_time = key.letzte_aenderung.0;
            sql.push_str(&format!(
                " AND (letzte_aenderung, vorgangs_nummer) {cmp} (:key_time, :key_nr)"
            ));
            params.push((":key_time", &key_time));
            params.push((":key_nr", &key.vorgangs_nummer));
        }
    }
    sql.push_str(&format!(
        " ORDER BY letzte_aenderung {dir}, vorgangs_nummer {dir} LIMIT :limit OFFSET :offset"
    ));
    params.push((":offset", &offset));

    let mut stmt = conn.prepare_cached(&sql).map_err(db_err)?;
    let mut items = stmt
        .query_map(params.as_slice(), meta_from_row)
        .map_err(db_err)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_err)?;
    let more = items.len() > query.limit as usize;
    items.truncate(query.limit as usize);
    if backwards {
        items.reverse();
    }
    Ok(ListPage { items, more })
}
