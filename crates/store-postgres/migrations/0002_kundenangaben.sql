-- The Kundenangaben a case was created or last updated from, kept as received so that
-- GET /kundenangaben/{nr} answers exactly what was sent. Only cases that came through the
-- Kundenangaben API have a row.
CREATE TABLE kundenangaben (
    vorgangs_nummer TEXT COLLATE "C" PRIMARY KEY,
    document        BYTEA NOT NULL
);
