-- 0010: review questions from AWS Well-Architected custom lenses (docs: domain/lens.rs).
-- A framework imported from a lens keeps each pillar's lens id and every question (its
-- choices and risk rules as the lens's JSON); a project made from it gets its own copies.

ALTER TABLE frameworks ADD COLUMN lens_schema TEXT;          -- '2021-11-01' for a lens
ALTER TABLE framework_pillars ADD COLUMN lens_id TEXT NOT NULL DEFAULT '';

CREATE TABLE framework_questions (
    framework_id     TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    pillar_position  INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    question_id      TEXT NOT NULL,                -- the lens's id, unique in the framework
    definition       TEXT NOT NULL,                -- JSON: title, description, choices, rules
    PRIMARY KEY (framework_id, question_id)
) STRICT;

CREATE TABLE questions (
    id           TEXT PRIMARY KEY NOT NULL,        -- UUID v7
    project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    pillar_id    TEXT NOT NULL REFERENCES pillars (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    question_id  TEXT NOT NULL,                    -- the lens's id, unique in the project
    definition   TEXT NOT NULL,
    UNIQUE (project_id, question_id)
) STRICT;
CREATE INDEX questions_pillar ON questions (pillar_id, position);
