import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { AgendaItem, AgendaView } from '../../lib/backend';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: AgendaScreen } = await import('./AgendaScreen.svelte');
const { readAgendaAhead } = await import('../../lib/agenda');

const item = (n: number, owner = 'Zoë'): AgendaItem => ({
  kind: 'gap_due',
  date: '2026-11-01',
  projectId: 'p1',
  project: 'Atlas',
  title: `Gap ${n}`,
  owner,
  itemId: `g${n}`,
});

/** An agenda of `total` overdue items, `limit` of them sent, as the backend pages it. */
function view(total: number, limit: number, owner: string | null = null): AgendaView {
  const items = Array.from({ length: Math.min(total, limit) }, (_, n) => item(n, owner ?? 'Zoë'));
  return {
    today: '2026-12-01',
    until: '2026-12-31',
    owners: ['Sam', 'Zoë'],
    projects: [{ id: 'p1', name: 'Atlas' }],
    sections: total === 0 ? [] : [{ group: 'overdue', total, items }],
    pageMax: 600,
  };
}

type Args = { days: number; owner: string | null; project: string | null; limit: number };
const asked = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_agenda').map(([, args]) => args as Args);

beforeEach(() => {
  invoke.mockReset();
});

describe('AgendaScreen', () => {
  it('draws a page of a long group with its whole count, and reads the next page on asking', async () => {
    invoke.mockImplementation((cmd: string, args: Args) => {
      if (cmd === 'get_agenda') return Promise.resolve(view(51_000, args.limit));
      if (cmd === 'list_projects') return Promise.resolve([]);
      return Promise.resolve(null);
    });
    render(AgendaScreen, { onOpen: vi.fn() });
    await screen.findByTestId('agenda-overdue');
    expect(screen.getByTestId('agenda-count-overdue').textContent).toBe((51_000).toLocaleString());
    expect(asked()[0]).toEqual({ days: 30, owner: null, project: null, limit: 200 });
    // Only a window of the 200 rows is drawn (happy-dom lays nothing out: none at all).
    expect(screen.queryAllByTestId('agenda-item').length).toBeLessThan(200);
    const more = screen.getByTestId('agenda-more-overdue');
    expect(more.textContent).toBe(`Show 200 more (${(50_800).toLocaleString()} not shown)`);
    await fireEvent.click(more);
    await waitFor(() => expect(asked().at(-1)?.limit).toBe(400));
    await waitFor(() => expect(screen.getByTestId('agenda-more-overdue').textContent).toContain(`${(50_600).toLocaleString()} not shown`));
    // At the most the backend sends (600 here), the screen asks for a filter instead.
    expect(screen.queryByTestId('agenda-narrow-overdue')).toBeNull();
    await fireEvent.click(screen.getByTestId('agenda-more-overdue'));
    await waitFor(() => expect(screen.getByTestId('agenda-narrow-overdue').textContent?.replace(/\s+/g, ' ')).toContain('choose an owner or a project'));
    expect(screen.queryByTestId('agenda-more-overdue')).toBeNull();
  });

  it('narrows to an owner from the first page again, and never shows an older answer over a newer one', async () => {
    let answerMore: (v: AgendaView) => void = () => {};
    invoke.mockImplementation((cmd: string, args: Args) => {
      if (cmd === 'list_projects') return Promise.resolve([]);
      if (cmd !== 'get_agenda') return Promise.resolve(null);
      // "Show more" for everyone answers late, after the owner was chosen.
      if (args.owner === null && args.limit === 400) return new Promise((done) => (answerMore = done));
      return Promise.resolve(view(args.owner === 'Sam' ? 3 : 500, args.limit, args.owner));
    });
    render(AgendaScreen, { onOpen: vi.fn() });
    await fireEvent.click(await screen.findByTestId('agenda-more-overdue'));
    await waitFor(() => expect(asked().at(-1)?.limit).toBe(400));
    const owner = screen.getByTestId('agenda-owner') as HTMLSelectElement;
    (owner.querySelector('option[value="Sam"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(owner);
    await waitFor(() => expect(asked().at(-1)).toEqual({ days: 30, owner: 'Sam', project: null, limit: 200 }));
    await waitFor(() => expect(screen.getByTestId('agenda-overdue').textContent).toContain('3'));
    answerMore(view(500, 400));
    await new Promise((done) => setTimeout(done, 20));
    expect(screen.getAllByTestId('agenda-item')).toHaveLength(3);
    expect(screen.queryByTestId('agenda-more-overdue')).toBeNull();
  });

  it('says when nothing comes due for the filter chosen', async () => {
    invoke.mockImplementation((cmd: string, args: Args) => {
      if (cmd === 'get_agenda') return Promise.resolve(view(args.project ? 0 : 2, args.limit));
      if (cmd === 'list_projects') return Promise.resolve([]);
      return Promise.resolve(null);
    });
    render(AgendaScreen, { onOpen: vi.fn() });
    const project = (await screen.findByTestId('agenda-project')) as HTMLSelectElement;
    (project.querySelector('option[value="p1"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(project);
    const empty = await screen.findByTestId('agenda-empty');
    expect(empty.textContent).toContain('for this filter');
    expect(asked().at(-1)?.project).toBe('p1');
  });

  it('reads the projects for their reminder switches only once the reminders are unfolded', async () => {
    const atlas = { id: 'p1', name: 'Atlas', reminders: true };
    invoke.mockImplementation((cmd: string, args: Args) => {
      if (cmd === 'get_agenda') return Promise.resolve(view(2, args.limit));
      if (cmd === 'list_projects') return Promise.resolve([atlas]);
      return Promise.resolve(null);
    });
    render(AgendaScreen, { onOpen: vi.fn() });
    await screen.findByTestId('agenda-overdue');
    const projectsRead = () => invoke.mock.calls.filter(([cmd]) => cmd === 'list_projects').length;
    expect(projectsRead()).toBe(0);
    const reminders = screen.getByTestId('agenda-reminders') as HTMLDetailsElement;
    reminders.open = true;
    await fireEvent(reminders, new Event('toggle'));
    const switches = await screen.findAllByTestId('agenda-reminders-project');
    expect(switches.map((s) => s.getAttribute('data-project'))).toEqual(['Atlas']);
    expect(projectsRead()).toBe(1);
    // Folded and unfolded again, the list read once is kept.
    reminders.open = false;
    await fireEvent(reminders, new Event('toggle'));
    reminders.open = true;
    await fireEvent(reminders, new Event('toggle'));
    expect(projectsRead()).toBe(1);
  });

  it('opens with the page read ahead as the pointer reached the Agenda link', async () => {
    invoke.mockImplementation((cmd: string, args: Args) => {
      if (cmd === 'get_agenda') return Promise.resolve(view(2, args.limit));
      if (cmd === 'get_revision') return Promise.resolve(4);
      return Promise.resolve(null);
    });
    readAgendaAhead();
    render(AgendaScreen, { onOpen: vi.fn() });
    expect(await screen.findAllByTestId('agenda-item')).toHaveLength(2);
    expect(asked()).toHaveLength(1);
  });
});
