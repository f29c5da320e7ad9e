// A stored gap for tests: an open, recommended gap with every field empty, changed by `over`.
import type { Gap, GapRow } from '../backend';

/** A gap titled `title` (also its id), with the fields in `over` in place of the empty ones. */
export function gapOf(title: string, over: Partial<Gap> = {}): Gap {
  return {
    id: title,
    position: 0,
    title,
    category: 'Data',
    priority: 'recommended',
    status: 'open',
    owner: '',
    dueDate: null,
    notes: '',
    pillarId: null,
    deferReason: null,
    deferNote: '',
    revisitOn: null,
    validatesArchitecture: null,
    omissionInvalidates: null,
    incrementalLater: null,
    verdict: null,
    updatedAt: '',
    internalNote: '',
    ...over,
  };
}

/** The Gaps tab's row of `gap`: the gap without its notes, internal note and answers. */
export function rowOf(gap: Gap): GapRow {
  const { id, position, title, category, priority, status, owner, dueDate, pillarId, deferReason, deferNote, revisitOn } = gap;
  return { id, position, title, category, priority, status, owner, dueDate, pillarId, deferReason, deferNote, revisitOn };
}
