import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaView } from './backend';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

/** The database as the window sees it: its revision; each page read names the revision it saw. */
let revision = 0;
const page = (): AgendaView => ({ today: `read at ${revision}` }) as unknown as AgendaView;
const reads = () => invoke.mock.calls.filter(([cmd]) => cmd === 'get_agenda');

/** A fresh copy of the module, with nothing read ahead. */
const agenda = async () => {
  vi.resetModules();
  return import('./agenda');
};

describe('the Agenda read ahead', () => {
  beforeEach(() => {
    revision = 7;
    invoke.mockReset();
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_revision') return Promise.resolve(revision);
      if (cmd === 'get_agenda') return Promise.resolve(page());
      return Promise.reject(new Error(`unexpected ${cmd}`));
    });
  });
  afterEach(() => vi.useRealTimers());

  it('gives the opening the page read ahead, once, and reads with the first page’s span and size', async () => {
    const { agendaFirstPage, readAgendaAhead } = await agenda();
    readAgendaAhead();
    readAgendaAhead(); // the pointer leaving and coming back: still one read
    expect((await agendaFirstPage()).today).toBe('read at 7');
    expect(reads()).toHaveLength(1);
    expect(reads()[0]![1]).toEqual({ days: 30, owner: null, project: null, limit: 200 });
    // Taken: the next opening reads again.
    await agendaFirstPage();
    expect(reads()).toHaveLength(2);
  });

  it('gives the opening the page its click asked for, with no revision to check', async () => {
    const { agendaFirstPage, readAgendaNow } = await agenda();
    readAgendaNow();
    expect(reads()).toHaveLength(1);
    expect((await agendaFirstPage()).today).toBe('read at 7');
    expect(invoke.mock.calls.map(([cmd]) => cmd)).toEqual(['get_agenda']);
    // Taken: the next opening reads again.
    await agendaFirstPage();
    expect(reads()).toHaveLength(2);
  });

  it('keeps a page read ahead when the click comes, and still checks its revision', async () => {
    const { agendaFirstPage, readAgendaAhead, readAgendaNow } = await agenda();
    readAgendaAhead();
    await new Promise((done) => setTimeout(done, 0));
    revision = 8;
    readAgendaNow();
    expect((await agendaFirstPage()).today).toBe('read at 8');
    expect(reads()).toHaveLength(2);
  });

  it('reads afresh when anything was written after the page was read ahead', async () => {
    const { agendaFirstPage, readAgendaAhead } = await agenda();
    readAgendaAhead();
    await Promise.resolve();
    await new Promise((done) => setTimeout(done, 0));
    revision = 8; // a write anywhere: this window, the CLI, a sync
    expect((await agendaFirstPage()).today).toBe('read at 8');
    expect(reads()).toHaveLength(2);
  });

  it('reads afresh on another day, since what is overdue is by the day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 11, 1, 23, 59));
    const { agendaFirstPage, readAgendaAhead } = await agenda();
    readAgendaAhead();
    vi.setSystemTime(new Date(2026, 11, 2, 0, 1));
    await agendaFirstPage();
    expect(reads()).toHaveLength(2);
  });

  it('reads afresh after a read ahead that failed, and tries ahead again later', async () => {
    const { agendaFirstPage, readAgendaAhead } = await agenda();
    invoke.mockImplementationOnce(() => Promise.reject(new Error('locked')));
    readAgendaAhead();
    expect((await agendaFirstPage()).today).toBe('read at 7');
    readAgendaAhead();
    await agendaFirstPage();
    expect(reads()).toHaveLength(2);
  });
});
