import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GapCounts, GapTracker } from './backend';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const counts: GapCounts = { categories: [], priorities: [], overdue: [], revisitDue: [] };
const board = (project: string, revision: number): GapTracker => ({ gaps: [], counts, pillars: [], templates: [], revision, project } as unknown as GapTracker);

/** The database as the window sees it: its revision, and how many boards were read. */
let revision = 0;
const reads = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_gap_tracker').length;

/** A fresh copy of the module, with nothing kept. */
const boards = async () => {
  vi.resetModules();
  return import('./boards');
};

describe('kept gap boards', () => {
  beforeEach(() => {
    revision = 7;
    invoke.mockReset();
    invoke.mockImplementation((cmd: string, args: { projectId?: string }) => {
      if (cmd === 'get_revision') return Promise.resolve(revision);
      if (cmd === 'get_gap_tracker') return Promise.resolve(board(args.projectId!, revision));
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
  });
  afterEach(() => vi.useRealTimers());

  it('shows a kept board while the database has not changed, and reads it after a write', async () => {
    const { gapTracker } = await boards();
    expect((await gapTracker('p1')).revision).toBe(7);
    expect((await gapTracker('p1')).revision).toBe(7);
    expect(reads()).toBe(1);
    revision = 8; // a write anywhere: this window, the CLI, a sync
    expect((await gapTracker('p1')).revision).toBe(8);
    expect(reads()).toBe(2);
  });

  it('reads a board kept from another day again, since its overdue counts are by the day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 1, 23, 59));
    const { gapTracker } = await boards();
    await gapTracker('p1');
    vi.setSystemTime(new Date(2026, 11, 2, 0, 1));
    await gapTracker('p1');
    expect(reads()).toBe(2);
  });

  it('shares a read ahead with the opening that follows it', async () => {
    const { gapTracker, readAhead } = await boards();
    readAhead('p1');
    readAhead('p1');
    await gapTracker('p1');
    expect(reads()).toBe(1);
    readAhead('p1'); // kept: nothing to read
    expect(reads()).toBe(1);
  });

  it('keeps a changed board only when the change was the one write since it was read', async () => {
    const { gapTracker, keepChanged } = await boards();
    const shown = await gapTracker('p1');
    revision = 8;
    const changed = keepChanged('p1', shown, [], counts, 8);
    expect(changed.revision).toBe(8);
    expect(await gapTracker('p1')).toBe(changed);
    expect(reads()).toBe(1);

    // Another write came between (a sync, the CLI): the next opening reads the board.
    revision = 10;
    keepChanged('p1', changed, [], counts, 10);
    await gapTracker('p1');
    expect(reads()).toBe(2);
    // A change whose revision is not known, likewise.
    const read = await gapTracker('p1');
    revision = 11;
    const unknown = keepChanged('p1', read, [], counts, null);
    expect(keepChanged('p1', unknown, [], counts, 12).revision).toBe(12);
    revision = 12;
    await gapTracker('p1');
    expect(reads()).toBe(3);
  });

  it('keeps the boards of the last three projects opened', async () => {
    const { gapTracker } = await boards();
    for (const p of ['p1', 'p2', 'p3', 'p4']) await gapTracker(p);
    expect(reads()).toBe(4);
    await gapTracker('p2');
    await gapTracker('p4');
    expect(reads()).toBe(4);
    await gapTracker('p1');
    expect(reads()).toBe(5);
  });

  it('lets a failed read be tried again', async () => {
    const { gapTracker } = await boards();
    invoke.mockImplementationOnce(() => Promise.reject(new Error('locked')));
    await expect(gapTracker('p1')).rejects.toThrow('locked');
    expect((await gapTracker('p1')).revision).toBe(7);
  });
});
