import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ReviewQuestion } from '../../lib/backend';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

const { default: PillarQuestions } = await import('./PillarQuestions.svelte');

const question = (id: string, title: string): ReviewQuestion => ({
  id: `row-${id}`,
  pillarId: 'p1',
  question: {
    id,
    title,
    choices: [
      { id: `${id}_a`, title: 'Backups nightly', improvementPlan: { displayText: 'Schedule them' } },
      { id: `${id}_b`, title: 'Restores drilled', improvementPlan: { displayText: 'Drill one' } },
    ],
    riskRules: [],
  },
  answer: { choices: [], none: false, note: '' },
  risk: null,
});

describe('PillarQuestions', () => {
  it('draws the questions when first unfolded and keeps them drawn when folded again', async () => {
    render(PillarQuestions, {
      projectId: 'project',
      pillarId: 'p1',
      pillarName: 'Reliability',
      questions: [question('q1', 'Can you restore yesterday?'), question('q2', 'Who is paged?')],
      risks: { pillarId: 'p1', high: 0, medium: 0, none: 0, unanswered: 2, suggested: null },
      readonly: false,
      onReview: () => {},
      onGaps: () => {},
    });
    const details = screen.getByTestId('pillar-questions') as HTMLDetailsElement;
    // Folded: the summary counts them, and none of their checkboxes and notes is built.
    expect(details.querySelector('summary')!.textContent).toContain('0 of 2 answered');
    expect(screen.queryAllByTestId('review-question')).toHaveLength(0);
    expect(screen.queryAllByTestId('question-note')).toHaveLength(0);

    details.open = true;
    await fireEvent(details, new Event('toggle'));
    await waitFor(() => expect(screen.getAllByTestId('review-question')).toHaveLength(2));
    expect(screen.getAllByTestId('question-choice')).toHaveLength(4);

    // A note being typed stays in the page when the list is folded.
    const note = screen.getAllByTestId('question-note')[0] as HTMLTextAreaElement;
    await fireEvent.input(note, { target: { value: 'Restore drill on Friday' } });
    details.open = false;
    await fireEvent(details, new Event('toggle'));
    expect(screen.getAllByTestId('review-question')).toHaveLength(2);
    expect((screen.getAllByTestId('question-note')[0] as HTMLTextAreaElement).value).toBe('Restore drill on Friday');
  });
});
