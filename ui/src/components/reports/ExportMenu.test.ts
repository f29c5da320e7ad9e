import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { formatBytes, localToday } from '../../lib/reports';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: ExportMenu } = await import('./ExportMenu.svelte');

describe('ExportMenu', () => {
  beforeEach(() => {
    invoke.mockReset();
    localStorage.clear();
  });

  it('asks where to save, renders with the chosen paper and date, then offers Open', async () => {
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'choose_report_path')
        return Promise.resolve({ token: 't1', paths: ['/home/zoe/Documents/atlas-gaps-2026-11-21.pdf'] });
      if (cmd === 'export_report') {
        return Promise.resolve({ path: '/home/zoe/Documents/atlas-gaps-2026-11-21.pdf', bytes: 70_000, token: 'w1' });
      }
      return Promise.resolve(null);
    });
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    const paper = screen.getByTestId('export-paper') as HTMLSelectElement;
    (paper.querySelector('option[value="letter"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(paper);
    await fireEvent.input(screen.getByTestId('export-as-of'), { target: { value: '2026-11-21' } });
    await fireEvent.click(screen.getByTestId('export-gaps'));
    const result = await screen.findByTestId('export-result');
    expect(result.textContent).toContain('atlas-gaps-2026-11-21.pdf');
    expect(result.textContent).toContain('68 KB');
    expect(invoke).toHaveBeenCalledWith('choose_report_path', {
      projectId: 'p1',
      kind: 'gaps',
      asOfDate: '2026-11-21',
      audience: null,
    });
    expect(invoke).toHaveBeenCalledWith('export_report', {
      projectId: 'p1',
      kind: 'gaps',
      paper: 'letter',
      asOfDate: '2026-11-21',
      audience: null,
      recipient: null,
      file: 't1',
    });
    expect(localStorage.getItem('preflight.export.paper')).toBe('letter');
    await fireEvent.click(screen.getByTestId('export-open'));
    expect(invoke).toHaveBeenCalledWith('open_exported_file', { token: 'w1' });
  });

  it('shows progress while the report renders', async () => {
    let finish: (value: unknown) => void = () => {};
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'choose_report_path') return Promise.resolve({ token: 't2', paths: ['/tmp/full.pdf'] });
      if (cmd === 'export_report') return new Promise((resolve) => (finish = resolve));
      return Promise.resolve(null);
    });
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    await fireEvent.click(screen.getByTestId('export-full'));
    expect((await screen.findByTestId('export-progress')).textContent).toContain('Writing the full report…');
    expect((screen.getByTestId('export-menu') as HTMLButtonElement).disabled).toBe(true);
    finish({ path: '/tmp/full.pdf', bytes: 2048, token: 'w2' });
    expect((await screen.findByTestId('export-result')).textContent).toContain('full.pdf');
    expect(screen.queryByTestId('export-progress')).toBeNull();
  });

  it('does nothing when the save dialog is cancelled', async () => {
    invoke.mockResolvedValue(null);
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    await fireEvent.click(screen.getByTestId('export-full'));
    await Promise.resolve();
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('export-result')).toBeNull();
  });

  it('says why a date is refused, keeps what was typed, and asks nothing of the backend', async () => {
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    await fireEvent.input(screen.getByTestId('export-as-of'), { target: { value: '2026-02-30' } });
    await fireEvent.click(screen.getByTestId('export-scorecard'));
    expect((await screen.findByTestId('error-asOf')).textContent).toBe('As of: February 2026 has 28 days.');
    expect((screen.getByTestId('export-as-of') as HTMLInputElement).value).toBe('2026-02-30');
    expect(invoke).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId('export-as-of'), { target: { value: '2026-02-28' } });
    expect(screen.queryByTestId('error-asOf')).toBeNull();
  });

  it('shows a date the backend refuses beside the field', async () => {
    invoke.mockRejectedValue({ code: 'invalid', message: 'must not be before 2000', field: 'asOf' });
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    await fireEvent.click(screen.getByTestId('export-scorecard'));
    expect((await screen.findByTestId('error-asOf')).textContent).toContain('must not be before 2000');
  });
});

describe('report helpers', () => {
  it('formats sizes and the local date', () => {
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(70_000)).toBe('68 KB');
    expect(formatBytes(1_500_000)).toBe('1.4 MB');
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
