// The gap boards the window keeps between openings of the Gaps tab. At 1,000 gaps a board is
// 350 KB that took 20–30 ms to read and take in on every opening; a kept one is shown after
// one small call that says the database has not changed since it was read (its revision
// counts every write: this window's, the `preflight` command's, a sync's). A board is also read
// ahead, as the pointer or the keyboard reaches the tab, so the first opening need not wait
// for it either.
import { backend, type GapCounts, type GapRow, type GapTracker } from './backend';
import { localToday } from './projects';

/** A board read on `day` (the local date, which its overdue counts depend on). */
interface Kept {
  tracker: GapTracker;
  day: string;
}

/** Boards of the projects opened last, at most this many (each about 1 MB at 1,000 gaps). */
const KEPT_PROJECTS = 3;

const kept = new Map<string, Kept>();
const reading = new Map<string, Promise<GapTracker>>();

function keep(projectId: string, tracker: GapTracker) {
  kept.delete(projectId);
  kept.set(projectId, { tracker, day: localToday() });
  // A Map iterates in insertion order: the first key is the project opened longest ago.
  while (kept.size > KEPT_PROJECTS) kept.delete(kept.keys().next().value!);
}

/** Reads `projectId`'s board and keeps it; a read already under way is shared. */
function read(projectId: string): Promise<GapTracker> {
  let pending = reading.get(projectId);
  if (!pending) {
    pending = backend.getGapTracker(projectId).then(
      (tracker) => {
        reading.delete(projectId);
        keep(projectId, tracker);
        return tracker;
      },
      (e) => {
        reading.delete(projectId);
        throw e;
      },
    );
    reading.set(projectId, pending);
  }
  return pending;
}

/**
 * The board of `projectId` as the database holds it now: the kept one when it was read today
 * and no write came since, else read afresh.
 */
export async function gapTracker(projectId: string): Promise<GapTracker> {
  const copy = kept.get(projectId);
  if (copy && copy.day === localToday() && (await backend.getRevision()) === copy.tracker.revision) {
    return copy.tracker;
  }
  return read(projectId);
}

/** Starts reading `projectId`'s board unless one is kept or being read; failures wait for the opening. */
export function readAhead(projectId: string) {
  if (kept.has(projectId) || reading.has(projectId)) return;
  read(projectId).catch(() => {});
}

/**
 * Keeps what the Gaps tab shows after a change it made to `shown` (the board as read at its
 * revision): `gaps` and `counts` with the revision the change reported. That is the database's
 * state only when the change was the one write since `shown` was read; otherwise, or without a
 * revision, the kept board is dropped and the next opening reads it.
 */
export function keepChanged(
  projectId: string,
  shown: GapTracker,
  gaps: GapRow[],
  counts: GapCounts,
  revision: number | null,
): GapTracker {
  const tracker = { ...shown, gaps, counts, revision: revision ?? -1 };
  if (revision !== null && shown.revision >= 0 && revision === shown.revision + 1) keep(projectId, tracker);
  else forget(projectId);
  return tracker;
}

/** Drops `projectId`'s kept board (after a change whose revision is not known). */
export function forget(projectId: string) {
  kept.delete(projectId);
}
