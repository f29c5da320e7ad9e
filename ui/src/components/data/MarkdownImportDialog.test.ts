import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: MarkdownImportDialog } = await import('./MarkdownImportDialog.svelte');

const project = {
  id: 'p1',
  name: 'Northwind',
  trashedAt: null,
} as unknown as import('../../lib/backend').Project;

const block = (over: Record<string, unknown>) => ({
  file: 'scorecard.md',
  line: 12,
  header: 'Pillar | Current Score (1‑5)',
  destination: 'Readiness scorecard',
  skipped: null,
  leftOut: null,
  added: 4,
  updated: 0,
  unchanged: 0,
  notes: [],
  ...over,
});

beforeEach(() => {
  invoke.mockReset();
});

describe('MarkdownImportDialog', () => {
  it('names a new project after the chosen folder and shows imported and skipped tables', async () => {
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'choose_markdown_paths') return Promise.resolve({ token: 't1', paths: ['/home/zoe/docs/launchpad-docs'] });
      if (cmd === 'plan_markdown_import') return Promise.resolve({ unmatched: [], targets: [] });
      if (cmd === 'import_markdown')
        return Promise.resolve({
          project: { id: 'p2', name: 'launchpad-docs' },
          created: true,
          blocks: [
            block({ notes: ['1 empty row skipped'] }),
            block({ line: 30, header: 'Sprint | Velocity', destination: null, skipped: 'no match', added: 0 }),
            block({ line: 3, header: 'text outside tables and lists', destination: null, leftOut: '3, 7–10', added: 0 }),
          ],
        });
      return Promise.resolve(null);
    });
    const onImported = vi.fn();
    render(MarkdownImportDialog, { current: project, onImported, onClose: vi.fn() });
    await fireEvent.click(screen.getByTestId('md-choose-folder'));
    expect(await screen.findByTestId('md-paths')).toHaveProperty('textContent', '/home/zoe/docs/launchpad-docs');
    expect((screen.getByTestId('md-name') as HTMLInputElement).value).toBe('launchpad-docs');
    await fireEvent.click(screen.getByTestId('md-import'));
    const summary = await screen.findByTestId('md-summary');
    expect(invoke).toHaveBeenCalledWith('import_markdown', {
      target: { kind: 'new', value: 'launchpad-docs' },
      files: 't1',
      mapping: null,
    });
    expect(summary.textContent).toContain('→ Readiness scorecard');
    expect(summary.textContent).toContain('4 added');
    expect(summary.textContent).toContain('1 empty row skipped');
    expect(screen.getAllByTestId('md-skipped')).toHaveLength(1);
    // The prose the files hold is named by its lines, apart from the tables and lists.
    expect(screen.getAllByTestId('md-block')).toHaveLength(2);
    expect(screen.getByTestId('md-left-out').textContent).toContain('Lines 3, 7–10');
    expect(screen.getByTestId('md-summary-line').textContent).toContain('1 of 2 tables and lists imported');
    expect(screen.getByTestId('md-totals').textContent).toBe('Readiness scorecard: 4 added');
    await fireEvent.click(screen.getByTestId('md-open-project'));
    expect(onImported).toHaveBeenCalledWith({ id: 'p2', name: 'launchpad-docs' });
  });

  it('imports into the open project and shows a refused file beside the form', async () => {
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'choose_markdown_paths') return Promise.resolve({ token: 't2', paths: ['/docs/bad.md'] });
      if (cmd === 'plan_markdown_import') return Promise.resolve({ unmatched: [], targets: [] });
      if (cmd === 'import_markdown')
        return Promise.reject({ code: 'invalid', message: 'bad.md:5: Current score: must be a whole number from 1 to 5' });
      return Promise.resolve(null);
    });
    render(MarkdownImportDialog, { current: project, onImported: vi.fn(), onClose: vi.fn() });
    await fireEvent.click(screen.getByTestId('md-import'));
    expect((await screen.findByTestId('md-error')).textContent).toBe('Choose Markdown files or a folder first.');
    await fireEvent.click(screen.getByTestId('md-choose-files'));
    await screen.findByTestId('md-paths');
    await fireEvent.click(screen.getByTestId('md-into-current'));
    await fireEvent.click(screen.getByTestId('md-import'));
    expect((await screen.findByTestId('md-error')).textContent).toContain('bad.md:5: Current score');
    expect(invoke).toHaveBeenCalledWith('import_markdown', {
      target: { kind: 'project', value: 'p1' },
      files: 't2',
      mapping: null,
    });
  });

  it('maps a table it does not recognise: target, fields, preview, and the mapping sent with the import', async () => {
    const targets = [
      {
        target: 'gaps',
        label: 'Gap tracker',
        fields: [
          { key: 'title', label: 'Title' },
          { key: 'owner', label: 'Owner' },
          { key: 'status', label: 'Status' },
        ],
      },
      { target: 'controls', label: 'Baseline controls', fields: [{ key: 'label', label: 'Control' }] },
      { target: 'skip', label: 'Skip (do not import)', fields: [] },
    ];
    const unmatched = [
      {
        file: 'security.md',
        line: 3,
        header: ['Control', 'Responsible', 'Budget'],
        rows: [['Rotate secrets', 'Søren', '2k']],
        rowCount: 1,
        guess: { header: ['Control', 'Responsible', 'Budget'], target: 'controls', columns: ['label', null, null] },
      },
    ];
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'choose_markdown_paths') return Promise.resolve({ token: 't3', paths: ['/docs/security.md'] });
      if (cmd === 'plan_markdown_import') return Promise.resolve({ unmatched, targets });
      if (cmd === 'import_markdown') return Promise.resolve({ project: { id: 'p3', name: 'security' }, created: true, blocks: [] });
      return Promise.resolve(null);
    });
    render(MarkdownImportDialog, { current: null, onImported: vi.fn(), onClose: vi.fn() });
    await fireEvent.click(screen.getByTestId('md-choose-files'));
    const target = (await screen.findByTestId('map-target')) as HTMLSelectElement;
    expect(target.value).toBe('controls');
    expect(screen.getByTestId('map-preview').textContent).toContain('Control: Rotate secrets');
    target.value = 'gaps';
    await fireEvent.change(target);
    const columns = screen.getAllByTestId('map-column') as HTMLSelectElement[];
    expect(columns[0]?.value).toBe('title');
    (columns[1]?.querySelector('option[value="owner"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(columns[1] as HTMLSelectElement);
    expect(screen.getByTestId('map-preview').textContent).toBe('Title: Rotate secrets · Owner: Søren · notes: Budget: 2k');
    await fireEvent.click(screen.getByTestId('md-import'));
    await screen.findByTestId('md-summary');
    expect(invoke).toHaveBeenCalledWith('import_markdown', {
      target: { kind: 'new', value: 'security' },
      files: 't3',
      mapping: {
        format: 'preflight-mapping',
        version: 1,
        tables: [{ header: ['Control', 'Responsible', 'Budget'], target: 'gaps', columns: ['title', 'owner', null] }],
      },
    });
  });
});
