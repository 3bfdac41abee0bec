-- Access: API clients, token signing keys, the directory version, and list indexes for
-- listing only the cases of some partners.

-- API clients. Scopes are space-separated scope tokens (RFC 6749 §3.3: a token never holds a
-- space). Only a hash of the secret is kept.
CREATE TABLE clients (
    client_id   TEXT    PRIMARY KEY,
    partner_id  TEXT    NOT NULL,
    scopes      TEXT    NOT NULL,
    secret_hash BLOB    NOT NULL,
    disabled    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL  -- micros since the epoch
);

-- The token endpoint's key pairs. The key in use has no retired_at; retired keys stay until
-- pruned so that tokens they signed keep verifying until they expire.
CREATE TABLE signing_keys (
    kid         TEXT    PRIMARY KEY,
    algorithm   TEXT    NOT NULL,
    private_key BLOB    NOT NULL,
    public_key  BLOB    NOT NULL,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER
);

-- A counter that changes with every change to partners, grants, clients or signing keys.
-- Instances poll it to notice admin changes made by another process. Triggers bump it, so no
-- writer (this program, an admin CLI, a manual SQL session) can forget to. SQLite triggers
-- run per row: a batch bumps it once per row, which is fine, only a change matters.
CREATE TABLE directory_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE TRIGGER partners_insert_bumps_directory AFTER INSERT ON partners
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER partners_update_bumps_directory AFTER UPDATE ON partners
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER partners_delete_bumps_directory AFTER DELETE ON partners
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER grants_insert_bumps_directory AFTER INSERT ON grants
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER grants_update_bumps_directory AFTER UPDATE ON grants
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER grants_delete_bumps_directory AFTER DELETE ON grants
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER clients_insert_bumps_directory AFTER INSERT ON clients
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER clients_update_bumps_directory AFTER UPDATE ON clients
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER clients_delete_bumps_directory AFTER DELETE ON clients
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER signing_keys_insert_bumps_directory AFTER INSERT ON signing_keys
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER signing_keys_update_bumps_directory AFTER UPDATE ON signing_keys
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER signing_keys_delete_bumps_directory AFTER DELETE ON signing_keys
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
END;

-- The list in change order, now carrying both partner columns: a partner filter applied while
-- walking this index (large partner sets) is decided on the index entry, and the table row is
-- read only for cases that pass.
DROP INDEX cases_by_change;
CREATE INDEX cases_by_change ON cases
    (daten_kontext, archived, letzte_aenderung, vorgangs_nummer, kunden_betreuer, vorgangs_bearbeiter);

-- One range per partner and column, already in list order (small partner sets): the cases of
-- one advisor are found without walking past everybody else's.
CREATE INDEX cases_by_betreuer ON cases
    (daten_kontext, archived, kunden_betreuer, letzte_aenderung, vorgangs_nummer);
CREATE INDEX cases_by_bearbeiter ON cases
    (daten_kontext, archived, vorgangs_bearbeiter, letzte_aenderung, vorgangs_nummer);
