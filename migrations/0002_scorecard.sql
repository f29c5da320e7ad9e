-- 0002: the readiness scorecard — score levels, frameworks and their pillars, each project's
-- pillars with scores, milestones (frozen copies of a scorecard) and the proof-of-concept part
-- of the North Star (time box, decision, success criteria).

ALTER TABLE projects ADD COLUMN time_box_end TEXT;            -- YYYY-MM-DD, proof of concept only
ALTER TABLE projects ADD COLUMN decision TEXT NOT NULL DEFAULT 'undecided'
    CHECK (decision IN ('undecided', 'proceed', 'pivot', 'abandon'));

CREATE TABLE success_criteria (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    question    TEXT NOT NULL
) STRICT;
CREATE INDEX success_criteria_project ON success_criteria (project_id, position);

CREATE TABLE score_levels (
    level    INTEGER PRIMARY KEY NOT NULL CHECK (level BETWEEN 1 AND 5),
    name     TEXT NOT NULL,
    meaning  TEXT NOT NULL
) STRICT;

INSERT INTO score_levels (level, name, meaning) VALUES
    (1, 'Nonexistent', 'Nothing in place yet.'),
    (2, 'Nascent', 'Ad hoc effort, unreliable.'),
    (3, 'Emerging', 'Repeatable for core paths, fragile under stress.'),
    (4, 'Mature', 'Consistent, documented, monitored.'),
    (5, 'Operationalized', 'Battle-tested, continuously improved.');

CREATE TABLE frameworks (
    id           TEXT PRIMARY KEY NOT NULL,          -- 'eight-pillars', 'four-pillars' or a UUID
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    builtin      INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE framework_pillars (
    framework_id  TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (framework_id, position)
) STRICT;

INSERT INTO frameworks (id, name, description, builtin, created_at) VALUES
    ('eight-pillars', 'Production readiness, 8 pillars',
     'The full production-readiness review: from architecture to the rhythm after launch.',
     1, '2026-01-01T00:00:00.000Z'),
    ('four-pillars', 'Production readiness, 4 pillars',
     'A compact review for early products: reliability, security, observability, supportability.',
     1, '2026-01-01T00:00:00.000Z');

INSERT INTO framework_pillars (framework_id, position, name, description) VALUES
    ('eight-pillars', 0, 'Architectural clarity',
     'Clear boundaries, documented decisions, and a design that survives the next feature.'),
    ('eight-pillars', 1, 'Configuration hygiene',
     'Settings and secrets kept out of code, per environment, and rotated.'),
    ('eight-pillars', 2, 'Testing safety net',
     'Automated tests that catch regressions on the paths customers use.'),
    ('eight-pillars', 3, 'Automation & CI/CD',
     'Every change is built, tested and deployed by a pipeline, with a way back.'),
    ('eight-pillars', 4, 'Operational readiness',
     'Logs, metrics, alerts and runbooks so incidents are seen and handled.'),
    ('eight-pillars', 5, 'Security posture',
     'Authentication, least privilege, dependency and secret scanning, input validation.'),
    ('eight-pillars', 6, 'Documentation & docs-as-code',
     'Setup, architecture and operations documented next to the code and kept current.'),
    ('eight-pillars', 7, 'Post-launch rhythm',
     'Release cadence, incident reviews and a feedback loop after launch.'),
    ('four-pillars', 0, 'Reliability',
     'The product keeps working under load and failure: retries, backups, tested recovery.'),
    ('four-pillars', 1, 'Security',
     'Secrets managed, access limited, dependencies scanned, data protected.'),
    ('four-pillars', 2, 'Observability',
     'Structured logs, metrics and traces that explain what the system is doing.'),
    ('four-pillars', 3, 'Supportability',
     'Runbooks, onboarding docs and tooling so someone else can run it.');

CREATE TABLE pillars (
    id               TEXT PRIMARY KEY NOT NULL,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    current_score    INTEGER CHECK (current_score BETWEEN 1 AND 5),   -- NULL: not scored yet
    target_score     INTEGER NOT NULL DEFAULT 4 CHECK (target_score BETWEEN 1 AND 5),
    evidence         TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    next_checkpoint  TEXT,                                            -- YYYY-MM-DD
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX pillars_project ON pillars (project_id, position);

CREATE TABLE milestones (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    taken_on    TEXT NOT NULL,                 -- YYYY-MM-DD, the date the user gave
    created_at  TEXT NOT NULL,
    trashed_at  TEXT
) STRICT;
CREATE INDEX milestones_project ON milestones (project_id, taken_on);

-- A milestone's frozen copy of each pillar, as it was when the milestone was taken. There is
-- deliberately no foreign key to pillars: a pillar removed later stays in older milestones.
CREATE TABLE milestone_pillars (
    milestone_id     TEXT NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    pillar_id        TEXT NOT NULL,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    current_score    INTEGER CHECK (current_score BETWEEN 1 AND 5),
    target_score     INTEGER NOT NULL CHECK (target_score BETWEEN 1 AND 5),
    evidence         TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    next_checkpoint  TEXT,
    PRIMARY KEY (milestone_id, pillar_id)
) STRICT;

-- Projects made before the scorecard existed get the pillars of the framework they chose. Their
-- ids are random (version 4) UUIDs, since SQL cannot make the time-ordered v7 ones.
INSERT INTO pillars (id, project_id, position, name, description, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
             substr(hex(randomblob(2)), 2) || '-' ||
             substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' ||
             hex(randomblob(6))),
       p.id, fp.position, fp.name, fp.description, p.created_at, p.created_at
FROM projects AS p
JOIN framework_pillars AS fp ON fp.framework_id = p.framework_id;
