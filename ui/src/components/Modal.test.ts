import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ConfirmDialog from './ConfirmDialog.svelte';

// jsdom has no modal dialogs; showModal only needs to open the element here.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};

describe('Modal (through ConfirmDialog)', () => {
  it('opens named by its heading, focuses the safe choice, and hands Escape to onCancel', async () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(ConfirmDialog, { title: 'Delete for good?', message: 'It cannot be undone.', confirmLabel: 'Delete', onConfirm, onCancel });
    const dialog = screen.getByTestId('confirm-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    const labelledBy = dialog.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelledBy)?.textContent).toBe('Delete for good?');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    const escape = new Event('cancel', { cancelable: true });
    dialog.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    expect(onCancel).toHaveBeenCalledOnce();
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
