-- A user's display name (optional): what planners and admins read beside the id.
ALTER TABLE app_user ADD COLUMN name TEXT;
