// Gap tracker vocabulary for the UI, and the decision filter rule mirrored for instant feedback
// (the backend stores the verdict it computes with the same rule).
import type { DeferReason, Gap, GapDraft, GapRow, GapStatus, Priority, Verdict } from './backend';

export const CATEGORIES = [
  'Architecture',
  'Configuration',
  'Data',
  'Infrastructure',
  'Security',
  'Reliability',
  'Observability',
  'Operations',
  'CI/CD',
  'Testing',
  'Documentation',
];

export const PRIORITIES: { value: Priority; label: string }[] = [
  { value: 'critical', label: 'Critical' },
  { value: 'recommended', label: 'Recommended' },
  { value: 'optional', label: 'Optional' },
];

export const STATUSES: { value: GapStatus; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'done', label: 'Done' },
  { value: 'deferred', label: 'Deferred' },
];

export const DEFER_REASONS: { value: DeferReason; label: string }[] = [
  { value: 'out_of_scope', label: 'Out of scope for now' },
  { value: 'business_priority', label: 'Business priority' },
  { value: 'architecture_constraint', label: 'Architecture constraint' },
  { value: 'accepted_risk', label: 'Accepted risk' },
  { value: 'other', label: 'Other' },
];

export const label = <T extends string>(list: { value: T; label: string }[], value: T | null | undefined) =>
  list.find((x) => x.value === value)?.label ?? '';

/** The decision filter of PRODUCT.md; null until the answers decide. */
export function verdict(a: boolean | null, b: boolean | null, c: boolean | null): Verdict | null {
  if (a === true || b === true) return 'include_now';
  if (a === null || b === null) return null;
  if (c === null) return null;
  return c ? 'defer_and_track' : 'include_now';
}

export function newGapDraft(category = 'Reliability'): GapDraft {
  return {
    title: '',
    category,
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
    internalNote: '',
  };
}

export function gapDraftOf(g: Gap): GapDraft {
  return {
    title: g.title,
    category: g.category,
    priority: g.priority,
    status: g.status,
    owner: g.owner,
    dueDate: g.dueDate,
    notes: g.notes,
    pillarId: g.pillarId,
    deferReason: g.deferReason,
    deferNote: g.deferNote,
    revisitOn: g.revisitOn,
    validatesArchitecture: g.validatesArchitecture,
    omissionInvalidates: g.omissionInvalidates,
    incrementalLater: g.incrementalLater,
    internalNote: g.internalNote,
  };
}

export interface GapFilter {
  status: GapStatus | 'all' | 'active';
  priority: Priority | 'all';
  owner: string;
  sort: 'list' | 'due' | 'priority';
}

const PRIORITY_RANK: Record<Priority, number> = { critical: 0, recommended: 1, optional: 2 };

/** Applies the filter and sort; the order within equal keys stays the list order. */
export function filterGaps<G extends GapRow>(gaps: G[], f: GapFilter): G[] {
  const shown = gaps.filter(
    (g) =>
      (f.status === 'all' ||
        (f.status === 'active' ? g.status === 'open' || g.status === 'in_progress' : g.status === f.status)) &&
      (f.priority === 'all' || g.priority === f.priority) &&
      (f.owner === '' || g.owner === f.owner),
  );
  if (f.sort === 'due') {
    return [...shown].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  }
  if (f.sort === 'priority') {
    return [...shown].sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]);
  }
  return shown;
}
