// The app-wide settings (date format, zoom) as one shared runes store, loaded once at start
// and saved through the backend. Every date the window shows goes through `formatDate`, so
// the app, the Trash, About, Compliance and the PDFs write dates one way.
import { backend, type Settings } from './backend';
import {
  DATE_FORMATS,
  clockOf,
  formatDateAs,
  localDayOf,
  readTypedDate,
  type DateReading,
  type Part,
  type TypedDate,
} from './dates';

export { DATE_FORMATS, formatDateAs, localeFormat } from './dates';

/** Zoom steps offered by Ctrl+= and Ctrl+-, in percent (the backend accepts 50–300). */
export const ZOOM_STEPS = [50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300];

export const settings = $state<Settings>({ dateFormat: 'iso', zoomPercent: 100, reminders: true });

/** Loads the stored settings (at start). */
export async function loadSettings(): Promise<void> {
  Object.assign(settings, await backend.getSettings());
}

/** Stores `change` and keeps what the backend stored. */
export async function saveSettings(change: Partial<Settings>): Promise<void> {
  Object.assign(settings, await backend.updateSettings({ ...settings, ...change }));
}

/** Writes an ISO date the way the user chose. */
export function formatDate(iso: string | null | undefined): string {
  return formatDateAs(iso, settings.dateFormat);
}

/** An RFC 3339 time as its local date in the chosen format. */
export function formatDay(rfc3339: string): string {
  return formatDate(localDayOf(rfc3339));
}

/** An RFC 3339 time as its local date in the chosen format and the time of day, "2026-12-15 14:05". */
export function formatTime(rfc3339: string): string {
  return `${formatDate(localDayOf(rfc3339))} ${clockOf(rfc3339)}`;
}

/** How typed short dates are read: in the chosen format's order, or the locale's under ISO. */
function reading(): DateReading | undefined {
  if (settings.dateFormat === 'iso') return undefined;
  const spec = DATE_FORMATS.find((f) => f.value === settings.dateFormat);
  return spec ? { order: spec.order, example: formatDateAs('2026-12-15', spec.value) } : undefined;
}

/** Reads a typed date, taking short forms in the chosen format's order. */
export function readDate(text: string): TypedDate {
  return readTypedDate(text, undefined, reading());
}

/** An example date in the chosen format, for hints and placeholders. */
export function dateExample(): string {
  return formatDate('2026-12-15');
}

/** The chosen format as a pattern for placeholders: "YYYY-MM-DD", "DD.MM.YYYY". */
export function datePattern(): string {
  const spec = DATE_FORMATS.find((f) => f.value === settings.dateFormat) ?? DATE_FORMATS[0]!;
  const names: Record<Part, string> = { year: 'YYYY', month: 'MM', day: 'DD' };
  return spec.order.map((p) => names[p]).join(spec.separator);
}

/**
 * The zoom a key press asks for: Ctrl+= (or Ctrl++) one step larger, Ctrl+- one smaller,
 * Ctrl+0 back to 100 %; `null` for any other key. Steps are `ZOOM_STEPS`.
 */
export function zoomForKey(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'key'>, current: number): number | null {
  if (!(event.ctrlKey || event.metaKey)) return null;
  if (event.key === '0') return 100;
  if (event.key === '=' || event.key === '+') return ZOOM_STEPS.find((z) => z > current) ?? current;
  if (event.key === '-' || event.key === '_') return [...ZOOM_STEPS].reverse().find((z) => z < current) ?? current;
  return null;
}
