-- 0012: gaps added from a review question's improvement plans, one per practice not in
-- place, so a second "add" finds them instead of adding them again.

CREATE TABLE improvement_gaps (
    question_id  TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    choice_id    TEXT NOT NULL,                 -- the lens's id of the practice
    gap_id       TEXT NOT NULL REFERENCES gaps (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, choice_id)
) STRICT;
