//! The actions `make bench-app` times on the open Gaps tab, as scripts run in the page.

/// The start of every timed action's script: `start` is now; `until(ok)` answers the
/// milliseconds from `start` to the end of the first frame drawn after `ok()` holds (or -1
/// after 5 s): `ok` is checked at the start of each frame, and a task queued then runs once
/// that frame is laid out and painted. `drawn(next)` runs `next` once the frame that shows
/// what the script did so far is laid out and painted: what a user does before the timed step
/// (type a title, tick a gap) is on screen before they can click, so its drawing is not the
/// step's. `q(id)` finds an element by test id, `rows()` the gap rows drawn,
/// `choose(id, value)` picks a `<select>`'s value as a user does. Both see only what is laid
/// out: a tab kept in the page while hidden (the Scorecard, the Gaps tab) has no boxes.
pub const TIMED: &str = "
    const done = arguments[arguments.length - 1];
    const laidOut = (el) => el.getClientRects().length > 0;
    const all = (selector) => [...document.querySelectorAll(selector)].filter(laidOut);
    const q = (id) => all(`[data-testid=\"${id}\"]`)[0];
    const rows = () => all('[data-testid=\"gap-row\"]');
    const choose = (id, value) => {
      const select = q(id);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const until = (ok) => {
      const check = () => {
        if (ok()) setTimeout(() => done(performance.now() - start));
        else if (performance.now() - start > 5000) done(-1);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    };
    const drawn = (next) => requestAnimationFrame(() => setTimeout(next));
    let start = performance.now();
";

/// The actions timed on the open Gaps tab, in order (each leaves the tab as the next one
/// expects), then opening the Agenda from the sidebar: what, and its script after [`TIMED`].
/// Each ends when its result is drawn.
pub const ACTIONS: [(&str, &str); 8] = [
    (
        "filter (done only)",
        "choose('filter-status', 'done');
         until(() => rows().length > 0 && rows().every((r) => r.classList.contains('done')));",
    ),
    (
        "sort (by priority)",
        "choose('filter-status', 'all');
         drawn(() => {
           start = performance.now();
           choose('sort', 'priority');
           until(() => rows()[0]?.querySelector('.chip')?.classList.contains('critical'));
         });",
    ),
    (
        "open a gap's form",
        "q('gap-open').click();
         until(() => q('gap-form'));",
    ),
    (
        "save the form",
        "const title = q('gap-title');
         title.value = title.value + ' (saved)';
         title.dispatchEvent(new Event('input', { bubbles: true }));
         drawn(() => {
           start = performance.now();
           q('gap-save').click();
           until(() => !q('gap-form')
             && rows().some((r) => r.dataset.gapTitle.endsWith(' (saved)')));
         });",
    ),
    (
        "change a status (selected gap)",
        "q('gap-select').click();
         const id = rows()[0].dataset.gapId;
         choose('bulk-status', 'in_progress');
         drawn(() => {
           start = performance.now();
           q('bulk-apply').click();
           until(() => !q('bulk-bar') && document.querySelector(
             `[data-gap-id=\"${id}\"] [data-testid=\"gap-status-chip\"]`)?.textContent.trim()
               === 'In progress');
         });",
    ),
    (
        // The project's first tab: its pillars, and their review questions' summaries, which
        // are drawn once its second read (the review) is in.
        "open the Scorecard tab",
        "q('tab-scorecard').click();
         until(() => q('pillar-row') && (q('pillar-questions') || q('question-add')));",
    ),
    (
        "open the Gaps tab again",
        "q('tab-scorecard').click();
         requestAnimationFrame(() => requestAnimationFrame(() => {
           start = performance.now();
           q('tab-gaps').click();
           until(() => rows().length > 0);
         }));",
    ),
    (
        // Every active project's due and overdue items: at 100 × 1,000 gaps, tens of thousands.
        "open the Agenda",
        "q('open-agenda').click();
         until(() => q('agenda-item') || q('agenda-empty'));",
    ),
];
