import { describe, expect, it } from 'vitest';
import { windowOf } from './rows';

describe('windowOf', () => {
  const rows = Array(1000).fill(40);

  it('lays out only the rows that overlap the band, with spacers for the rest', () => {
    const w = windowOf(rows, 400, 1200);
    expect(w).toEqual({ start: 10, end: 30, before: 400, after: 970 * 40 });
    expect(w.before + (w.end - w.start) * 40 + w.after).toBe(40_000);
  });

  it('counts a row cut by the band edge as shown', () => {
    expect(windowOf(rows, 410, 1190)).toMatchObject({ start: 10, end: 30 });
    expect(windowOf(rows, 439, 441)).toMatchObject({ start: 10, end: 12 });
  });

  it('starts at the first row when the list begins below the band top', () => {
    expect(windowOf(rows, -500, 300)).toEqual({ start: 0, end: 8, before: 0, after: 992 * 40 });
  });

  it('follows rows of different heights', () => {
    expect(windowOf([20, 80, 20, 20], 30, 105)).toEqual({ start: 1, end: 3, before: 20, after: 20 });
  });

  it('gives an empty window past the end, or for an empty list', () => {
    expect(windowOf(rows, 50_000, 51_000)).toEqual({ start: 1000, end: 1000, before: 40_000, after: 0 });
    expect(windowOf([], 0, 800)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });
});
