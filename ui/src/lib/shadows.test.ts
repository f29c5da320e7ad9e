// Every shadow in the window is sharp (no blur radius): WebKitGTK blurs in software, on every
// frame that paints the element, and one 24 px blur on the overview's North Star card made a
// full repaint 32–35 ms instead of 11–12 (see --shadow in app.css). Depth comes from a few
// offset layers instead.
import { SRC, stylesheets as sources } from './testing/stylesheets';

/** The layers of a shadow value: split at the commas outside parentheses. */
export function layers(value: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of value) {
    if (c === '(') depth += 1;
    if (c === ')') depth -= 1;
    if (c === ',' && depth === 0) {
      found.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  found.push(current.trim());
  return found.filter((l) => l !== '');
}

/** The blur radius of one layer (its third length), or 0 when it gives none. */
export function blurOf(layer: string): number {
  const lengths = layer
    .replace(/[a-z-]+\([^)]*\)/gi, ' ') // colours and var() references
    .split(/\s+/)
    .filter((word) => /^-?[\d.]+(px|rem|em)?$/.test(word));
  return Number.parseFloat(lengths[2] ?? '0');
}

/** Each `box-shadow` and `--shadow` value in the sources, with where it is. */
function shadows(): { where: string; value: string }[] {
  return sources().flatMap(([path, text]) =>
    [...text.matchAll(/(?:box-shadow|--shadow):\s*([^;]+);/g)].map((m) => ({
      where: path.slice(SRC.length + 1),
      value: (m[1] ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
}

describe('shadows', () => {
  it('read a blur radius from a layer', () => {
    expect(layers('0 1px 0 rgb(0 0 0 / 8%), 0 8px 24px rgba(0, 0, 0, 0.3)')).toEqual([
      '0 1px 0 rgb(0 0 0 / 8%)',
      '0 8px 24px rgba(0, 0, 0, 0.3)',
    ]);
    expect(blurOf('0 8px 24px rgba(0, 0, 0, 0.3)')).toBe(24);
    expect(blurOf('inset 0 -3px 0 rgb(0 0 0 / 25%)')).toBe(0);
    expect(blurOf('0 0 0 3px var(--accent-soft)')).toBe(0);
    expect(blurOf('0 1px rgb(0 0 0)')).toBe(0);
  });

  it('are sharp everywhere in the window', () => {
    const found = shadows();
    expect(found.length).toBeGreaterThan(5);
    const blurred = found.filter(({ value }) => value !== 'none' && layers(value).some((l) => blurOf(l) !== 0));
    expect(blurred).toEqual([]);
  });
});
