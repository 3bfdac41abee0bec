-- Cases: the list/access columns beside the opaque document. A plain rowid table with a
-- unique index on the number reads 8 KB rows several times faster than WITHOUT ROWID.
-- The document is the last column so that list queries never touch its overflow pages.
CREATE TABLE cases (
    id                      INTEGER PRIMARY KEY,
    vorgangs_nummer         TEXT    NOT NULL UNIQUE,
    daten_kontext           TEXT    NOT NULL,
    status                  TEXT,
    archived                INTEGER NOT NULL,
    letzte_aenderung        INTEGER NOT NULL,
    letztes_ereignis        TEXT,
    externe_vorgangs_nummer TEXT,
    kunden_betreuer         TEXT,
    vorgangs_bearbeiter     TEXT,
    document                BLOB    NOT NULL
);

-- The list: one data context, not archived, ordered by change time then number. Keyset
-- paging walks this index from the cursor, so page 1000 costs what page 0 costs.
CREATE INDEX cases_by_change ON cases (daten_kontext, archived, letzte_aenderung, vorgangs_nummer);

CREATE TABLE finanzierungsvorschlaege (
    vorgangs_nummer TEXT NOT NULL,
    id              TEXT NOT NULL,
    document        BLOB NOT NULL,
    UNIQUE (vorgangs_nummer, id)
);

CREATE TABLE gemerkte_angebote (
    vorgangs_nummer   TEXT    NOT NULL,
    nummer_am_vorgang INTEGER NOT NULL,
    angebot           BLOB    NOT NULL,
    zahlungsplaene    BLOB    NOT NULL,
    UNIQUE (vorgangs_nummer, nummer_am_vorgang)
);

CREATE TABLE partners (
    id                   TEXT    PRIMARY KEY,
    typ                  TEXT    NOT NULL,
    parent               TEXT,
    gesperrt             INTEGER NOT NULL,
    echtgeschaeft        INTEGER NOT NULL,
    kreditsachbearbeiter INTEGER NOT NULL,
    profile              BLOB    NOT NULL
);

CREATE TABLE grants (
    holder TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (holder, target)
);

-- The change clock: the newest letzteAenderung handed out. Every write transaction reads and
-- advances it, so stamps stay strictly increasing even with several processes on one file.
CREATE TABLE change_clock (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO change_clock (id, last) VALUES (1, 0);
