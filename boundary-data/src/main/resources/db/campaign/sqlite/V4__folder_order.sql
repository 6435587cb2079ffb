-- Rows keep the order of the campaign folder (a form list, the points of a pack) in a column of
-- their own: PostgreSQL has no rowid to order by.
ALTER TABLE boundary ADD COLUMN ordinal INTEGER;
ALTER TABLE assigned_point ADD COLUMN ordinal INTEGER;
ALTER TABLE form ADD COLUMN ordinal INTEGER;
ALTER TABLE localization ADD COLUMN ordinal INTEGER;
ALTER TABLE sos_contact ADD COLUMN ordinal INTEGER;

-- rows stored before this version keep the order they were inserted in
UPDATE boundary SET ordinal = rowid;
UPDATE assigned_point SET ordinal = rowid;
UPDATE form SET ordinal = rowid;
UPDATE localization SET ordinal = rowid;
UPDATE sos_contact SET ordinal = rowid;
