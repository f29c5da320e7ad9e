import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { default: EditableTable } = await import('./EditableTable.svelte');

const spec = {
  kind: 'alignment',
  title: 'North Star alignment',
  columns: [
    { key: 'goal', label: 'Goal / outcome', hint: 'What should be true?', type: { type: 'text' } },
    { key: 'successMetric', label: 'Success metric', hint: 'What proves it worked?', type: { type: 'text' } },
  ],
};

describe('EditableTable', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('explains every column when empty', async () => {
    invoke.mockResolvedValue({ spec, rows: [] });
    render(EditableTable, { projectId: 'p', kind: 'alignment', readonly: false, onChanged: vi.fn() });
    expect(await screen.findByTestId('table-empty')).toBeTruthy();
    expect(screen.getByText('What proves it worked?')).toBeTruthy();
  });

  it('saves an edited cell with the whole row and keeps refused text beside its error', async () => {
    const row = { id: 'r1', position: 0, cells: { goal: 'Reliable onboarding' } };
    invoke.mockImplementation((cmd: string) => {
      if (cmd === 'get_table') return Promise.resolve({ spec, rows: [row] });
      if (cmd === 'update_table_row') {
        return Promise.reject({ code: 'invalid', message: 'must be at most 4000 characters (got 4001)', field: 'successMetric' });
      }
      return Promise.resolve(null);
    });
    render(EditableTable, { projectId: 'p', kind: 'alignment', readonly: false, onChanged: vi.fn() });
    const cells = await screen.findAllByRole('textbox');
    const metric = cells[1] as HTMLTextAreaElement;
    const long = 'm'.repeat(4001);
    await fireEvent.input(metric, { target: { value: long } });
    await fireEvent.change(metric);
    expect(invoke).toHaveBeenCalledWith('update_table_row', {
      id: 'r1',
      cells: { goal: 'Reliable onboarding', successMetric: long },
    });
    expect((await screen.findByTestId('cell-error')).textContent).toBe('Success metric must be at most 4000 characters (got 4001).');
    expect(metric.value).toBe(long);
  });
});

describe('EditableTable with many rows', () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, position: i, cells: { goal: `Goal ${i}` }, internalNote: '' }));

  beforeEach(() => {
    invoke.mockReset();
    invoke.mockImplementation((cmd: string) => Promise.resolve(cmd === 'get_table' ? { spec, rows } : null));
  });

  it('lays out only the rows near the screen, with spacers for the rest', async () => {
    render(EditableTable, { projectId: 'p', kind: 'alignment', readonly: false, onChanged: vi.fn() });
    await screen.findAllByTestId('table-row');
    const drawn = screen.getAllByTestId('table-row');
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(100);
    const body = document.querySelector('tbody[data-windowed]');
    expect(body?.querySelector('tr[data-spacer] td')?.getAttribute('colspan')).toBe('5');
  });

  it('saves a typed cell whose row scrolls far out of view before it was left', async () => {
    render(EditableTable, { projectId: 'p', kind: 'alignment', readonly: false, onChanged: vi.fn() });
    const first = (await screen.findAllByTestId('table-row'))[0]!;
    const goal = first.querySelector('[data-col="goal"]') as HTMLTextAreaElement;
    await fireEvent.input(goal, { target: { value: 'Goal 0, typed' } });
    // The table scrolls 8,000 px up past the top of the screen: the first rows leave the page.
    const body = document.querySelector('tbody[data-windowed]') as HTMLElement;
    body.getBoundingClientRect = () => ({ top: -8000, bottom: 0, left: 0, right: 0, width: 0, height: 0, x: 0, y: -8000, toJSON: () => ({}) });
    document.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(document.querySelector('[data-row-id="r0"]')).toBeNull());
    await vi.waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('update_table_row', { id: 'r0', cells: { goal: 'Goal 0, typed', successMetric: '' } }),
    );
  });
});
