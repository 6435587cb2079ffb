-- When the central service last listed each mirrored path: a path no longer listed (an old pack
-- version's part) is dropped once it has not been listed for the mirror's grace period.
ALTER TABLE relay_path ADD COLUMN listed_at BIGINT NOT NULL DEFAULT 0;
