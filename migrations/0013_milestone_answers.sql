-- 0013: a milestone freezes the review as it was: each question's title, the practices in
-- place (their titles then), "none of these", the note and the risk, so compare can show
-- how risks moved even after the questions are edited.

CREATE TABLE milestone_answers (
    milestone_id  TEXT NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    question_id   TEXT NOT NULL,                  -- the lens's id
    pillar_id     TEXT NOT NULL,                  -- the pillar it was under (milestone_pillars)
    title         TEXT NOT NULL,
    chosen        TEXT NOT NULL DEFAULT '[]',     -- JSON array of practice titles
    none_apply    INTEGER NOT NULL DEFAULT 0 CHECK (none_apply IN (0, 1)),
    note          TEXT NOT NULL DEFAULT '',
    risk          TEXT CHECK (risk IN ('HIGH_RISK', 'MEDIUM_RISK', 'NO_RISK')),  -- NULL: unanswered
    PRIMARY KEY (milestone_id, question_id)
) STRICT;
