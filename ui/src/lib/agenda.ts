// The Agenda's first page, read ahead as the pointer or the keyboard reaches the Agenda link.
// Across 100 projects of 1,000 gaps that read takes 30–50 ms of the Agenda's opening; a person
// takes longer than that to move from the link to the click, so the opening need not wait for
// it. A page read ahead is shown only while the database's revision is the one read before it
// (every write raises it, whoever writes) and on the day it was read, and only once.
import { backend, type AgendaView } from './backend';
import { localToday } from './projects';

/** The Agenda's span: what comes due in the next this many days (and everything overdue). */
export const AGENDA_DAYS = 30;

/**
 * Items of a group read and drawn at first, and added by each "Show more": across 100
 * projects of 1,000 gaps the agenda holds some 51,000 items, far more than anyone reads at
 * once or a window should carry.
 */
export const AGENDA_PAGE = 200;

/**
 * A first page on its way or read, with the local day and the revision read before it; none
 * for a page asked for by the opening itself (the click), which is read as the Agenda opens.
 */
interface Ahead {
  day: string;
  page: Promise<{ revision: number | null; view: AgendaView }>;
}

let ahead: Ahead | null = null;

/** The first page as the Agenda opens with no filter. */
function readFirstPage(): Promise<AgendaView> {
  return backend.getAgenda(AGENDA_DAYS, null, null, AGENDA_PAGE);
}

/** Starts reading the first page unless one is already read ahead; failures wait for the opening. */
export function readAgendaAhead() {
  if (ahead) return;
  // The revision is read first: a write between the two reads makes the page newer than its
  // revision, which only costs a read afresh at the opening.
  const page = backend.getRevision().then(async (revision) => ({ revision, view: await readFirstPage() }));
  const mine: Ahead = { day: localToday(), page };
  ahead = mine;
  page.catch(() => {
    if (ahead === mine) ahead = null;
  });
}

/**
 * Starts reading the first page as the Agenda link is clicked, before the screen it replaces
 * is taken down (at 100 projects of 1,000 gaps, 5–15 ms the read need not wait for), unless
 * one was read ahead. Call it only when the click opens the Agenda: the opening takes it.
 */
export function readAgendaNow() {
  if (ahead) return;
  const mine: Ahead = { day: localToday(), page: readFirstPage().then((view) => ({ revision: null, view })) };
  ahead = mine;
  mine.page.catch(() => {
    if (ahead === mine) ahead = null;
  });
}

/**
 * The Agenda's first page with no filter: the one read ahead when nothing was written since
 * and the day is the same, else read now. Either way nothing stays read ahead.
 */
export async function agendaFirstPage(): Promise<AgendaView> {
  const taken = ahead;
  ahead = null;
  if (taken && taken.day === localToday()) {
    try {
      const { revision, view } = await taken.page;
      if (revision === null || (await backend.getRevision()) === revision) return view;
    } catch {
      // The read ahead failed; the read below says why, if it fails too.
    }
  }
  return readFirstPage();
}
