import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { BackendError, type QuestionDraft } from '../../lib/backend';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const { default: QuestionForm } = await import('./QuestionForm.svelte');

describe('QuestionForm', () => {
  it('shows the ids rules name, spells out the usual rules, and keeps refused input with the reason', async () => {
    const saved: QuestionDraft[] = [];
    const onSave = vi.fn(async (draft: QuestionDraft) => {
      saved.push(draft);
      if (saved.length === 1) {
        throw new BackendError({ code: 'invalid', message: 'practice 2: the improvement plan is required', field: 'practices' });
      }
    });
    render(QuestionForm, { question: null, pillarName: 'Reliability', onSave, onCancel: () => {} });
    await fireEvent.input(screen.getByTestId('question-title'), { target: { value: 'Can you restore yesterday?' } });
    await fireEvent.input(screen.getByTestId('practice-title'), { target: { value: 'Nightly backups' } });
    await fireEvent.input(screen.getByTestId('practice-plan'), { target: { value: 'Schedule them.' } });
    await fireEvent.click(screen.getByTestId('practice-add'));
    const titles = screen.getAllByTestId('practice-title');
    await fireEvent.input(titles[1]!, { target: { value: 'Restore drilled' } });
    expect(screen.getByText('restore_drilled')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('rules-own'));
    const conditions = screen.getAllByTestId('rule-condition') as HTMLInputElement[];
    expect(conditions.map((c) => c.value)).toEqual([
      'nightly_backups && restore_drilled',
      'nightly_backups || restore_drilled',
      'default',
    ]);

    await fireEvent.click(screen.getByTestId('question-save'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('practice 2: the improvement plan is required'));
    expect((screen.getByTestId('question-title') as HTMLInputElement).value).toBe('Can you restore yesterday?');
    expect(saved[0]!.practices.map((p) => p.title)).toEqual(['Nightly backups', 'Restore drilled']);
    expect(saved[0]!.rules).toHaveLength(3);

    // Back to the usual rules: the draft sends none, and core makes them.
    await fireEvent.click(screen.getByTestId('rules-usual'));
    await fireEvent.input(screen.getAllByTestId('practice-plan')[1]!, { target: { value: 'Drill it.' } });
    await fireEvent.click(screen.getByTestId('question-save'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]!.rules).toEqual([]);
  });
});
