// A Svelte action that makes a textarea grow with its content (WebKitGTK has no
// `field-sizing: content` yet). Height follows scrollHeight on input and whenever the bound
// value changes (the action's parameter); very long text stops at the CSS max-height and
// scrolls.
import type { Action } from 'svelte/action';

export const autogrow: Action<HTMLTextAreaElement, string | undefined> = (node) => {
  const resize = () => {
    node.style.height = 'auto';
    node.style.height = `${node.scrollHeight + 2}px`;
  };
  node.addEventListener('input', resize);
  // Layout may not be final at mount (fonts, table widths), so measure again next frame.
  requestAnimationFrame(resize);
  resize();
  return {
    update: resize,
    destroy: () => node.removeEventListener('input', resize),
  };
};
