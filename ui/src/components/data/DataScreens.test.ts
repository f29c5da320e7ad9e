import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { toasts } = await import('../../lib/toasts.svelte');
const { default: TrashScreen } = await import('./TrashScreen.svelte');
const { default: BackupsScreen } = await import('./BackupsScreen.svelte');
const { default: RecoveryScreen } = await import('./RecoveryScreen.svelte');
const { default: ImportConflict } = await import('./ImportConflict.svelte');
const { default: ExportMenu } = await import('../reports/ExportMenu.svelte');

const gapItem = {
  kind: 'gap',
  id: 'g1',
  projectId: 'p1',
  projectName: 'Northwind',
  title: 'Secrets manager',
  place: 'Gap tracker',
  trashedAt: '2026-11-20T10:00:00.000Z',
  purgeAt: '2026-12-20T10:00:00.000Z',
};

const backup = (takenAt: string, projects: number | null) => ({
  name: `preflight-${takenAt}.db`,
  path: `/data/backups/preflight-${takenAt}.db`,
  takenAt,
  bytes: 120_000,
  projects,
});

beforeEach(() => {
  invoke.mockReset();
});

describe('TrashScreen', () => {
  it('lists a trashed gap with where it came from and restores it', async () => {
    let trash = [gapItem];
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_trash') return Promise.resolve(trash);
      if (cmd === 'restore_from_trash') {
        trash = [];
        return Promise.resolve(null);
      }
      return Promise.resolve(null);
    });
    const onChanged = vi.fn();
    render(TrashScreen, { onChanged, onOpenProject: vi.fn() });
    expect(screen.queryByTestId('trash-open')).toBeNull();
    const row = await screen.findByTestId('trash-item');
    expect(row.textContent).toContain('Secrets manager');
    expect(row.textContent).toContain('Gap tracker · Northwind');
    await fireEvent.click(screen.getByTestId('trash-restore'));
    await screen.findByTestId('trash-empty');
    expect(invoke).toHaveBeenCalledWith('restore_from_trash', { kind: 'gap', id: 'g1' });
    expect(onChanged).toHaveBeenCalled();
    expect(toasts.current?.message).toBe('Restored “Secrets manager”.');
  });

  it('deletes for good only after the confirmation', async () => {
    invoke.mockImplementation((cmd: string) => Promise.resolve(cmd === 'get_trash' ? [gapItem] : null));
    render(TrashScreen, { onChanged: vi.fn(), onOpenProject: vi.fn() });
    await fireEvent.click(await screen.findByTestId('trash-delete'));
    expect(invoke).not.toHaveBeenCalledWith('delete_from_trash', expect.anything());
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(invoke).toHaveBeenCalledWith('delete_from_trash', { kind: 'gap', id: 'g1' });
  });

  it('opens a trashed project to look at before restoring it', async () => {
    const projectItem = { ...gapItem, kind: 'project', id: 'p1', title: 'Northwind', place: 'Projects' };
    invoke.mockImplementation((cmd: string) => Promise.resolve(cmd === 'get_trash' ? [projectItem, gapItem] : null));
    const onOpenProject = vi.fn();
    render(TrashScreen, { onChanged: vi.fn(), onOpenProject });
    const open = await screen.findByTestId('trash-open');
    expect(open.textContent?.trim()).toBe('Northwind');
    expect(screen.getAllByTestId('trash-open')).toHaveLength(1);
    await fireEvent.click(open);
    expect(onOpenProject).toHaveBeenCalledWith('p1');
  });
});

describe('BackupsScreen', () => {
  it('lists backups with project counts, marks unreadable ones, and restores after confirming', async () => {
    const list = [backup('2026-11-21T09:00:00Z', 3), backup('2026-11-20T09:00:00Z', null)];
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'list_backups_of_database') return Promise.resolve(list);
      if (cmd === 'restore_backup') return Promise.resolve(backup('2026-11-21T10:00:00Z', 4));
      return Promise.resolve(null);
    });
    const onRestored = vi.fn();
    render(BackupsScreen, { onRestored });
    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('newest');
    expect(rows[1]?.textContent).toContain('unreadable');
    const buttons = screen.getAllByTestId('backup-restore') as HTMLButtonElement[];
    expect(buttons[1]?.disabled).toBe(true);
    await fireEvent.click(buttons[0] as HTMLButtonElement);
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(onRestored).toHaveBeenCalled());
    expect(invoke).toHaveBeenCalledWith('restore_backup', { name: list[0]?.name });
  });
});

describe('RecoveryScreen', () => {
  it('offers the newest readable backup first and reports a failed restore beside it', async () => {
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_recovery') {
        return Promise.resolve({
          problem: 'database disk image is malformed',
          backups: [backup('2026-11-21T09:00:00Z', null), backup('2026-11-20T09:00:00Z', 2)],
        });
      }
      if (cmd === 'recover_database') return Promise.reject({ code: 'invalid', message: 'backup is damaged' });
      return Promise.resolve(null);
    });
    const onRecovered = vi.fn();
    render(RecoveryScreen, { databasePath: '/data/preflight.db', onRecovered });
    expect((await screen.findByTestId('recovery-problem')).textContent).toContain('malformed');
    expect(screen.getAllByTestId('recovery-backup')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('recover-newest'));
    expect((await screen.findByTestId('recovery-error')).textContent).toBe('backup is damaged');
    expect(invoke).toHaveBeenCalledWith('recover_database', { name: 'preflight-2026-11-20T09:00:00Z.db' });
    expect(onRecovered).not.toHaveBeenCalled();
    expect(screen.queryByTestId('recovery-start-empty')).toBeNull();
  });

  it('offers an empty database when no backup can be read', async () => {
    invoke.mockImplementation((cmd: string) =>
      Promise.resolve(cmd === 'get_recovery' ? { problem: 'file is not a database', backups: [backup('2026-11-21T09:00:00Z', null)] } : null),
    );
    const onRecovered = vi.fn();
    render(RecoveryScreen, { databasePath: '/data/preflight.db', onRecovered });
    await screen.findByTestId('recovery-no-backup');
    expect(screen.queryByTestId('recovery-backup')).toBeNull();
    await fireEvent.click(screen.getByTestId('recovery-start-empty'));
    await waitFor(() => expect(onRecovered).toHaveBeenCalled());
    expect(invoke).toHaveBeenCalledWith('start_empty_database', undefined);
  });
});

describe('ImportConflict', () => {
  it('answers copy, replace or nothing', async () => {
    const onChoose = vi.fn();
    render(ImportConflict, { message: '“Atlas” is already in this database', onChoose });
    await fireEvent.click(screen.getByTestId('import-copy'));
    await fireEvent.click(screen.getByTestId('import-replace'));
    await fireEvent.click(screen.getByTestId('import-cancel'));
    expect(onChoose.mock.calls).toEqual([['as_copy'], ['replace'], [null]]);
  });
});

describe('ExportMenu data exports', () => {
  it('saves the chosen table as CSV and the project file', async () => {
    invoke.mockImplementation((cmd: string, args: { table?: string }) => {
      const path = args.table ? '/tmp/atlas-gaps.csv' : '/tmp/atlas.preflight.json';
      if (cmd === 'choose_data_path') return Promise.resolve({ token: args.table ? 't-csv' : 't-json', paths: [path] });
      return Promise.resolve({ path, bytes: 900, token: 'written' });
    });
    render(ExportMenu, { projectId: 'p1' });
    await fireEvent.click(screen.getByTestId('export-menu'));
    const table = screen.getByTestId('export-table') as HTMLSelectElement;
    (table.querySelector('option[value="gaps"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(table);
    await fireEvent.click(screen.getByTestId('export-csv'));
    expect((await screen.findByTestId('export-result')).textContent).toContain('atlas-gaps.csv');
    expect(invoke).toHaveBeenCalledWith('export_table', {
      projectId: 'p1',
      table: 'gaps',
      format: 'csv',
      internal: false,
      file: 't-csv',
    });
    await fireEvent.click(screen.getByTestId('export-menu'));
    await fireEvent.click(screen.getByTestId('export-project-file'));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('export_project_file', { projectId: 'p1', file: 't-json' }),
    );
  });
});
