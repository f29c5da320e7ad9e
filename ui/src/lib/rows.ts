// Which rows of a long list are laid out: the arithmetic behind LongList, kept apart so it is
// tested without a browser.

/** Lists up to this many rows are laid out whole: cheap, and every row is in the page. */
export const WHOLE_UP_TO = 100;

/** A row's height before it was ever measured, in CSS pixels (one line of a gap row). */
export const ESTIMATED_ROW_HEIGHT = 42;

/**
 * The rows `[start, end)` that overlap the band `[from, to)` of a list, in CSS pixels from the
 * list's top, with the heights of the rows before and after them (the spacers that keep the
 * scroll height true).
 */
export interface RowWindow {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * The window of rows with heights `heights` (px, one per row, in order) that overlaps the
 * band `[from, to)`; `from` may be negative (the list starts below the band's top). An empty
 * band or list gives an empty window whose spacers add up to the list's height.
 */
export function windowOf(heights: readonly number[], from: number, to: number): RowWindow {
  let start = heights.length;
  let end = heights.length;
  let before = 0;
  let offset = 0;
  let after = 0;
  heights.forEach((height, i) => {
    if (start === heights.length && offset + height > from) start = i;
    if (start === heights.length) before += height;
    else if (end === heights.length && offset >= to) end = i;
    if (end !== heights.length) after += height;
    offset += height;
  });
  if (start === heights.length) end = start;
  return { start, end, before, after };
}
