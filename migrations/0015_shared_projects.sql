-- 0015: projects shared with the team through a folder they sync (docs/team-sharing.md). This
-- device's Automerge document of each is kept here, so changes queue while the folder is away.
-- No foreign key to projects: applying a merged plan replaces the project's rows, and the
-- sharing must outlive that.

CREATE TABLE shared_projects (
    project_id  TEXT PRIMARY KEY NOT NULL,
    folder      TEXT NOT NULL,                 -- the synced folder, as chosen
    document    BLOB NOT NULL,                 -- this device's document, Automerge's saved form
    genesis     TEXT NOT NULL,                 -- hash of the first change, which all descend from
    base_heads  TEXT NOT NULL,                 -- JSON array of the heads SQLite last matched
    plan_digest TEXT NOT NULL DEFAULT '',      -- SHA-256 of the local plan then, to skip recording
    shared_at   TEXT NOT NULL,
    synced_at   TEXT,                          -- the last time the folder was read and written
    sync_error  TEXT                           -- why the last sync did not reach the folder
) STRICT;
