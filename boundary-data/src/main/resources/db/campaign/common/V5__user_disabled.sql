-- An admin can disable a user (a lost phone, someone who left): their token is refused from then on.
ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
