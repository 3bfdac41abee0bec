-- Events (Ereignisse) of cases: appended by every change, never updated. The id gives their
-- order; the index serves both the list of a case and the list of one of its Anträge.
CREATE TABLE ereignisse (
    id              INTEGER PRIMARY KEY,
    vorgangs_nummer TEXT    NOT NULL,
    antrags_nummer  TEXT,
    zeitpunkt       INTEGER NOT NULL,  -- micros since the epoch
    document        BLOB    NOT NULL
);
CREATE INDEX ereignisse_by_case ON ereignisse (vorgangs_nummer, antrags_nummer, id);
