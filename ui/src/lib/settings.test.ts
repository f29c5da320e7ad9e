import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('./backend', () => ({
  backend: {
    getSettings: vi.fn(async () => ({ dateFormat: 'day-month-year-dots', zoomPercent: 125 })),
    updateSettings: vi.fn(async (s: unknown) => s),
  },
}));

import { datePattern, formatDate, formatDateAs, loadSettings, localeFormat, readDate, settings, zoomForKey } from './settings.svelte';

describe('date format setting', () => {
  beforeEach(() => {
    settings.dateFormat = 'iso';
    settings.zoomPercent = 100;
  });

  it('writes one day in every format and leaves other text alone', () => {
    expect(formatDateAs('2026-03-07', 'iso')).toBe('2026-03-07');
    expect(formatDateAs('2026-03-07', 'day-month-year-dots')).toBe('07.03.2026');
    expect(formatDateAs('2026-03-07', 'day-month-year-slashes')).toBe('07/03/2026');
    expect(formatDateAs('2026-03-07', 'month-day-year-slashes')).toBe('03/07/2026');
    expect(formatDateAs('2026-03-07', 'year-month-day-slashes')).toBe('2026/03/07');
    expect(formatDateAs('first paying customer', 'day-month-year-dots')).toBe('first paying customer');
    expect(formatDateAs(null, 'iso')).toBe('');
  });

  it('reads short dates in the chosen order, so what is shown reads back as the same day', async () => {
    await loadSettings();
    expect(settings.dateFormat).toBe('day-month-year-dots');
    expect(formatDate('2026-12-05')).toBe('05.12.2026');
    expect(readDate('05.12.2026')).toEqual({ iso: '2026-12-05' });
    expect(readDate('2026-12-05')).toEqual({ iso: '2026-12-05' });
    expect(datePattern()).toBe('DD.MM.YYYY');
    settings.dateFormat = 'month-day-year-slashes';
    expect(readDate('12/05/2026')).toEqual({ iso: '2026-12-05' });
    expect(readDate('02/30/2026')).toEqual({ problem: 'February 2026 has 28 days.' });
  });

  it('names the format a locale uses, when one matches', () => {
    expect(localeFormat('en-US')).toBe('month-day-year-slashes');
    expect(localeFormat('de-DE')).toBe('day-month-year-dots');
    expect(localeFormat('en-GB')).toBe('day-month-year-slashes');
  });
});

describe('zoom keys', () => {
  const key = (k: string, ctrlKey = true) => ({ key: k, ctrlKey, metaKey: false });

  it('step up and down through the zoom steps and back to 100 %', () => {
    expect(zoomForKey(key('='), 100)).toBe(110);
    expect(zoomForKey(key('+'), 110)).toBe(125);
    expect(zoomForKey(key('-'), 100)).toBe(90);
    expect(zoomForKey(key('0'), 175)).toBe(100);
    expect(zoomForKey(key('='), 300)).toBe(300);
    expect(zoomForKey(key('-'), 50)).toBe(50);
  });

  it('ignore keys without Ctrl and other keys', () => {
    expect(zoomForKey(key('=', false), 100)).toBeNull();
    expect(zoomForKey(key('n'), 100)).toBeNull();
  });
});
