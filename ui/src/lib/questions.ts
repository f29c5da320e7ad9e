// Review questions written by hand: the ids a new practice will get (the same rule as core's
// `domain/question.rs`, so rules can name a practice before it is saved) and the usual rules.
import type { LensQuestion, QuestionDraft, RiskRule } from './backend';

/** An id for `title` that risk rules can name: lower-case ASCII letters and digits joined by
 * `_`, at most 40 characters, `fallback` when nothing is left, unique against `taken`. */
export function idFrom(title: string, fallback: string, taken: Set<string>): string {
  let id = '';
  for (const c of title.toLowerCase()) {
    if (/^[a-z0-9]$/.test(c)) id += c;
    else if (id !== '' && !id.endsWith('_')) id += '_';
    if (id.length >= 40) break;
  }
  id = id.replace(/_+$/, '');
  const base = id === '' ? fallback : id;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  return candidate;
}

/** The ids the practices of `draft` get when saved: kept ids, and new ones from their titles. */
export function practiceIds(draft: QuestionDraft, existing: LensQuestion | null): string[] {
  const known = new Set(existing?.choices.map((c) => c.id) ?? []);
  const given: string[] = [];
  for (const p of draft.practices) {
    const kept = p.id?.trim();
    given.push(kept ? kept : idFrom(p.title, 'practice', new Set([...given, ...known])));
  }
  return given;
}

/** The usual rules for `ids`: all in place is no risk, any is medium, none is high. */
export function usualRules(ids: string[]): RiskRule[] {
  const rules: RiskRule[] = [{ condition: ids.join(' && '), risk: 'NO_RISK' }];
  if (ids.length > 1) rules.push({ condition: ids.join(' || '), risk: 'MEDIUM_RISK' });
  rules.push({ condition: 'default', risk: 'HIGH_RISK' });
  return rules;
}

/** Whether `question`'s rules are the usual ones for its practices. */
export function hasUsualRules(question: LensQuestion): boolean {
  const usual = usualRules(question.choices.map((c) => c.id));
  return (
    usual.length === question.riskRules.length &&
    usual.every((r, i) => r.condition === question.riskRules[i]?.condition && r.risk === question.riskRules[i]?.risk)
  );
}

/** The draft that edits `question` (or a new one with one empty practice). */
export function draftOf(question: LensQuestion | null): QuestionDraft {
  if (!question) {
    return { title: '', description: '', practices: [{ id: null, title: '', improvementPlan: '' }], rules: [] };
  }
  return {
    title: question.title,
    description: question.description ?? '',
    practices: question.choices.map((c) => ({ id: c.id, title: c.title, improvementPlan: c.improvementPlan.displayText })),
    rules: hasUsualRules(question) ? [] : question.riskRules.map((r) => ({ condition: r.condition, risk: r.risk })),
  };
}
