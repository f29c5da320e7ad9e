// A stored gap for tests: an open, recommended gap with every field empty, changed by `over`.
import type { Gap } from '../backend';

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
