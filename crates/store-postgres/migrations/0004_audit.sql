-- One audit record per committed change of a case, written in the change's transaction:
-- who made it (the partner it was made as, and the actor when a partner acted on behalf of
-- another), through which client, request and operation, and the events it appended. Never
-- updated; the id gives the order.
CREATE TABLE audit (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vorgangs_nummer TEXT   COLLATE "C" NOT NULL,
    zeit            BIGINT NOT NULL,  -- micros since the epoch, the change's stamp
    partner         TEXT   NOT NULL,
    actor           TEXT,
    client_id       TEXT   NOT NULL,
    trace_id        TEXT   NOT NULL,
    aktion          TEXT   NOT NULL,
    ereignisse      TEXT   NOT NULL   -- JSON array of {typ, aktivitaet}
);
CREATE INDEX audit_by_case ON audit (vorgangs_nummer, id);
