import { describe, expect, it } from 'vitest';
import { counted, fieldMessage } from './messages';

describe('fieldMessage', () => {
  it('names the field in a rule and ends the sentence', () => {
    expect(fieldMessage('Name', 'is required')).toBe('Name is required.');
    expect(fieldMessage('Name', 'must be at most 120 characters (got 121)')).toBe(
      'Name must be at most 120 characters (got 121).',
    );
  });

  it('leaves a sentence as it is, with its full stop', () => {
    expect(fieldMessage('Due date', 'February 2026 has 28 days.')).toBe('February 2026 has 28 days.');
    expect(fieldMessage('Due date', 'There is no month 15')).toBe('There is no month 15.');
    expect(fieldMessage('Name', '')).toBe('');
  });
});

describe('counted', () => {
  it('takes the plural unless the count is one', () => {
    expect(counted(1, 'gap')).toBe('1 gap');
    expect(counted(0, 'gap')).toBe('0 gaps');
    expect(counted(3, 'review question')).toBe('3 review questions');
    expect(counted(2, 'person', 'people')).toBe('2 people');
  });
});
