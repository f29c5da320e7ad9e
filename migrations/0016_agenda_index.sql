-- 0016: the agenda's index. The agenda across every active project counts each group's gaps
-- per owner and project and shows the first of them by date; with 100 projects of 1,000 gaps
-- that is some 51,000 gaps, and reading their rows (notes and all) took 130–150 ms. This
-- index holds only the gaps the agenda shows, ordered by the date it shows them on, with the
-- columns its counts need, so the counts read the index alone and a page reads only its rows.
-- The expression and the WHERE clause are written exactly as in `storage/gaps/dates.rs`:
-- SQLite uses them only for queries that write the same.

CREATE INDEX gaps_agenda ON gaps (
    (CASE WHEN status = 'deferred' THEN revisit_on ELSE due_date END),
    status, owner, project_id, due_date, revisit_on, trashed_at
) WHERE trashed_at IS NULL AND ((status IN ('open', 'in_progress') AND due_date IS NOT NULL) OR (status = 'deferred' AND revisit_on IS NOT NULL));
