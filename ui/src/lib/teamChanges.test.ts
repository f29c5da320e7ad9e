import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_MS, busyTyping, followTeamChanges } from './teamChanges';

/** A sync's announcements, delivered by hand. */
function channel() {
  let deliver: (project: string) => void = () => {};
  const stopped = vi.fn();
  const subscribe = (onChange: (project: string) => void) => {
    deliver = onChange;
    return Promise.resolve(stopped);
  };
  return { subscribe, send: (project: string) => deliver(project), stopped };
}

describe('the team’s changes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('are shown at once when nobody is typing', () => {
    const { subscribe, send } = channel();
    const show = vi.fn();
    followTeamChanges(subscribe, show, () => false);
    send('atlas');
    expect(show).toHaveBeenCalledExactlyOnceWith('atlas');
  });

  it('wait while a field is typed in, then show the latest project once', () => {
    const { subscribe, send } = channel();
    const show = vi.fn();
    let busy = true;
    followTeamChanges(subscribe, show, () => busy);
    send('atlas');
    send('borealis');
    vi.advanceTimersByTime(RETRY_MS * 3);
    expect(show).not.toHaveBeenCalled();
    busy = false;
    vi.advanceTimersByTime(RETRY_MS);
    expect(show).toHaveBeenCalledExactlyOnceWith('borealis');
    vi.advanceTimersByTime(RETRY_MS * 3);
    expect(show).toHaveBeenCalledTimes(1);
  });

  it('stop following, and drop what waits, when stopped', async () => {
    const { subscribe, send, stopped } = channel();
    const show = vi.fn();
    let busy = true;
    const stop = followTeamChanges(subscribe, show, () => busy);
    send('atlas');
    stop();
    busy = false;
    vi.advanceTimersByTime(RETRY_MS * 2);
    await Promise.resolve();
    expect(show).not.toHaveBeenCalled();
    expect(stopped).toHaveBeenCalledOnce();
  });

  it('count a focused field or an open dialog as typing', () => {
    expect(busyTyping()).toBe(false);
    const field = document.createElement('textarea');
    document.body.append(field);
    field.focus();
    expect(busyTyping()).toBe(true);
    field.blur();
    expect(busyTyping()).toBe(false);
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    expect(busyTyping()).toBe(true);
  });
});
