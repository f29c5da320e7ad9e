import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import LaunchBlockers from './LaunchBlockers.svelte';
import type { Gap } from '../../lib/backend';
import { gapOf } from '../../lib/testing/gaps';

const gap = (i: number, extra: Partial<Gap> = {}): Gap =>
  gapOf(`Blocker ${i}`, { id: `g${i}`, position: i, category: 'Security', priority: 'critical', owner: 'Ada', ...extra });

describe('LaunchBlockers', () => {
  it('names the first ten of many and counts the rest', () => {
    const blockers = Array.from({ length: 130 }, (_, i) => gap(i));
    const risks = Array.from({ length: 12 }, (_, i) => gap(200 + i, { status: 'deferred', deferReason: 'accepted_risk' }));
    render(LaunchBlockers, { blockers, risks, onOpenGaps: vi.fn() });
    expect(screen.getByTestId('blocker-count').textContent).toBe('130');
    expect(screen.getAllByTestId('blocker')).toHaveLength(10);
    expect(screen.getByTestId('blockers-more').textContent).toBe('and 120 more');
    expect(screen.getAllByTestId('accepted-risk')).toHaveLength(10);
    expect(screen.getByTestId('risks-more').textContent).toBe('and 2 more');
  });

  it('names every one of a few', () => {
    render(LaunchBlockers, { blockers: [gap(1), gap(2)], risks: [], onOpenGaps: vi.fn() });
    expect(screen.getAllByTestId('blocker')).toHaveLength(2);
    expect(screen.queryByTestId('blockers-more')).toBeNull();
  });
});
