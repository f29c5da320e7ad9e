-- 0006: internal notes — for the team only, never printed in a report for another audience.
-- Pillars (and their frozen copies in milestones), gaps and the rows of every table get one.

ALTER TABLE pillars ADD COLUMN internal_note TEXT NOT NULL DEFAULT '';
ALTER TABLE milestone_pillars ADD COLUMN internal_note TEXT NOT NULL DEFAULT '';
ALTER TABLE gaps ADD COLUMN internal_note TEXT NOT NULL DEFAULT '';
ALTER TABLE table_rows ADD COLUMN internal_note TEXT NOT NULL DEFAULT '';
