import { describe, expect, it } from 'vitest';
import { gapOf } from './testing/gaps';
import { filterGaps, verdict } from './gaps';

describe('verdict', () => {
  it('follows the decision filter rule', () => {
    expect(verdict(true, null, null)).toBe('include_now');
    expect(verdict(false, true, true)).toBe('include_now');
    expect(verdict(false, false, true)).toBe('defer_and_track');
    expect(verdict(false, false, false)).toBe('include_now');
    expect(verdict(false, null, true)).toBeNull();
  });
});

describe('filterGaps', () => {
  const gap = gapOf;
  const gaps = [
    gap('a', { priority: 'optional', dueDate: '2026-12-01', owner: 'Zoë' }),
    gap('b', { priority: 'critical', status: 'done' }),
    gap('c', { priority: 'critical', dueDate: '2026-11-01', status: 'in_progress' }),
  ];
  const all = { status: 'all', priority: 'all', owner: '', sort: 'list' } as const;

  it('filters by status, priority and owner', () => {
    expect(filterGaps(gaps, { ...all, status: 'active' }).map((g) => g.title)).toEqual(['a', 'c']);
    expect(filterGaps(gaps, { ...all, priority: 'critical' }).map((g) => g.title)).toEqual(['b', 'c']);
    expect(filterGaps(gaps, { ...all, owner: 'Zoë' }).map((g) => g.title)).toEqual(['a']);
  });

  it('sorts by due date (undated last) or priority', () => {
    expect(filterGaps(gaps, { ...all, sort: 'due' }).map((g) => g.title)).toEqual(['c', 'a', 'b']);
    expect(filterGaps(gaps, { ...all, sort: 'priority' }).map((g) => g.title)).toEqual(['b', 'c', 'a']);
  });
});
