import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError } from './backend';
import { notify, showError, toasts } from './toasts.svelte';

describe('toasts', () => {
  afterEach(() => {
    toasts.dismiss();
    vi.useRealTimers();
  });

  it('shows a message and hides it after five seconds', () => {
    vi.useFakeTimers();
    notify('Saved.');
    expect(toasts.current).toMatchObject({ message: 'Saved.', tone: 'info' });
    expect(toasts.current?.onAction).toBeUndefined();
    vi.advanceTimersByTime(4999);
    expect(toasts.current).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(toasts.current).toBeNull();
  });

  it('offers Undo for longer, and Undo runs once and closes the toast', () => {
    vi.useFakeTimers();
    const undo = vi.fn();
    notify('Deleted the row.', 'info', undo);
    expect(toasts.current?.actionLabel).toBe('Undo');
    vi.advanceTimersByTime(7000);
    toasts.current?.onAction?.();
    expect(undo).toHaveBeenCalledOnce();
    expect(toasts.current).toBeNull();
  });

  it('shows a backend error by its message', () => {
    showError(new BackendError({ code: 'conflict', message: 'a project named “A” already exists', field: 'name' }));
    expect(toasts.current).toMatchObject({ message: 'a project named “A” already exists', tone: 'error' });
    showError(new Error('disk full'));
    expect(toasts.current?.message).toBe('disk full');
  });
});
