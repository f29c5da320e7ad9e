-- 0007: a project's re-scoring rhythm and its desktop reminders.
-- review_every_weeks: re-score (take a milestone) every N weeks, 1–52; NULL for no rhythm.
-- reminders: 0 turns this project's desktop reminders off on this computer.
ALTER TABLE projects ADD COLUMN review_every_weeks INTEGER
    CHECK (review_every_weeks IS NULL OR review_every_weeks BETWEEN 1 AND 52);
ALTER TABLE projects ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1));

-- The reminders shown today, one row per agenda item ("<kind>:<item id>"), so an item is
-- notified at most once a day. Rows of earlier days are removed whenever reminders are taken.
CREATE TABLE reminders_shown (
    item_key  TEXT PRIMARY KEY NOT NULL,
    shown_on  TEXT NOT NULL                    -- YYYY-MM-DD, the local calendar day
) STRICT;
