// Tabs kept in the page while hidden (the Scorecard and the Gaps tab, `ProjectOverview`) are
// shown again as they were left, then read afresh what was written meanwhile: in another tab,
// by the `preflight` command, by a sync.
import { untrack } from 'svelte';
import { showError } from './toasts.svelte';

/**
 * Runs `refresh` each time `visible()` turns from false to true; a failure shows as a toast.
 * Call it while a component is being set up, as it makes an effect of that component.
 */
export function whenShownAgain(visible: () => boolean, refresh: () => Promise<unknown>) {
  let was = untrack(visible);
  $effect(() => {
    const now = visible();
    if (now && !was) refresh().catch(showError);
    was = now;
  });
}
