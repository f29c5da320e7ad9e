-- 0005: workshops — a facilitator's scoring session with the room: the pillars voted on, who
-- joined, every vote of every round, and the consensus recorded per pillar. The record stays
-- after the workshop ends (the scores it agreed are written into the scorecard then).

CREATE TABLE workshops (
    id              TEXT PRIMARY KEY NOT NULL,
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    anonymous       INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    notes_allowed   INTEGER NOT NULL CHECK (notes_allowed IN (0, 1)),
    current         INTEGER NOT NULL DEFAULT 0 CHECK (current >= 0),   -- index into its pillars
    round           INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),     -- on the current pillar
    phase           TEXT NOT NULL DEFAULT 'voting' CHECK (phase IN ('voting', 'revealed')),
    joining_locked  INTEGER NOT NULL DEFAULT 0 CHECK (joining_locked IN (0, 1)),
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    milestone_id    TEXT                                               -- taken on ending
) STRICT;
CREATE INDEX workshops_project ON workshops (project_id, started_at);

-- The pillars voted on, in order. Pillar ids are not foreign keys: a pillar removed later
-- keeps its place in the record (as milestones keep theirs), with the name it had.
CREATE TABLE workshop_pillars (
    workshop_id  TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    pillar_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (workshop_id, position)
) STRICT;

CREATE TABLE workshop_participants (
    id           TEXT PRIMARY KEY NOT NULL,
    workshop_id  TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    joined_at    TEXT NOT NULL
) STRICT;
CREATE INDEX workshop_participants_workshop ON workshop_participants (workshop_id, joined_at);

-- One vote per participant, pillar and round; changing a vote replaces it until the reveal.
-- A null score is "don't know".
CREATE TABLE workshop_votes (
    workshop_id     TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL REFERENCES workshop_participants (id) ON DELETE CASCADE,
    pillar_id       TEXT NOT NULL,
    round           INTEGER NOT NULL CHECK (round >= 1),
    score           INTEGER CHECK (score BETWEEN 1 AND 5),
    note            TEXT NOT NULL DEFAULT '',
    at              TEXT NOT NULL,
    PRIMARY KEY (workshop_id, participant_id, pillar_id, round)
) STRICT;

-- The consensus per pillar, and the score the pillar had before the workshop wrote it, so
-- ending can be undone.
CREATE TABLE workshop_consensus (
    workshop_id     TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    pillar_id       TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    rationale       TEXT NOT NULL DEFAULT '',
    at              TEXT NOT NULL,
    previous_score  INTEGER CHECK (previous_score BETWEEN 1 AND 5),
    PRIMARY KEY (workshop_id, pillar_id)
) STRICT;
