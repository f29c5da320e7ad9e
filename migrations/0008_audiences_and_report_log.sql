-- 0008: reports per audience — audiences users save (app-wide), and the log of reports sent to
-- an audience other than the team, with the gap states at that moment. The scorecard at that
-- moment is a milestone marked with whom it was sent to.

CREATE TABLE audiences (
    id          TEXT PRIMARY KEY NOT NULL,     -- the name in kebab form, e.g. pilot-partners
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,                 -- JSON: parts, redactions, paper (domain::audience)
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE report_sends (
    id             TEXT PRIMARY KEY NOT NULL,
    project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    audience_id    TEXT NOT NULL,
    audience_name  TEXT NOT NULL,
    recipient      TEXT NOT NULL DEFAULT '',
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    as_of          TEXT NOT NULL,              -- YYYY-MM-DD, the date the report speaks for
    sent_at        TEXT NOT NULL,
    decision       TEXT NOT NULL,              -- the proof-of-concept decision then
    milestone_id   TEXT REFERENCES milestones (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX report_sends_project ON report_sends (project_id, audience_id, sent_at);

CREATE TABLE report_send_gaps (
    send_id  TEXT NOT NULL REFERENCES report_sends (id) ON DELETE CASCADE,
    gap_id   TEXT NOT NULL,                    -- no foreign key: a gap deleted later stays here
    title    TEXT NOT NULL,
    status   TEXT NOT NULL,
    blocker  INTEGER NOT NULL CHECK (blocker IN (0, 1)),
    PRIMARY KEY (send_id, gap_id)
) STRICT;

-- "Sent to Board (Acme Capital)" on a milestone taken when a report was sent; '' otherwise.
ALTER TABLE milestones ADD COLUMN sent_to TEXT NOT NULL DEFAULT '';
