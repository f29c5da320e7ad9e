import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import type { Pillar, Project, Review, Scorecard as Card } from '../../lib/backend';

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

/** A promise with its resolve, to answer a read when the test says. */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Scorecard', () => {
  it('asks for the pillars and the review at once, and drops answers for a project no longer shown', async () => {
    const asked: string[] = [];
    const atlas = later<Card>();
    invoke.mockImplementation((cmd: string, args: { projectId?: string; id?: string }) => {
      const project = args.projectId ?? args.id;
      asked.push(`${cmd} ${project}`);
      if (cmd === 'get_scorecard') return project === 'atlas' ? atlas.promise : Promise.resolve(cardOf('Borealis security'));
      if (cmd === 'get_review') return Promise.resolve(noReview);
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
    const view = render(Scorecard, { project: projectOf('atlas'), onChanged: () => {} });
    // Both reads are out before either is answered.
    expect(asked).toEqual(['get_scorecard atlas', 'get_review atlas']);

    // The user moves to another project while the first one's pillars are still being read.
    await view.rerender({ project: projectOf('borealis'), onChanged: () => {} });
    const names = () => screen.queryAllByTestId('pillar-name').map((input) => (input as HTMLInputElement).value);
    await waitFor(() => expect(names()).toEqual(['Borealis security']));
    atlas.resolve(cardOf('Atlas reliability'));
    await new Promise((r) => setTimeout(r, 0));
    expect(names()).toEqual(['Borealis security']);
  });
});
