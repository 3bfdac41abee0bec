-- The whole schema of the PostgreSQL backend, equivalent to the SQLite migrations 0001-0003.
-- Identifiers and numbers sort byte-wise (COLLATE "C"), as in SQLite, so that lists and
-- keyset cursors order exactly alike in both backends. Times are micros since the epoch.

CREATE TABLE cases (
    id                      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vorgangs_nummer         TEXT    COLLATE "C" NOT NULL UNIQUE,
    daten_kontext           TEXT    COLLATE "C" NOT NULL,
    status                  TEXT,
    archived                BOOLEAN NOT NULL,
    letzte_aenderung        BIGINT  NOT NULL,
    letztes_ereignis        TEXT,
    externe_vorgangs_nummer TEXT,
    kunden_betreuer         TEXT    COLLATE "C",
    vorgangs_bearbeiter     TEXT    COLLATE "C",
    document                BYTEA   NOT NULL
);

-- The list in change order; the partner columns ride along so that a partner filter is
-- decided on the index entry (index-only scans once the visibility map is set).
CREATE INDEX cases_by_change ON cases (daten_kontext, archived, letzte_aenderung, vorgangs_nummer)
    INCLUDE (kunden_betreuer, vorgangs_bearbeiter);
-- One range per partner and column, already in list order (small partner sets).
CREATE INDEX cases_by_betreuer ON cases
    (daten_kontext, archived, kunden_betreuer, letzte_aenderung, vorgangs_nummer);
CREATE INDEX cases_by_bearbeiter ON cases
    (daten_kontext, archived, vorgangs_bearbeiter, letzte_aenderung, vorgangs_nummer);

CREATE TABLE finanzierungsvorschlaege (
    vorgangs_nummer TEXT  COLLATE "C" NOT NULL,
    id              TEXT  COLLATE "C" NOT NULL,
    document        BYTEA NOT NULL,
    UNIQUE (vorgangs_nummer, id)
);

CREATE TABLE gemerkte_angebote (
    vorgangs_nummer   TEXT    COLLATE "C" NOT NULL,
    nummer_am_vorgang INTEGER NOT NULL,
    angebot           BYTEA   NOT NULL,
    zahlungsplaene    BYTEA   NOT NULL,
    UNIQUE (vorgangs_nummer, nummer_am_vorgang)
);

CREATE TABLE partners (
    id                   TEXT    COLLATE "C" PRIMARY KEY,
    typ                  TEXT    NOT NULL,
    parent               TEXT    COLLATE "C",
    gesperrt             BOOLEAN NOT NULL,
    echtgeschaeft        BOOLEAN NOT NULL,
    kreditsachbearbeiter BOOLEAN NOT NULL,
    profile              BYTEA   NOT NULL
);

CREATE TABLE grants (
    holder TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (holder, target)
);

-- The change clock: the newest letzteAenderung handed out. Every case write locks this row
-- (SELECT ... FOR UPDATE) first and holds it until commit, so stamps strictly increase and
-- commit order is stamp order, across connections and instances.
CREATE TABLE change_clock (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last BIGINT  NOT NULL
);
INSERT INTO change_clock (id, last) VALUES (1, 0);

-- API clients; scopes space-separated, only a hash of the secret.
CREATE TABLE clients (
    client_id   TEXT    COLLATE "C" PRIMARY KEY,
    partner_id  TEXT    COLLATE "C" NOT NULL,
    scopes      TEXT    NOT NULL,
    secret_hash BYTEA   NOT NULL,
    disabled    BOOLEAN NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- The token endpoint's key pairs; the key in use has no retired_at.
CREATE TABLE signing_keys (
    kid         TEXT   COLLATE "C" PRIMARY KEY,
    algorithm   TEXT   NOT NULL,
    private_key BYTEA  NOT NULL,
    public_key  BYTEA  NOT NULL,
    created_at  BIGINT NOT NULL,
    retired_at  BIGINT
);

-- A counter that changes with every changed row of partners, grants, clients or signing keys,
-- bumped by triggers so that no writer can forget to. Row-level, like SQLite's: a statement
-- that changes no row does not bump it.
CREATE TABLE directory_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER partners_bump_directory AFTER INSERT OR UPDATE OR DELETE ON partners
    FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER grants_bump_directory AFTER INSERT OR UPDATE OR DELETE ON grants
    FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER clients_bump_directory AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION bump_directory_version();
CREATE TRIGGER signing_keys_bump_directory AFTER INSERT OR UPDATE OR DELETE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION bump_directory_version();

-- Events of cases: appended by every edit, never updated; the id gives their order.
CREATE TABLE ereignisse (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vorgangs_nummer TEXT   COLLATE "C" NOT NULL,
    antrags_nummer  TEXT   COLLATE "C",
    zeitpunkt       BIGINT NOT NULL,
    document        BYTEA  NOT NULL
);
CREATE INDEX ereignisse_by_case ON ereignisse (vorgangs_nummer, antrags_nummer, id);
