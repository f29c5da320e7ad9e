import { describe, expect, it } from 'vitest';
import { draftOf, hasUsualRules, idFrom, practiceIds, usualRules } from './questions';
import type { LensQuestion } from './backend';

const question: LensQuestion = {
  id: 'backups',
  title: 'Backups?',
  choices: [
    { id: 'nightly', title: 'Nightly', improvementPlan: { displayText: 'Schedule them.' } },
    { id: 'restored', title: 'Restored', improvementPlan: { displayText: 'Restore one.' } },
  ],
  riskRules: usualRules(['nightly', 'restored']),
};

describe('questions', () => {
  it('makes ids as core does: ASCII, underscores, unique', () => {
    expect(idFrom('Rota set', 'practice', new Set())).toBe('rota_set');
    expect(idFrom('Rota set', 'practice', new Set(['rota_set']))).toBe('rota_set_2');
    expect(idFrom('Ünïcode only ☃', 'practice', new Set())).toBe('n_code_only');
    expect(idFrom('☃', 'practice', new Set())).toBe('practice');
  });

  it('keeps the ids of existing practices and names new ones from their titles', () => {
    const draft = draftOf(question);
    expect(draft.rules).toEqual([]);
    draft.practices.push({ id: null, title: 'Nightly', improvementPlan: 'x' });
    expect(practiceIds(draft, question)).toEqual(['nightly', 'restored', 'nightly_2']);
  });

  it('tells the usual rules from rules of ones own', () => {
    expect(hasUsualRules(question)).toBe(true);
    const own = { ...question, riskRules: [{ condition: 'restored', risk: 'NO_RISK' as const }] };
    expect(hasUsualRules(own)).toBe(false);
    expect(draftOf(own).rules).toEqual([{ condition: 'restored', risk: 'NO_RISK' }]);
    expect(draftOf(null).practices).toHaveLength(1);
  });
});
