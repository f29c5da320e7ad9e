// The team's changes arriving in a project (a sync in the background wrote them) are drawn
// again only while nobody is typing: never under a dialog or in a field with the focus, where
// redrawing would throw away what is being typed. They wait, and are shown once the dialog is
// closed and the field left.

/** How often a waiting change checks again whether the user is still typing, ms. */
export const RETRY_MS = 500;

/** Whether a field (input, textarea, select) has the focus or a dialog is open. */
export function busyTyping(): boolean {
  const active = document.activeElement;
  const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
  return typing || document.querySelector('dialog[open]') !== null;
}

/**
 * Follows the team's changes: `subscribe` delivers the id of each project a sync changed, and
 * `show` is called with it as soon as `busy()` is false, checked again every [`RETRY_MS`].
 * Changes that arrive while one waits are shown together, once, with the latest project's id
 * (`show` redraws the lists as well as that project). Returns what stops following.
 */
export function followTeamChanges(
  subscribe: (onChange: (project: string) => void) => Promise<() => void>,
  show: (project: string) => void,
  busy: () => boolean = busyTyping,
): () => void {
  let waiting: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    timer = undefined;
    if (waiting === null) return;
    if (busy()) {
      timer = setTimeout(attempt, RETRY_MS);
      return;
    }
    const project = waiting;
    waiting = null;
    show(project);
  };
  const unlisten = subscribe((project) => {
    const already = waiting !== null;
    waiting = project;
    if (!already) attempt();
  });
  return () => {
    clearTimeout(timer);
    waiting = null;
    unlisten.then((stop) => stop()).catch(() => {});
  };
}
