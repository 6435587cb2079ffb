-- The version of each boundary as the campaign folder had it at its last import. A re-import lets
-- the folder's geometry win only where the folder changed since then, so a planner's newer edit
-- is not silently reverted by importing the same folder again. NULL: imported before this column.
ALTER TABLE boundary ADD COLUMN imported_version TEXT;
