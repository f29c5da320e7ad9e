import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import type { Pillar, Project, Review, Scorecard as Card, ScorecardTab } from '../../lib/backend';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: Scorecard } = await import('./Scorecard.svelte');

const projectOf = (id: string) => ({ id, name: id, trashedAt: null }) as unknown as Project;
const pillar = (name: string): Pillar => ({
  id: name,
  position: 0,
  name,
  description: '',
  currentScore: 2,
  targetScore: 4,
  evidence: '',
  owner: '',
  nextCheckpoint: null,
  internalNote: '',
});
const cardOf = (name: string): Card => ({
  pillars: [pillar(name)],
  summary: { pillars: 1, averageCurrent: 2, belowTarget: 1, atOrAboveMature: 0, notScored: 0, overdueCheckpoints: [] },
  levels: [],
  lastMilestone: null,
});
const noReview: Review = { questions: [], pillars: [] };
const names = () => screen.queryAllByTestId('pillar-name').map((input) => (input as HTMLInputElement).value);

/** A promise with its resolve, to answer a read when the test says. */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tabOf = (name: string, revision = 7): ScorecardTab => ({ scorecard: cardOf(name), review: noReview, revision });

describe('Scorecard', () => {
  it('reads the pillars and the review in one call, and drops answers for a project no longer shown', async () => {
    const asked: string[] = [];
    const atlas = later<ScorecardTab>();
    invoke.mockImplementation((cmd: string, args: { projectId?: string }) => {
      asked.push(`${cmd} ${args.projectId}`);
      if (cmd === 'get_scorecard_tab')
        return args.projectId === 'atlas' ? atlas.promise : Promise.resolve(tabOf('Borealis security'));
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
    const view = render(Scorecard, { project: projectOf('atlas'), onChanged: () => {} });
    expect(asked).toEqual(['get_scorecard_tab atlas']);

    // The user moves to another project while the first one's pillars are still being read.
    await view.rerender({ project: projectOf('borealis'), onChanged: () => {} });
    await waitFor(() => expect(names()).toEqual(['Borealis security']));
    atlas.resolve(tabOf('Atlas reliability'));
    await new Promise((r) => setTimeout(r, 0));
    expect(names()).toEqual(['Borealis security']);
  });

  it('kept hidden and shown again, reads afresh only when the database was written since', async () => {
    let revision = 7;
    let name = 'Atlas reliability';
    const asked: string[] = [];
    invoke.mockImplementation((cmd: string) => {
      asked.push(cmd);
      if (cmd === 'get_scorecard_tab') return Promise.resolve(tabOf(name, revision));
      if (cmd === 'get_revision') return Promise.resolve(revision);
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
    const project = projectOf('atlas');
    const view = render(Scorecard, { project, onChanged: () => {}, visible: true });
    await waitFor(() => expect(names()).toEqual(['Atlas reliability']));

    // Hidden and shown again with nothing written: one small call, no read, the same rows.
    await view.rerender({ project, onChanged: () => {}, visible: false });
    await view.rerender({ project, onChanged: () => {}, visible: true });
    await waitFor(() => expect(asked).toEqual(['get_scorecard_tab', 'get_revision']));
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toHaveLength(2);

    // Written meanwhile (another tab, the `preflight` command): read afresh and drawn.
    await view.rerender({ project, onChanged: () => {}, visible: false });
    revision = 8;
    name = 'Atlas resilience';
    await view.rerender({ project, onChanged: () => {}, visible: true });
    await waitFor(() => expect(names()).toEqual(['Atlas resilience']));
    expect(asked).toEqual(['get_scorecard_tab', 'get_revision', 'get_revision', 'get_scorecard_tab']);
  });

  it('kept hidden past midnight, reads afresh when shown, since what is overdue is by the day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 1, 23, 59));
    const asked: string[] = [];
    invoke.mockImplementation((cmd: string) => {
      asked.push(cmd);
      if (cmd === 'get_scorecard_tab') return Promise.resolve(tabOf('Atlas reliability', 7));
      if (cmd === 'get_revision') return Promise.resolve(7);
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
    const project = projectOf('atlas');
    const view = render(Scorecard, { project, onChanged: () => {}, visible: true });
    await waitFor(() => expect(names()).toEqual(['Atlas reliability']));
    await view.rerender({ project, onChanged: () => {}, visible: false });
    vi.setSystemTime(new Date(2026, 11, 2, 0, 1));
    await view.rerender({ project, onChanged: () => {}, visible: true });
    await waitFor(() => expect(asked.filter((c) => c === 'get_scorecard_tab')).toHaveLength(2));
    vi.useRealTimers();
  });
});
