-- 0014: review questions of our own for the two built-in frameworks. The questions, choices,
-- risk rules and improvement plans are the lens files in src-tauri/core/frameworks/, written
-- for Preflight and inserted by this migration's hook (storage/lenses.rs); here each built-in
-- pillar gets the lens id those files give it, so the frameworks export as lenses.

UPDATE framework_pillars SET lens_id = CASE position
    WHEN 0 THEN 'architecture' WHEN 1 THEN 'configuration' WHEN 2 THEN 'testing'
    WHEN 3 THEN 'automation' WHEN 4 THEN 'operations' WHEN 5 THEN 'security'
    WHEN 6 THEN 'documentation' WHEN 7 THEN 'post_launch' END
WHERE framework_id = 'eight-pillars';

UPDATE framework_pillars SET lens_id = CASE position
    WHEN 0 THEN 'reliability' WHEN 1 THEN 'security' WHEN 2 THEN 'observability'
    WHEN 3 THEN 'supportability' END
WHERE framework_id = 'four-pillars';
