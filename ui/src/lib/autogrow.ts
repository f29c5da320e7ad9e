// A Svelte action that makes a textarea grow with its content (WebKitGTK has no
// `field-sizing: content` yet). Height follows scrollHeight on input and whenever the bound
// value changes (the action's parameter); very long text stops at the CSS max-height and
// scrolls.
import type { Action } from 'svelte/action';

/** Sets `node`'s height to its content's, reading it with a fresh layout. */
function resize(node: HTMLTextAreaElement) {
  node.style.height = 'auto';
  node.style.height = `${node.scrollHeight + 2}px`;
}

// Textareas drawn or changed since the last frame, sized together before the next one is
// painted. Sizing each at once made every textarea force a layout of the whole page as it was
// drawn: a Scorecard's sixteen notes, or a table's window of rows, laid the page out sixteen
// or fifty times over. Together, it is laid out once: all heights reset, all read, all set.
const waiting = new Set<HTMLTextAreaElement>();
let frame: number | null = null;

function sizeWaiting() {
  frame = null;
  const nodes = [...waiting].filter((node) => node.isConnected);
  waiting.clear();
  for (const node of nodes) node.style.height = 'auto';
  const sized = nodes.map((node) => [node, node.scrollHeight] as const);
  for (const [node, height] of sized) node.style.height = `${height + 2}px`;
}

/** Sizes `node` with the others before the next frame is painted. */
function sizeBeforeNextFrame(node: HTMLTextAreaElement) {
  waiting.add(node);
  frame ??= requestAnimationFrame(sizeWaiting);
}

export const autogrow: Action<HTMLTextAreaElement, string | undefined> = (node) => {
  // Typing resizes at once, so the text never scrolls inside the box for a frame.
  const typed = () => resize(node);
  node.addEventListener('input', typed);
  sizeBeforeNextFrame(node);
  return {
    update: () => sizeBeforeNextFrame(node),
    destroy: () => {
      waiting.delete(node);
      node.removeEventListener('input', typed);
    },
  };
};
