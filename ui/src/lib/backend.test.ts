import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { backend, BackendError, toBackendError } = await import('./backend');

describe('backend', () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it('passes command names and camelCase arguments to invoke', async () => {
    invoke.mockResolvedValue([]);
    await backend.listProjects('trash');
    expect(invoke).toHaveBeenCalledWith('list_projects', { view: 'trash' });
  });

  it('turns a {code, message, field} rejection into a BackendError', async () => {
    invoke.mockRejectedValue({ code: 'conflict', message: 'a project named “A” already exists', field: 'name' });
    let error: unknown = null;
    try {
      await backend.createProject(
        { name: 'A', description: '', stage: 'idea', northStar: '', leadingMetric: '' },
        'eight-pillars',
      );
    } catch (e) {
      error = e;
    }
    expect(error instanceof BackendError).toBe(true);
    const { code, field, message } = error as InstanceType<typeof BackendError>;
    expect({ code, field, message }).toEqual({ code: 'conflict', field: 'name', message: 'a project named “A” already exists' });
  });

  it('treats anything else as an internal error with its text', () => {
    const error = toBackendError('window closed');
    expect([error.code, error.message]).toEqual(['internal', 'window closed']);
    expect(toBackendError(new Error('boom')).field).toBeUndefined();
  });
});
