// The PDF reports the Export menu offers, and small formatting helpers for it.
import type { ExportTable, ReportKind } from './backend';
import { formatTime } from './settings.svelte';

/** Every report, in menu order, with the words the menu shows. */
export const REPORTS: { kind: ReportKind; label: string; hint: string }[] = [
  { kind: 'full', label: 'Full report', hint: 'Cover, every section and bookmarks' },
  { kind: 'scorecard', label: 'Readiness scorecard', hint: 'North Star, radar chart and pillars' },
  { kind: 'alignment', label: 'North Star alignment', hint: 'Goals, metrics, guardrails (landscape)' },
  { kind: 'stakeholders', label: 'Stakeholder canvas', hint: 'Who needs what (landscape)' },
  { kind: 'compliance', label: 'Compliance notes', hint: 'Data, triggers, vendors, controls' },
  { kind: 'gaps', label: 'Gap tracker', hint: 'Launch blockers first, then by category' },
];

/** Every table that exports as Markdown or CSV, in menu order. */
export const TABLES: { table: ExportTable; label: string }[] = [
  { table: 'scorecard', label: 'Readiness scorecard' },
  { table: 'questions', label: 'Review questions and risks' },
  { table: 'alignment', label: 'North Star alignment' },
  { table: 'stakeholders', label: 'Stakeholder canvas' },
  { table: 'gaps', label: 'Gap tracker' },
  { table: 'data-inventory', label: 'Data inventory' },
  { table: 'triggers', label: 'Regulatory triggers' },
  { table: 'vendors', label: 'Vendors & integrations' },
  { table: 'reviews', label: 'Review history' },
];

/** A date and time for people, in this machine's time zone and the chosen date format: "2026-11-21 09:30". */
export function formatDateTime(iso: string): string {
  return formatTime(iso);
}

/** Today's date on this machine as YYYY-MM-DD (not UTC, which may already be tomorrow). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A file size for people: "812 bytes", "68 KB", "1.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
