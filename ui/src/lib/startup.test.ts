import { beforeEach, describe, expect, it, vi } from 'vitest';

// Each read answers only when the test says so, to see what is asked for before any answer.
const { pending, failing, asked } = vi.hoisted(() => {
  const pending: Record<string, (value: unknown) => void> = {};
  const failing: Record<string, (error: unknown) => void> = {};
  const asked = (name: string) =>
    vi.fn(
      () =>
        new Promise((resolve, reject) => {
          pending[name] = resolve;
          failing[name] = reject;
        }),
    );
  return { pending, failing, asked };
});

vi.mock('./backend', () => ({
  backend: {
    appStatus: asked('appStatus'),
    getSettings: asked('getSettings'),
    getWorkshop: asked('getWorkshop'),
    listFrameworks: asked('listFrameworks'),
    listProjects: asked('listProjects'),
  },
}));

import { backend } from './backend';
import { readFirst } from './startup';
import { settings } from './settings.svelte';

describe('the first reads', () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it('are all asked for at once, before any answer, and the settings are stored', async () => {
    const first = readFirst();
    for (const name of ['appStatus', 'getSettings', 'getWorkshop', 'listFrameworks', 'listProjects'] as const) {
      expect(backend[name], name).toHaveBeenCalledTimes(1);
    }
    expect(backend.listProjects).toHaveBeenCalledWith('active');
    pending.appStatus?.({ version: '1', damaged: false });
    pending.getSettings?.({ dateFormat: 'day-month-year-dots', zoomPercent: 110 });
    pending.getWorkshop?.(null);
    pending.listFrameworks?.([{ id: 'f' }]);
    pending.listProjects?.([{ id: 'p' }]);
    expect(await first.status).toEqual({ version: '1', damaged: false });
    expect(await first.rest).toEqual([[{ id: 'f' }], [{ id: 'p' }]]);
    expect(settings.dateFormat).toBe('day-month-year-dots');
  });

  it('leave a failure to whoever waits for them, without an unhandled rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    const first = readFirst();
    failing.listProjects?.(new Error('no database'));
    await new Promise((done) => setTimeout(done, 10));
    expect(unhandled).not.toHaveBeenCalled();
    await expect(first.rest).rejects.toThrow('no database');
    process.off('unhandledRejection', unhandled);
  });
});
