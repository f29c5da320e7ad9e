// Team sharing's words for people: a conflict's value and a sync's outcome, one line each.
import type { SyncReport } from './bindings/SyncReport';

/** A conflicting value as text: strings as they are, an empty one said so, lists and objects
 * as compact JSON. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Synced: 3 changes in, 1 out, 1 conflict." — or why the folder was not reached. */
export function syncSummary(report: SyncReport): string {
  const counts = `${plural(report.changesIn, 'change', 'changes')} in, ${report.changesOut} out, ${plural(report.conflicts, 'conflict', 'conflicts')}`;
  if (report.folderError) return `Not synced: ${report.folderError}. ${counts}; the changes wait here.`;
  return `Synced: ${counts}.`;
}
