import { describe, expect, it } from 'vitest';
import { polygon, present, radarPoint } from './chart';

describe('radar outline', () => {
  it('passes an unscored pillar by instead of dipping to the centre', () => {
    const points = polygon([4, null, 3, 5], 100, 100, 50).split(' ');
    expect(points).toHaveLength(3);
    const centre = '100.0,100.0';
    expect(points).not.toContain(centre);
    const [x, y] = radarPoint(2, 4, 3, 100, 100, 50);
    expect(points[1]).toBe(`${x.toFixed(1)},${y.toFixed(1)}`);
  });

  it('counts the values present', () => {
    expect(present([null, 2, null])).toBe(1);
    expect(present([1, 2, 3])).toBe(3);
  });
});
