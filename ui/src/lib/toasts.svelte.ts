// The toast at the bottom of the window as one shared runes store: a component that has
// something to say imports `notify` (or `showError`) instead of receiving a callback through
// every parent in between. App.svelte renders `toasts.current`.
import { toBackendError } from './backend';

export type Tone = 'info' | 'error';

export interface ToastState {
  message: string;
  tone: Tone;
  actionLabel?: string;
  onAction?: () => void;
}

/** How long a toast stays, in milliseconds: longer when it offers Undo. */
const SHOWN_MS = 5000;
const SHOWN_WITH_ACTION_MS = 8000;

class Toasts {
  current = $state<ToastState | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(next: ToastState) {
    this.current = next;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.dismiss(), next.onAction ? SHOWN_WITH_ACTION_MS : SHOWN_MS);
  }

  dismiss() {
    clearTimeout(this.#timer);
    this.current = null;
  }
}

export const toasts = new Toasts();

/** Shows `message`; with `undo`, the toast offers an Undo button that runs it. */
export function notify(message: string, tone: Tone = 'info', undo?: () => void) {
  toasts.show({
    message,
    tone,
    actionLabel: undo ? 'Undo' : undefined,
    onAction: undo
      ? () => {
          toasts.dismiss();
          undo();
        }
      : undefined,
  });
}

/** Shows a failure: the backend's message, or any other error's text. */
export function showError(error: unknown) {
  notify(toBackendError(error).message, 'error');
}
