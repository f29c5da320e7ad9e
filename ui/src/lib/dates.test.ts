import { describe, expect, it } from 'vitest';
import { localeOrder, readTypedDate } from './dates';

describe('readTypedDate', () => {
  it('reads ISO, compact and each locale order', () => {
    expect(readTypedDate('2026-12-15', 'en-US')).toEqual({ iso: '2026-12-15' });
    expect(readTypedDate('20261215', 'en-US')).toEqual({ iso: '2026-12-15' });
    expect(readTypedDate('12/15/2026', 'en-US')).toEqual({ iso: '2026-12-15' });
    expect(readTypedDate('15.12.2026', 'de-DE')).toEqual({ iso: '2026-12-15' });
    expect(readTypedDate('15/12/26', 'en-GB')).toEqual({ iso: '2026-12-15' });
    expect(readTypedDate(' 2026 1 5 ', 'de-DE')).toEqual({ iso: '2026-01-05' });
  });

  it('means no date for an empty field', () => {
    expect(readTypedDate('   ', 'en-US')).toEqual({ iso: null });
  });

  it('says why an impossible date is refused', () => {
    expect(readTypedDate('02/30/2026', 'en-US')).toEqual({ problem: 'February 2026 has 28 days.' });
    expect(readTypedDate('2028-02-30', 'en-US')).toEqual({ problem: 'February 2028 has 29 days.' });
    expect(readTypedDate('2026-04-31', 'en-US')).toEqual({ problem: 'April 2026 has 30 days.' });
    expect(readTypedDate('12/15/2026', 'en-GB')).toMatchObject({ problem: expect.stringContaining('no month 15') });
    expect(readTypedDate('next friday', 'en-US')).toMatchObject({ problem: expect.stringContaining('2026-12-15 or 12/15/2026') });
    expect(readTypedDate('1/2/300', 'en-US')).toMatchObject({ problem: expect.stringContaining('not a date') });
  });

  it('finds the order of day, month and year from the locale', () => {
    expect(localeOrder('en-US')).toEqual(['month', 'day', 'year']);
    expect(localeOrder('de-DE')).toEqual(['day', 'month', 'year']);
    expect(localeOrder('sv-SE')).toEqual(['year', 'month', 'day']);
  });
});
