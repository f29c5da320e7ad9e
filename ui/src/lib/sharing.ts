// Team sharing's words for people: a conflict's value and a sync's outcome, one line each.
import type { Conflict } from './bindings/Conflict';
import { counted } from './messages';
import type { SyncReport } from './bindings/SyncReport';

/** A conflicting value as text: strings as they are, an empty one said so, lists and objects
 * as compact JSON. */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** "Synced: 3 changes in, 1 out, 1 conflict." — or why the folder was not reached. */
export function syncSummary(report: SyncReport): string {
  const counts = `${counted(report.changesIn, 'change')} in, ${report.changesOut} out, ${counted(report.conflicts, 'conflict')}`;
  if (report.folderError) return `Not synced: ${report.folderError}. ${counts}; the changes wait here.`;
  return `Synced: ${counts}.`;
}

/** For each item of `collection` (`gaps`, `scorecard`, …) with conflicting fields: its id →
 * one line naming the fields and the values not shown, with who wrote them. */
export function itemConflicts(conflicts: Conflict[], collection: string): Map<string, string> {
  const lines = new Map<string, string[]>();
  for (const c of conflicts) {
    const [top, id] = c.path;
    if (c.path.length < 3 || top !== collection || id === undefined) continue;
    const others = c.values
      .slice(1)
      .map((v) => `“${shownValue(v.value)}” (${v.by})`)
      .join(', ');
    const list = lines.get(id) ?? [];
    list.push(`${c.path.slice(2).join(' ')}: also ${others}`);
    lines.set(id, list);
  }
  return new Map([...lines].map(([id, list]) => [id, list.join('; ')]));
}
