import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ProjectForm from './ProjectForm.svelte';
import { BackendError } from '../lib/backend';
import { emptyDraft } from '../lib/projects';

describe('ProjectForm', () => {
  it('shows a too-long name error beside the field, keeps the text and does not save', async () => {
    const onSave = vi.fn();
    render(ProjectForm, { mode: 'create', initial: emptyDraft(), onSave, onCancel: vi.fn(), frameworks: [] });
    const name = screen.getByTestId('field-name') as HTMLInputElement;
    await fireEvent.input(name, { target: { value: 'n'.repeat(121) } });
    await fireEvent.click(screen.getByTestId('submit-project'));
    expect(screen.getByTestId('error-name').textContent).toBe('Name must be at most 120 characters (got 121).');
    expect(name.value).toBe('n'.repeat(121));
    expect(onSave).not.toHaveBeenCalled();
  });

  it('shows a backend conflict beside the field it names', async () => {
    const onSave = vi.fn().mockRejectedValue(
      new BackendError({ code: 'conflict', message: 'a project named “Alpha” already exists', field: 'name' }),
    );
    render(ProjectForm, { mode: 'create', initial: emptyDraft(), onSave, onCancel: vi.fn(), frameworks: [] });
    const name = screen.getByTestId('field-name') as HTMLInputElement;
    await fireEvent.input(name, { target: { value: 'alpha' } });
    await fireEvent.click(screen.getByTestId('submit-project'));
    await vi.waitFor(() => expect(screen.getByTestId('error-name').textContent).toContain('already exists'));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ name: 'alpha', successCriteria: [] }), 'eight-pillars');
    expect(name.value).toBe('alpha');
  });

  it('cancels on the Cancel button', async () => {
    const onCancel = vi.fn();
    render(ProjectForm, { mode: 'edit', initial: { ...emptyDraft(), name: 'A' }, onSave: vi.fn(), onCancel, frameworks: [] });
    expect(screen.queryByTestId('field-framework')).toBeNull();
    await fireEvent.click(screen.getByTestId('cancel-project'));
    expect(onCancel).toHaveBeenCalled();
  });

  it('describes each field by its hint and its error, for screen readers', async () => {
    render(ProjectForm, { mode: 'create', initial: emptyDraft(), onSave: vi.fn(), onCancel: vi.fn(), frameworks: [] });
    const northStar = screen.getByTestId('field-north-star');
    await vi.waitFor(() => expect(northStar.getAttribute('aria-describedby')).toBe('northStar-hint'));
    const name = screen.getByTestId('field-name');
    expect(name.hasAttribute('aria-describedby')).toBe(false);
    await fireEvent.input(name, { target: { value: 'n'.repeat(121) } });
    await fireEvent.click(screen.getByTestId('submit-project'));
    await vi.waitFor(() => expect(name.getAttribute('aria-describedby')).toBe('name-error'));
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('name-error')?.textContent).toContain('at most 120 characters');
  });

  it('asks before Escape throws away typed changes, and closes at once without changes', async () => {
    const onCancel = vi.fn();
    render(ProjectForm, { mode: 'create', initial: emptyDraft(), onSave: vi.fn(), onCancel, frameworks: [] });
    const form = screen.getByTestId('project-form');
    await fireEvent.keyDown(form, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();

    onCancel.mockClear();
    await fireEvent.input(screen.getByTestId('field-name'), { target: { value: 'Atlas' } });
    await fireEvent.keyDown(form, { key: 'Escape' });
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm.textContent).toContain('Discard your changes?');
    expect(onCancel).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect((screen.getByTestId('field-name') as HTMLInputElement).value).toBe('Atlas');
    await fireEvent.keyDown(form, { key: 'Escape' });
    await fireEvent.click(await screen.findByTestId('confirm-ok'));
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
