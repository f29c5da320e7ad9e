import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { GapCounts, Project } from '../../lib/backend';
import { tick } from 'svelte';
import { gapOf, rowOf } from '../../lib/testing/gaps';
import { toasts } from '../../lib/toasts.svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: GapTracker } = await import('./GapTracker.svelte');

const project = { id: 'p1', name: 'Atlas', trashedAt: null } as unknown as Project;
const whole = gapOf('Rate limiting', { id: 'g1', notes: 'Per tenant, 100 requests a second.', internalNote: 'Bo owns it.' });
// The list's row: the gap without its notes, internal note and decision-filter answers.
const open = rowOf(whole);
const counts = (done: number): GapCounts => ({
  categories: [{ category: 'Data', total: 1, done }],
  priorities: [{ priority: 'recommended', open: 1 - done, deferred: 0, done }],
  overdue: [],
  revisitDue: [],
});

/**
 * Answers the tab's reads with a board of one open gap, `bulk` to a bulk change, and the gap
 * whole to `get_gap` (or what `gap` answers).
 */
function backend(bulk: unknown, gap: () => Promise<unknown> = () => Promise.resolve(whole)) {
  invoke.mockImplementation((cmd: string) => {
    if (cmd === 'get_gap_tracker') return Promise.resolve({ gaps: [open], counts: counts(0), pillars: [], templates: [] });
    if (cmd === 'get_gap') return gap();
    if (cmd === 'get_sharing') return Promise.resolve({ conflicts: [] });
    if (cmd === 'bulk_update_gaps') return Promise.resolve(bulk);
    return Promise.resolve(null);
  });
}

/** Selects the gap and gives it to Ada through the bulk bar. */
async function giveToAda() {
  await fireEvent.click(await screen.findByTestId('gap-select'));
  await fireEvent.input(screen.getByTestId('bulk-owner'), { target: { value: 'Ada' } });
  await fireEvent.click(screen.getByTestId('bulk-apply'));
}

const reads = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_gap_tracker').length;

describe('GapTracker', () => {
  beforeEach(() => invoke.mockReset());

  it('puts a changed gap and the counts it came with in place without reading the board again', async () => {
    // The counts returned say done: the change is shown with them, whatever the change was.
    backend({ gaps: [{ ...open, owner: 'Ada' }], counts: counts(1) });
    render(GapTracker, { project, onChanged: vi.fn() });
    await giveToAda();
    await waitFor(() => expect(screen.getByTestId('gap-row').textContent).toContain('Ada'));
    expect(screen.getByTestId('open-recommended').textContent).toBe('0');
    expect(reads()).toBe(1);
  });

  it('reads the sharing state once the board is in, not a second time before it', async () => {
    backend(null);
    render(GapTracker, { project, onChanged: vi.fn() });
    await screen.findByTestId('gap-row');
    await waitFor(() => expect(invoke.mock.calls.filter(([cmd]) => cmd === 'get_sharing').length).toBe(1));
    const order = invoke.mock.calls.map(([cmd]) => cmd);
    expect(order.indexOf('get_gap_tracker')).toBeLessThan(order.indexOf('get_sharing'));
  });

  it('opens the form of a gap read whole, its notes included', async () => {
    backend(null);
    render(GapTracker, { project, onChanged: vi.fn() });
    await fireEvent.click(await screen.findByTestId('gap-open'));
    const notes = await screen.findByTestId('gap-notes');
    expect((notes as HTMLTextAreaElement).value).toBe('Per tenant, 100 requests a second.');
    expect((screen.getByTestId('gap-internal-note') as HTMLTextAreaElement).value).toBe('Bo owns it.');
    expect(invoke).toHaveBeenCalledWith('get_gap', { id: 'g1' });
  });

  it('says why the form of a gap did not open, and opens none', async () => {
    backend(null, () => Promise.reject({ code: 'not_found', message: 'No gap with that id.' }));
    render(GapTracker, { project, onChanged: vi.fn() });
    await fireEvent.click(await screen.findByTestId('gap-open'));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('get_gap', { id: 'g1' }));
    await tick();
    expect(screen.queryByTestId('gap-notes')).toBeNull();
    expect(toasts.current?.message).toBe('No gap with that id.');
  });

  it('reads the whole board again when a change came back without its counts', async () => {
    backend({ gaps: [{ ...open, owner: 'Ada' }], counts: null });
    const onChanged = vi.fn();
    render(GapTracker, { project, onChanged });
    await giveToAda();
    await waitFor(() => expect(reads()).toBe(2));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('opens again without reading a board nothing was written to since, its own changes included', async () => {
    const other = { ...project, id: 'p9' } as Project;
    let revision = 5;
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_gap_tracker') return Promise.resolve({ gaps: [open], counts: counts(0), pillars: [], templates: [], revision });
      if (cmd === 'get_revision') return Promise.resolve(revision);
      if (cmd === 'get_sharing') return Promise.resolve({ conflicts: [] });
      if (cmd === 'bulk_update_gaps') {
        revision += 1;
        return Promise.resolve({ gaps: [{ ...open, owner: 'Ada' }], counts: counts(0), revision });
      }
      return Promise.resolve(null);
    });
    const first = render(GapTracker, { project: other, onChanged: vi.fn() });
    await giveToAda();
    await waitFor(() => expect(screen.getByTestId('gap-row').textContent).toContain('Ada'));
    first.unmount();

    const second = render(GapTracker, { project: other, onChanged: vi.fn() });
    await waitFor(() => expect(screen.getByTestId('gap-row').textContent).toContain('Ada'));
    expect(reads()).toBe(1);
    second.unmount();

    // A write from elsewhere (the CLI, a sync): the board is read again.
    revision += 1;
    render(GapTracker, { project: other, onChanged: vi.fn() });
    await waitFor(() => expect(reads()).toBe(2));
  });

  it('kept hidden and shown again, keeps its filter and reads the board only when something was written', async () => {
    const kept = { ...project, id: 'p8' } as Project;
    let revision = 3;
    let owner = '';
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_gap_tracker')
        return Promise.resolve({ gaps: [{ ...open, owner }], counts: counts(0), pillars: [], templates: [], revision });
      if (cmd === 'get_revision') return Promise.resolve(revision);
      if (cmd === 'get_sharing') return Promise.resolve({ conflicts: [] });
      return Promise.resolve(null);
    });
    const view = render(GapTracker, { project: kept, onChanged: vi.fn(), visible: true });
    await screen.findByTestId('gap-row');
    const status = screen.getByTestId('filter-status') as HTMLSelectElement;
    await fireEvent.change(status, { target: { value: 'open' } });
    const revisions = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_revision').length;

    await view.rerender({ project: kept, onChanged: vi.fn(), visible: false });
    await view.rerender({ project: kept, onChanged: vi.fn(), visible: true });
    await waitFor(() => expect(revisions()).toBe(1));
    expect(reads()).toBe(1);
    expect((screen.getByTestId('filter-status') as HTMLSelectElement).value).toBe('open');

    // Written meanwhile: the board is read afresh and drawn.
    await view.rerender({ project: kept, onChanged: vi.fn(), visible: false });
    revision += 1;
    owner = 'Ada';
    await view.rerender({ project: kept, onChanged: vi.fn(), visible: true });
    await waitFor(() => expect(screen.getByTestId('gap-row').textContent).toContain('Ada'));
    expect(reads()).toBe(2);
  });
});
