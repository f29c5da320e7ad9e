// Geometry shared by the scorecard charts: one data point per pillar on the 1–5 scale.

export interface ChartPillar {
  id: string;
  name: string;
  current: number | null;
  target: number;
  /** The score at the last milestone, when there is one and the pillar existed then. */
  previous: number | null;
}

export const MAX_SCORE = 5;

/** Point on axis `i` of `n` at `value` (0–5), for a radar centred at (cx, cy) of radius r. */
export function radarPoint(i: number, n: number, value: number, cx: number, cy: number, r: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const d = (value / MAX_SCORE) * r;
  return [cx + d * Math.cos(angle), cy + d * Math.sin(angle)];
}

/**
 * SVG points attribute for the outline through `values` on their axes. A pillar with no value
 * is left out, so the outline passes it by rather than dipping to the centre, which would
 * read as a measured score of 0.
 */
export function polygon(values: (number | null)[], cx: number, cy: number, r: number): string {
  return values
    .map((v, i) => (v === null ? null : radarPoint(i, values.length, v, cx, cy, r)))
    .filter((p): p is [number, number] => p !== null)
    .map((p) => p.map((c) => c.toFixed(1)).join(','))
    .join(' ');
}

/** How many of `values` are present: an outline needs 3 to enclose an area, 2 to draw a line. */
export function present(values: (number | null)[]): number {
  return values.filter((v) => v !== null).length;
}

/** Splits a label into lines of at most `width` characters, at spaces where possible. */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
