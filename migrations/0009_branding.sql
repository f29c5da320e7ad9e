-- 0009: branding — the organisation's name, logo and accent colour on every report. One row
-- for the app ('app') and one per project that overrides it (the project's id). No foreign
-- key, since 'app' is not a project; purging a project deletes its row.

CREATE TABLE brands (
    scope         TEXT PRIMARY KEY NOT NULL,
    organisation  TEXT NOT NULL DEFAULT '',
    accent        TEXT,                        -- '#RRGGBB', or NULL for Preflight's blue
    logo          BLOB,                        -- a PNG or JPEG file as given, at most 1 MiB
    logo_format   TEXT CHECK (logo_format IN ('png', 'jpeg')),
    updated_at    TEXT NOT NULL
) STRICT;
