// The window's first reads, asked for as soon as the page's script runs, before Svelte builds
// the page: the backend answers them while the page is being built. Asked for from the mounted
// app, the launch waited for one round trip after the mount and another after the status
// (`make bench-app`, issue #21: the first reads arrived 45–60 ms after the mount then, about 20
// now).
import { backend, type AppStatus, type Framework, type Project } from './backend';
import { loadSettings } from './settings.svelte';
import { refreshWorkshop } from './workshop.svelte';

/** What the first screen shows, on its way. */
export interface FirstReads {
  /** The version, the database and any start-up error. */
  status: Promise<AppStatus>;
  /** The frameworks and the active projects, once the settings and the workshop's state are
   * stored where the window reads them. */
  rest: Promise<[Framework[], Project[]]>;
}

/**
 * Asks for everything the first screen shows, all at once. When the database could not be
 * opened the reads after the status fail; the start-up screen says why, so nothing reports
 * their failure unless the app waits for them.
 */
export function readFirst(): FirstReads {
  const status = backend.appStatus();
  const rest = Promise.all([loadSettings(), refreshWorkshop(), backend.listFrameworks(), backend.listProjects('active')]).then(
    ([, , frameworks, projects]): [Framework[], Project[]] => [frameworks, projects],
  );
  rest.catch(() => {});
  return { status, rest };
}
