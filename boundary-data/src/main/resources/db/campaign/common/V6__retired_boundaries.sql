-- A boundary no longer in its campaign folder is retired, not deleted: devices drop its pack from
-- their sync index at once, its kept versions stay downloadable for a grace period, then go.
ALTER TABLE boundary ADD COLUMN retired_at TEXT;
