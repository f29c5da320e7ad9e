-- 0004: the editable tables of a project (North Star alignment, stakeholder canvas, and the
-- compliance notes' data inventory, regulatory triggers, vendors and review history), the
-- compliance snapshot, and the baseline controls checklist.

-- One row of one table. The columns of each kind are defined in the core
-- (`domain::tables`); cells are a JSON object from column key to text, so every table shares
-- one storage path, one editor and one export.
CREATE TABLE table_rows (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('alignment', 'stakeholders', 'data_inventory',
                                              'triggers', 'vendors', 'reviews')),
    position    INTEGER NOT NULL,
    cells       TEXT NOT NULL CHECK (json_valid(cells)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    trashed_at  TEXT
) STRICT;
CREATE INDEX table_rows_project_kind ON table_rows (project_id, kind, position);

ALTER TABLE projects ADD COLUMN compliance_last_reviewed TEXT;      -- YYYY-MM-DD
ALTER TABLE projects ADD COLUMN compliance_next_review TEXT NOT NULL DEFAULT '';  -- date or milestone
ALTER TABLE projects ADD COLUMN compliance_owner TEXT NOT NULL DEFAULT '';

CREATE TABLE baseline_controls (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    done        INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX baseline_controls_project ON baseline_controls (project_id, position);

-- Existing projects get the four baseline controls every new project starts with.
INSERT INTO baseline_controls (id, project_id, position, label)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
             substr(hex(randomblob(2)), 2) || '-' ||
             substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' ||
             hex(randomblob(6))),
       p.id, c.position, c.label
FROM projects AS p
CROSS JOIN (SELECT 0 AS position, 'HTTPS everywhere' AS label
            UNION ALL SELECT 1, 'MFA on admin accounts'
            UNION ALL SELECT 2, 'Secrets kept out of the repository'
            UNION ALL SELECT 3, 'Database encrypted at rest and in transit') AS c;
