// Project rules the form checks as the user types. The backend checks them again and is the
// authority; these only give instant feedback with the same limits and the same wording.
import type { Decision, Framework, Project, ProjectDraft, ProjectView, Stage } from './backend';
import { LIMITS as FIELD_LIMITS } from './bindings/field-limits';

/** The project form's fields and their longest lengths (generated from the domain's rules). */
export const LIMITS = {
  name: FIELD_LIMITS.projectName,
  description: FIELD_LIMITS.projectDescription,
  northStar: FIELD_LIMITS.northStar,
  leadingMetric: FIELD_LIMITS.leadingMetric,
} as const;

export type DraftField = keyof typeof LIMITS;

export const STAGES: { value: Stage; label: string }[] = [
  { value: 'idea', label: 'Idea' },
  { value: 'proof_of_concept', label: 'Proof of concept' },
  { value: 'pilot', label: 'Pilot' },
  { value: 'beta', label: 'Beta' },
  { value: 'production', label: 'Production' },
];

export const DECISIONS: { value: Decision; label: string }[] = [
  { value: 'undecided', label: 'Undecided' },
  { value: 'proceed', label: 'Proceed' },
  { value: 'pivot', label: 'Pivot' },
  { value: 'abandon', label: 'Abandon' },
];

export const VIEWS: { value: ProjectView; label: string }[] = [
  { value: 'active', label: 'Projects' },
  { value: 'archived', label: 'Archived' },
  { value: 'trash', label: 'Trash' },
];

export function stageLabel(stage: Stage): string {
  return STAGES.find((s) => s.value === stage)?.label ?? stage;
}

export function frameworkLabel(frameworks: Framework[], id: string): string {
  return frameworks.find((f) => f.id === id)?.name ?? 'Custom framework';
}

/** Today's date in the local time zone, as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A proof of concept whose time box has passed with no decision taken. */
export function timeBoxOverdue(project: Project, today: string = localToday()): boolean {
  return (
    project.stage === 'proof_of_concept' &&
    project.decision === 'undecided' &&
    project.timeBoxEnd !== null &&
    project.timeBoxEnd < today
  );
}

/** Length in characters as the backend counts them (Unicode scalar values, after trimming). */
/** From this share of a field's limit on, a long text shows its counter (0.8 = 80 %). */
export const NEAR_LIMIT = 0.8;

export function charCount(text: string): number {
  return [...text.trim()].length;
}

export function emptyDraft(): ProjectDraft {
  return {
    name: '',
    description: '',
    stage: 'idea',
    northStar: '',
    leadingMetric: '',
    timeBoxEnd: '',
    decision: 'undecided',
    successCriteria: [],
  };
}

export function draftOf(project: Project): ProjectDraft {
  const { name, description, stage, northStar, leadingMetric, decision, successCriteria } = project;
  return {
    name,
    description,
    stage,
    northStar,
    leadingMetric,
    timeBoxEnd: project.timeBoxEnd ?? '',
    decision,
    successCriteria: [...successCriteria],
  };
}

/** Field errors for a draft, keyed by field, with the backend's wording. */
export function validateDraft(draft: ProjectDraft): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  for (const field of Object.keys(LIMITS) as DraftField[]) {
    const count = charCount(draft[field]);
    if (count > LIMITS[field]) {
      errors[field] = `must be at most ${LIMITS[field]} characters (got ${count})`;
    }
  }
  if (!errors.name && charCount(draft.name) === 0) errors.name = 'is required';
  return errors;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", or the date for older changes. */
export function changedAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return days === 1 ? 'yesterday' : `${days} days ago`;
  return then.toISOString().slice(0, 10);
}
