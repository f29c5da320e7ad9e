-- 0011: answers to a project's review questions: the practices in place (the lens's choice
-- ids), "none of these", and a note.

CREATE TABLE answers (
    question_id  TEXT PRIMARY KEY NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    choices      TEXT NOT NULL DEFAULT '[]',   -- JSON array of choice ids
    none_apply   INTEGER NOT NULL DEFAULT 0 CHECK (none_apply IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;
