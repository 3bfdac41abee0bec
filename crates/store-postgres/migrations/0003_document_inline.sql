-- A case's document (about 10 KB of JSON) is read whole on every GET of the case. Stored
-- EXTENDED (the default) it goes out of line into the TOAST table, compressed with pglz, so a
-- read is a second index lookup, several chunk fetches and a slow decompression. STORAGE MAIN
-- keeps it in the row, compressed, as long as the row fits a page; lz4, where the server has
-- it, decompresses several times faster than pglz. Both apply to rows written from now on;
-- `vorgaenge export` followed by `vorgaenge import` rewrites existing ones.
ALTER TABLE cases ALTER COLUMN document SET STORAGE MAIN;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE cases ALTER COLUMN document SET COMPRESSION lz4;
    END IF;
END
$$;
