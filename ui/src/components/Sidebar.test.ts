import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: Sidebar } = await import('./Sidebar.svelte');

const sidebar = (current: 'agenda' | 'projects', onScreen = vi.fn()) =>
  render(Sidebar, {
    view: 'active',
    projects: [],
    selectedId: null,
    databasePath: undefined,
    onView: vi.fn(),
    onSelect: vi.fn(),
    onNew: vi.fn(),
    onImport: vi.fn(),
    onImportMarkdown: vi.fn(),
    onJoinShared: vi.fn(),
    onImportLens: vi.fn(),
    screen: current,
    onScreen,
    collapsed: false,
    onCollapse: vi.fn(),
  });

const agendaReads = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_agenda').length;

describe('Sidebar', () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockImplementation((cmd: string) => Promise.resolve(cmd === 'get_revision' ? 3 : null));
  });

  it('reads the Agenda ahead as the pointer or focus reaches its link, but not while it is open', async () => {
    const open = sidebar('agenda');
    await fireEvent.pointerEnter(screen.getByTestId('open-agenda'));
    await fireEvent.focus(screen.getByTestId('open-agenda'));
    await new Promise((done) => setTimeout(done, 0));
    expect(agendaReads()).toBe(0);
    open.unmount();

    sidebar('projects');
    await fireEvent.pointerEnter(screen.getByTestId('open-agenda'));
    await new Promise((done) => setTimeout(done, 0));
    expect(agendaReads()).toBe(1);
  });

  it('asks for the Agenda when its link is clicked, before the screen changes, and not while it is open', async () => {
    const { agendaFirstPage } = await import('../lib/agenda');
    await agendaFirstPage(); // takes what another test read ahead
    invoke.mockClear();
    const open = sidebar('agenda');
    await fireEvent.click(screen.getByTestId('open-agenda'));
    expect(agendaReads()).toBe(0);
    open.unmount();

    const readsAtTheChange: number[] = [];
    sidebar('projects', vi.fn(() => readsAtTheChange.push(agendaReads())));
    await fireEvent.click(screen.getByTestId('open-agenda'));
    expect(readsAtTheChange).toEqual([1]);
    // The opening takes that page as read: no second read, no revision to check.
    await agendaFirstPage();
    expect(agendaReads()).toBe(1);
    expect(invoke.mock.calls.filter(([cmd]) => cmd === 'get_revision')).toHaveLength(0);
  });
});
