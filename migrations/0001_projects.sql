-- 0001: projects, the root of everything a founder plans in Preflight, and a small key/value
-- table for facts about the database itself (for example whether the sample was seeded).

CREATE TABLE projects (
    id              TEXT PRIMARY KEY NOT NULL,           -- UUID v7
    name            TEXT NOT NULL,
    -- Unicode-lowercased, trimmed name; the unique index below keeps names unique among
    -- projects that are not in the trash.
    name_key        TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    stage           TEXT NOT NULL DEFAULT 'idea'
                    CHECK (stage IN ('idea', 'proof_of_concept', 'pilot', 'beta', 'production')),
    north_star      TEXT NOT NULL DEFAULT '',
    leading_metric  TEXT NOT NULL DEFAULT '',
    framework_id    TEXT NOT NULL DEFAULT 'eight-pillars',
    is_sample       INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0, 1)),
    created_at      TEXT NOT NULL,                       -- RFC 3339, UTC
    updated_at      TEXT NOT NULL,                       -- RFC 3339, UTC
    archived_at     TEXT,                                -- set while archived
    trashed_at      TEXT                                 -- set while in the trash
) STRICT;

CREATE UNIQUE INDEX projects_name_key_live ON projects (name_key) WHERE trashed_at IS NULL;
CREATE INDEX projects_updated_at ON projects (updated_at DESC);

CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
