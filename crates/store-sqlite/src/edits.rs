//! Editing cases: read, decide, write and append events, stamped by the change clock, with
//! concurrent edits committed together (group commit).
//!
//! Edits queue up while the writer connection is busy; whoever finds the queue idle starts a
//! drain on the writer, which takes everything queued and applies it in one immediate
//! transaction, then commits once. One commit per batch instead of one per edit is what lets the
//! single writer keep up with many clients; an edit is answered only after its batch is
//! committed, so nothing acknowledged can be lost.
//!
//! The one writer serialises every edit: two edits of a case never see the same version, and
//! commit order is stamp order, so a reader that saw a change stamped `t` has seen every
//! change stamped before `t`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, params};
use tokio::sync::oneshot;
use vorgaenge_store::{CaseEdit, EditRefused, Edited, StoreError, StoredCase};

use crate::cases::case;
use crate::pool::{Pool, db_err};
use crate::{audit, clock, events, kundenangaben};

/// Most edits one transaction takes; more wait for the next (keeps a batch's latency bounded).
const MAX_BATCH: usize = 256;

struct Job {
    nr: String,
    edit: CaseEdit,
    reply: oneshot::Sender<Result<Edited, StoreError>>,
}

#[derive(Default)]
struct Queue {
    jobs: Vec<Job>,
    /// A drain is running on the writer and will pick up what is queued.
    draining: bool,
}

/// The edits waiting for the writer.
#[derive(Default)]
pub(crate) struct EditQueue {
    queue: Mutex<Queue>,
}

impl std::fmt::Debug for EditQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EditQueue")
    }
}

impl EditQueue {
    /// Queues an edit and waits until its batch is committed (or it was refused).
    pub(crate) async fn edit(
        self: &Arc<Self>,
        writer: &Pool<Connection>,
        nr: &str,
        edit: CaseEdit,
    ) -> Result<Edited, StoreError> {
        let (reply, answer) = oneshot::channel();
        let start = {
            let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            q.jobs.push(Job {
                nr: nr.to_owned(),
                edit,
                reply,
            });
            !std::mem::replace(&mut q.draining, true)
        };
        if start {
            let queue = self.clone();
            let writer = writer.clone();
            tokio::spawn(async move {
                let drained = queue.clone();
                if let Err(e) = writer.run(move |conn| drained.drain(conn)).await {
                    // The drain itself failed (a panic outside any edit): answer whatever
                    // is still queued and let the next edit start afresh.
                    queue.abandon(&e);
                }
            });
        }
        answer
            .await
            .map_err(|_| StoreError::Pool("the edit was dropped by the writer".into()))?
    }

    /// Applies batches until the queue is empty.
    fn drain(&self, conn: &mut Connection) -> Result<(), StoreError> {
        loop {
            let batch = {
                let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
                if q.jobs.is_empty() {
                    q.draining = false;
                    return Ok(());
                }
                let take = q.jobs.len().min(MAX_BATCH);
                q.jobs.drain(..take).collect::<Vec<_>>()
            };
            let (replies, results) = apply_batch(conn, batch);
            for (reply, result) in replies.into_iter().zip(results) {
                // The requester may have gone away; its edit stands all the same.
                let _ = reply.send(result);
            }
        }
    }

    fn abandon(&self, error: &StoreError) {
        let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        q.draining = false;
        for job in q.jobs.drain(..) {
            let _ = job.reply.send(Err(StoreError::Pool(error.to_string())));
        }
    }
}

type Replies = Vec<oneshot::Sender<Result<Edited, StoreError>>>;

/// One transaction for the whole batch; the answers in the batch's order.
fn apply_batch(
    conn: &mut Connection,
    batch: Vec<Job>,
) -> (Replies, Vec<Result<Edited, StoreError>>) {
    let mut replies = Vec::with_capacity(batch.len());
    let mut results = Vec::with_capacity(batch.len());
    let outcome = (|| -> Result<(), StoreError> {
        let (tx, mut last) = clock::begin(conn)?;
        for job in batch {
            replies.push(job.reply);
            // An edit decides before it writes: a refused or empty edit has written nothing,
            // and a failing write fails the whole batch (below), so no savepoint is needed.
            // A panic can only come from the edit's decision, before anything is written:
            // that edit fails alone.
            match catch_unwind(AssertUnwindSafe(|| {
                apply_one(&tx, &job.nr, job.edit, &mut last)
            })) {
                Ok(written) => results.push(Ok(written?)),
                Err(_) => results.push(Err(StoreError::Panicked("an edit"))),
            }
        }
        clock::commit(tx, last)
    })();
    if let Err(e) = outcome {
        // Nothing of the batch is committed: every edit answers the error, and those that
        // had no answer yet too.
        results = replies
            .iter()
            .map(|_| Err(StoreError::database(e.to_string())))
            .collect();
    }
    (replies, results)
}

/// One edit inside the batch's transaction. `last` is the newest stamp handed out; it
/// advances if the edit writes.
fn apply_one(
    conn: &Connection,
    nr: &str,
    edit: CaseEdit,
    last: &mut i64,
) -> Result<Edited, StoreError> {
    let Some(current) = case(conn, nr)? else {
        return Ok(Edited::NotFound);
    };
    let stamp = clock::next(*last);
    let update = match edit(&current, stamp) {
        Err(EditRefused) => return Ok(Edited::Refused),
        Ok(None) => {
            return Ok(Edited::Done {
                case: current,
                audit: None,
            });
        }
        Ok(Some(update)) => update,
    };
    let m = &update.meta;
    conn.prepare_cached(
        "UPDATE cases SET status = ?2, archived = ?3, letzte_aenderung = ?4, \
             letztes_ereignis = ?5, externe_vorgangs_nummer = ?6, kunden_betreuer = ?7, \
             vorgangs_bearbeiter = ?8, document = ?9 \
         WHERE vorgangs_nummer = ?1",
    )
    .map_err(db_err)?
    .execute(params![
        nr,
        m.status,
        m.is_archived(),
        stamp.0,
        m.letztes_ereignis,
        m.externe_vorgangs_nummer,
        m.kunden_betreuer,
        m.vorgangs_bearbeiter,
        update.document.as_ref(),
    ])
    .map_err(db_err)?;
    events::append_events(conn, nr, stamp.0, &update.events)?;
    if let Some(document) = &update.kundenangaben {
        kundenangaben::put(conn, nr, document)?;
    }
    let mut record = update.audit;
    record.zeit = stamp;
    record.vorgangs_nummer = nr.to_owned();
    audit::append(conn, &record)?;
    *last = stamp.0;
    let mut meta = update.meta;
    meta.letzte_aenderung = stamp;
    meta.vorgangs_nummer = nr.to_owned();
    Ok(Edited::Done {
        case: StoredCase {
            meta,
            document: update.document,
        },
        audit: Some(Box::new(record)),
    })
}
