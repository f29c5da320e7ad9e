import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: AudienceDialog } = await import('./AudienceDialog.svelte');

const audience = (id: string, name: string, owners: boolean) => ({
  audience: {
    id,
    name,
    parts: ['board_summary'],
    internalNotes: false,
    owners,
    gapNotes: owners,
    paper: null,
    builtIn: true,
  },
  included: [`${name} summary`],
  heldBack: owners ? ['internal notes'] : ['internal notes', 'owner names'],
  logged: true,
});

const sent = {
  id: 's1',
  projectId: 'p1',
  audienceId: 'board',
  audienceName: 'Board',
  recipient: 'Acme Capital',
  fileName: 'atlas-board-2026-11-21.pdf',
  sha256: 'ab'.repeat(32),
  bytes: 70_000,
  asOf: '2026-11-21',
  sentAt: '2026-11-21T09:30:00Z',
  milestoneId: null,
};

describe('AudienceDialog', () => {
  let log: (typeof sent)[] = [];
  beforeEach(() => {
    invoke.mockReset();
    log = [];
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'list_audiences') return Promise.resolve([audience('board', 'Board', true), audience('customer', 'Customer', false)]);
      if (cmd === 'list_report_log') return Promise.resolve(log);
      if (cmd === 'choose_report_path') return Promise.resolve({ token: 't1', paths: ['/tmp/atlas-board-2026-11-21.pdf'] });
      if (cmd === 'export_report') {
        log = [sent];
        return Promise.resolve({ path: '/tmp/atlas-board-2026-11-21.pdf', bytes: 70_000, token: 'w1' });
      }
      return Promise.resolve(null);
    });
  });

  it('says what each audience holds back, then saves, logs and shows the fingerprint', async () => {
    render(AudienceDialog, { projectId: 'p1', asOf: '2026-11-21', paper: 'a4', onClose: () => {} });
    const summary = await screen.findByTestId('audience-summary');
    await waitFor(() => expect(summary.textContent).toContain('Board summary'));
    expect(summary.textContent).not.toContain('owner names');
    const select = screen.getByTestId('audience-select') as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'customer' } });
    await waitFor(() => expect(screen.getByTestId('audience-summary').textContent).toContain('owner names'));
    await fireEvent.change(select, { target: { value: 'board' } });
    await fireEvent.input(screen.getByTestId('audience-recipient'), { target: { value: 'Acme Capital' } });
    await fireEvent.click(screen.getByTestId('audience-export'));
    const saved = await screen.findByTestId('audience-saved');
    expect(saved.textContent).toContain('logged as sent');
    expect(saved.textContent).toContain('ab'.repeat(32));
    expect(invoke).toHaveBeenCalledWith('choose_report_path', {
      projectId: 'p1',
      kind: 'full',
      asOfDate: '2026-11-21',
      audience: 'board',
    });
    expect(invoke).toHaveBeenCalledWith('export_report', {
      projectId: 'p1',
      kind: 'full',
      paper: 'a4',
      asOfDate: '2026-11-21',
      audience: 'board',
      recipient: 'Acme Capital',
      file: 't1',
    });
    expect(screen.getAllByTestId('report-log-row')).toHaveLength(1);
  });

  it('keeps a refused recipient on screen with the reason beside it', async () => {
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'list_audiences') return Promise.resolve([audience('board', 'Board', true)]);
      if (cmd === 'list_report_log') return Promise.resolve([]);
      if (cmd === 'choose_report_path') return Promise.resolve({ token: 't1', paths: ['/tmp/x.pdf'] });
      if (cmd === 'export_report')
        return Promise.reject({ code: 'validation', message: 'must be at most 200 characters (got 201)', field: 'recipient' });
      return Promise.resolve(null);
    });
    render(AudienceDialog, { projectId: 'p1', asOf: '2026-11-21', paper: 'a4', onClose: () => {} });
    await screen.findByTestId('audience-summary');
    const long = 'x'.repeat(201);
    await fireEvent.input(screen.getByTestId('audience-recipient'), { target: { value: long } });
    await fireEvent.click(screen.getByTestId('audience-export'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Recipient');
    expect(alert.textContent).toContain('200 characters');
    expect((screen.getByTestId('audience-recipient') as HTMLInputElement).value).toBe(long);
  });
});
