// Reads a date as people type it: ISO (2026-12-15), eight digits (20261215), or the
// locale's own day/month/year order (12/15/2026 in en-US, 15.12.2026 in de). An impossible
// date is refused with the reason ("February 2026 has 28 days."), never turned into no date.

import type { DateFormat } from './bindings/DateFormat';

/** What a typed date reads as: an ISO `YYYY-MM-DD` (or `null` for an empty field), or why not. */
export type TypedDate = { iso: string | null } | { problem: string };

export type Part = 'day' | 'month' | 'year';

/** How short dates are read: the order of day, month and year, and an example for hints. */
export interface DateReading {
  order: Part[];
  example: string;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** The order of day, month and year in `locale`'s numeric dates, e.g. `['month','day','year']` for en-US. */
export function localeOrder(locale?: string): Part[] {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(2026, 10, 29))
    .map((p) => p.type)
    .filter((t): t is Part => t === 'day' || t === 'month' || t === 'year');
  return parts.length === 3 ? parts : ['year', 'month', 'day'];
}

/** How `locale` writes 15 December 2026 in numbers, for hints: "12/15/2026", "15.12.2026". */
export function localeExample(locale?: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(2026, 11, 15),
  );
}

/** Days in `month` (1–12) of `year`, by the Gregorian leap-year rule. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads `text` as a calendar date. Empty (or blank) text means no date. Separators may be
 * `-`, `/`, `.` or spaces; a two-digit year means 20YY. Years run 1000–9999.
 */
export function readTypedDate(text: string, locale?: string, reading?: DateReading): TypedDate {
  const t = text.trim();
  if (t === '') return { iso: null };
  const example = reading?.example ?? localeExample(locale);
  const hint = example === '2026-12-15' ? 'Type the date as 2026-12-15.' : `Type the date as 2026-12-15 or ${example}.`;
  let day: number;
  let month: number;
  let year: number;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const fields = t.split(/[\s./-]+/);
  if (compact) {
    [year, month, day] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  } else if (fields.length === 3 && fields.every((f) => /^\d{1,4}$/.test(f))) {
    const order: Part[] =
      fields[0]!.length === 4 ? ['year', 'month', 'day'] : (reading?.order ?? localeOrder(locale));
    const at = (p: Part) => Number(fields[order.indexOf(p)]);
    const yearText = fields[order.indexOf('year')] ?? '';
    if (yearText.length !== 4 && yearText.length !== 2) return { problem: `That is not a date. ${hint}` };
    [year, month, day] = [at('year'), at('month'), at('day')];
    if (yearText.length === 2) year += 2000;
  } else {
    return { problem: `That is not a date. ${hint}` };
  }
  if (year < 1000) return { problem: `The year ${year} is out of range. ${hint}` };
  if (month < 1 || month > 12) return { problem: `There is no month ${month}. ${hint}` };
  const last = daysIn(year, month);
  if (day < 1 || day > last) return { problem: `${MONTHS[month - 1]} ${year} has ${last} days.` };
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return { iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** The formats offered, with their day/month/year order and separator. */
export const DATE_FORMATS: { value: DateFormat; order: Part[]; separator: string }[] = [
  { value: 'iso', order: ['year', 'month', 'day'], separator: '-' },
  { value: 'day-month-year-dots', order: ['day', 'month', 'year'], separator: '.' },
  { value: 'day-month-year-slashes', order: ['day', 'month', 'year'], separator: '/' },
  { value: 'month-day-year-slashes', order: ['month', 'day', 'year'], separator: '/' },
  { value: 'year-month-day-slashes', order: ['year', 'month', 'day'], separator: '/' },
];

/** Writes an ISO `YYYY-MM-DD` date in `format`; other text comes back as it is. */
export function formatDateAs(iso: string | null | undefined, format: DateFormat): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const spec = DATE_FORMATS.find((f) => f.value === format);
  if (!m || !spec) return iso;
  const parts: Record<Part, string> = { year: m[1]!, month: m[2]!, day: m[3]! };
  return spec.order.map((p) => parts[p]).join(spec.separator);
}

/** The local calendar date of an RFC 3339 time, as ISO `YYYY-MM-DD`. */
export function localDayOf(rfc3339: string): string {
  const time = new Date(rfc3339);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
}

/** The local time of day of an RFC 3339 time, in the locale's form ("14:05", "2:05 PM"). */
export function clockOf(rfc3339: string): string {
  return new Date(rfc3339).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** The format that matches how this computer's locale writes numeric dates, if one does. */
export function localeFormat(locale?: string): DateFormat | undefined {
  const order = localeOrder(locale).join(',');
  const example = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(2026, 11, 15),
  );
  const separator = /\d([^\d])\d/.exec(example)?.[1] ?? '';
  return DATE_FORMATS.find((f) => f.order.join(',') === order && f.separator === separator)?.value;
}

