import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ConfirmDialog from './ConfirmDialog.svelte';

const confirm = (over: { onCancel?: () => void; onConfirm?: () => void } = {}) =>
  render(ConfirmDialog, {
    title: 'Delete for good?',
    message: 'It cannot be undone.',
    confirmLabel: 'Delete',
    onConfirm: over.onConfirm ?? vi.fn(),
    onCancel: over.onCancel ?? vi.fn(),
  });

describe('Modal (through ConfirmDialog)', () => {
  it('opens named by its heading and modal to assistive technology, focuses the safe choice, and hands Escape to onCancel', async () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    confirm({ onCancel, onConfirm });
    const dialog = screen.getByTestId('confirm-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const labelledBy = dialog.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelledBy)?.textContent).toBe('Delete for good?');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    // A control that used Escape itself keeps it.
    const cancelButton = screen.getByTestId('confirm-cancel');
    cancelButton.addEventListener('keydown', (e) => e.preventDefault(), { once: true });
    await fireEvent.keyDown(cancelButton, { key: 'Escape' });
    expect(onCancel).not.toHaveBeenCalled();
    const escaped = await fireEvent.keyDown(cancelButton, { key: 'Escape' });
    expect(escaped).toBe(false); // handled: the page's own Escape handlers never see it
    expect(onCancel).toHaveBeenCalledOnce();
    await fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('keeps Tab inside: past the last control to the first, and Shift+Tab from the first to the last', async () => {
    confirm();
    const first = screen.getByTestId('confirm-cancel');
    const last = screen.getByTestId('confirm-ok');
    last.focus();
    expect(await fireEvent.keyDown(last, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(first);
    expect(await fireEvent.keyDown(first, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(last);
    // WebKitGTK gives Shift+Tab's key as "Unidentified" (GTK's ISO_Left_Tab); its code is Tab.
    first.focus();
    expect(await fireEvent.keyDown(first, { key: 'Unidentified', code: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(last);
    // Between the two, Tab is the browser's own.
    first.focus();
    expect(await fireEvent.keyDown(first, { key: 'Tab' })).toBe(true);
  });

  it('takes focus back when it moves to the page behind, and gives it to the opener on closing', async () => {
    const opener = document.createElement('button');
    const elsewhere = document.createElement('button');
    document.body.append(opener, elsewhere);
    opener.focus();
    const { unmount } = confirm();
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    elsewhere.focus();
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
    elsewhere.remove();
  });

  it('covers the page with a scrim that keeps focus where it is when clicked', async () => {
    confirm();
    const scrim = document.querySelector('.scrim') as HTMLElement;
    expect(scrim).not.toBeNull();
    expect(await fireEvent.mouseDown(scrim)).toBe(false);
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
  });
});
