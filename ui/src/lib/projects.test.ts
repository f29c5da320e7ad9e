import { describe, expect, it } from 'vitest';
import { changedAgo, charCount, draftOf, emptyDraft, timeBoxOverdue, validateDraft } from './projects';
import type { Project } from './backend';

describe('validateDraft', () => {
  it('requires a name and uses the backend wording for lengths', () => {
    expect(validateDraft(emptyDraft()).name).toBe('is required');
    const draft = { ...emptyDraft(), name: 'x'.repeat(121) };
    expect(validateDraft(draft).name).toBe('must be at most 120 characters (got 121)');
    expect(validateDraft({ ...draft, name: 'x'.repeat(120) })).toEqual({});
  });

  it('counts characters, not UTF-16 units, after trimming', () => {
    expect(charCount('  Zoë 😀  ')).toBe(5);
    const name = '😀'.repeat(120);
    expect(validateDraft({ ...emptyDraft(), name }).name).toBeUndefined();
  });

  it('checks every bounded field', () => {
    const errors = validateDraft({
      name: 'ok',
      stage: 'idea',
      description: 'd'.repeat(2001),
      northStar: 'n'.repeat(281),
      leadingMetric: 'm'.repeat(201),
    });
    expect(Object.keys(errors).sort()).toEqual(['description', 'leadingMetric', 'northStar']);
  });
});

describe('timeBoxOverdue', () => {
  const base = {
    id: '1',
    name: 'P',
    description: '',
    stage: 'proof_of_concept' as const,
    northStar: '',
    leadingMetric: '',
    frameworkId: 'eight-pillars',
    timeBoxEnd: '2026-03-01',
    decision: 'undecided' as const,
    successCriteria: [],
    isSample: false,
    createdAt: '',
    updatedAt: '',
    archivedAt: null,
    trashedAt: null,
    reviewEveryWeeks: null,
    reminders: true,
  };
  it('flags a passed time box only while undecided', () => {
    expect(timeBoxOverdue(base, '2026-03-02')).toBe(true);
    expect(timeBoxOverdue(base, '2026-03-01')).toBe(false);
    expect(timeBoxOverdue({ ...base, decision: 'proceed' }, '2026-03-02')).toBe(false);
    expect(timeBoxOverdue({ ...base, stage: 'pilot' }, '2026-03-02')).toBe(false);
  });
});

describe('changedAgo', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  it('speaks in minutes, hours and days, then dates', () => {
    expect(changedAgo('2026-11-21T11:59:30Z', now)).toBe('just now');
    expect(changedAgo('2026-11-21T11:55:00Z', now)).toBe('5 min ago');
    expect(changedAgo('2026-11-21T09:00:00Z', now)).toBe('3 h ago');
    expect(changedAgo('2026-11-20T11:00:00Z', now)).toBe('yesterday');
    expect(changedAgo('2026-10-01T11:00:00Z', now)).toBe('2026-10-01');
  });
});

describe('draftOf', () => {
  it('copies only the editable fields', () => {
    const project: Project = {
      id: '0192',
      name: 'A',
      description: 'B',
      stage: 'beta',
      northStar: 'C',
      leadingMetric: 'D',
      frameworkId: 'four-pillars',
      timeBoxEnd: null,
      decision: 'undecided',
      successCriteria: ['Q1'],
      isSample: false,
      createdAt: '2026-11-21T12:00:00Z',
      updatedAt: '2026-11-21T12:00:00Z',
      archivedAt: null,
      trashedAt: null,
      reviewEveryWeeks: null,
      reminders: true,
    };
    expect(draftOf(project)).toEqual({
      name: 'A',
      description: 'B',
      stage: 'beta',
      northStar: 'C',
      leadingMetric: 'D',
      timeBoxEnd: '',
      decision: 'undecided',
      successCriteria: ['Q1'],
    });
  });
});
