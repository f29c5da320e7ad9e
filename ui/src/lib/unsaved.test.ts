import { describe, expect, it } from 'vitest';
import { unsaved } from './unsaved.svelte';

describe('unsaved edits', () => {
  it('keeps a refused edit with its message and forgets it once saved', () => {
    unsaved.set('pillar:p1', { evidence: 'x'.repeat(5000) }, { evidence: 'must be at most 4000 characters' });
    const kept = unsaved.get<{ evidence: string }>('pillar:p1');
    expect(kept?.values.evidence).toHaveLength(5000);
    expect(kept?.errors.evidence).toContain('4000');
    unsaved.set('pillar:p1', { evidence: 'short' }, {});
    expect(unsaved.get('pillar:p1')).toBeUndefined();
    expect(unsaved.get('pillar:other')).toBeUndefined();
  });
});
