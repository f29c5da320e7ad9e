import { describe, expect, it } from 'vitest';
import { itemConflicts, shownValue, syncSummary } from './sharing';

const report = {
  changesIn: 1,
  changesOut: 0,
  conflicts: 2,
  applied: true,
  refused: [],
  folderError: null,
  problem: null,
};

describe('sharing words', () => {
  it('shows values as people read them', () => {
    expect(shownValue('Backups nightly')).toBe('Backups nightly');
    expect(shownValue('')).toBe('(empty)');
    expect(shownValue(null)).toBe('(none)');
    expect(shownValue(4)).toBe('4');
    expect(shownValue(['a', 'b'])).toBe('["a","b"]');
  });

  it('sums a sync up, or says why the folder was not reached', () => {
    expect(syncSummary(report)).toBe('Synced: 1 change in, 0 out, 2 conflicts.');
    expect(syncSummary({ ...report, changesIn: 3, conflicts: 1, folderError: 'cannot reach the shared folder /mnt/x' })).toBe(
      'Not synced: cannot reach the shared folder /mnt/x. 3 changes in, 0 out, 1 conflict; the changes wait here.',
    );
  });

  it('names an item\'s conflicting fields and the values not shown', () => {
    const at = '2026-11-30T10:00:00Z';
    const found = itemConflicts(
      [
        { path: ['gaps', 'g1', 'title'], place: '', values: [{ value: 'A', by: 'Ada', at }, { value: 'B', by: 'Bo', at }] },
        { path: ['gaps', 'g1', 'owner'], place: '', values: [{ value: '', by: 'Ada', at }, { value: 'Cy', by: 'Cy', at }] },
        { path: ['scorecard', 'p1', 'current'], place: '', values: [{ value: 3, by: 'Ada', at }, { value: 4, by: 'Bo', at }] },
        { path: ['project', 'northStar'], place: '', values: [{ value: 'x', by: 'Ada', at }, { value: 'y', by: 'Bo', at }] },
      ],
      'gaps',
    );
    expect([...found]).toEqual([['g1', 'title: also “B” (Bo); owner: also “Cy” (Cy)']]);
  });
});
