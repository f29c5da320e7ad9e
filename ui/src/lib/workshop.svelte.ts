// The running workshop as one shared runes store: the App shows the facilitator's room over
// the project while `room.session` is set, and any component may start one.
import { backend, type Project, type WorkshopSession, type WorkshopSetup } from './backend';

export const room = $state<{ session: WorkshopSession | null; projectId: string | null; projectName: string }>({
  session: null,
  projectId: null,
  projectName: '',
});

/** Starts (or resumes) a workshop on `project` and shows the room. */
export async function startWorkshop(project: Project, setup: WorkshopSetup): Promise<void> {
  room.session = await backend.startWorkshop(project.id, setup);
  room.projectId = project.id;
  room.projectName = project.name;
}

/** Reloads the running workshop (after a change, or at start); clears the room when none runs. */
export async function refreshWorkshop(): Promise<void> {
  room.session = await backend.getWorkshop();
}

/** Where the room stands, from a facilitator view. */
export function histogramMax(counts: number[], dontKnow: number): number {
  return Math.max(1, dontKnow, ...counts);
}
