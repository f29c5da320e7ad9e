// The window's font lists name only what WebKitGTK resolves without a miss (see the comment on
// --font in app.css): each family it has to try and reject costs a fontconfig alias check of
// about a hundred matches, for every size and weight the page uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SRC, stylesheets as sources } from './testing/stylesheets';

/** The families WebKitGTK takes without a fontconfig miss: GTK's UI font and generic names. */
const RESOLVED = new Set(['-webkit-system-font', 'sans-serif', 'serif', 'monospace']);

describe('font lists', () => {
  it('name only the desktop font and generic families', () => {
    const css = readFileSync(join(SRC, 'app.css'), 'utf8');
    for (const variable of ['--font', '--mono']) {
      const value = css.match(new RegExp(`${variable}:\\s*([^;]+);`))?.[1];
      expect(value, variable).toBeDefined();
      const families = (value ?? '').split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, ''));
      expect(families.filter((f) => !RESOLVED.has(f)), variable).toEqual([]);
    }
  });

  it('are set through the two variables everywhere else', () => {
    const stray = sources()
      .filter(([path]) => !path.endsWith('app.css'))
      .flatMap(([path, text]) =>
        [...text.matchAll(/font-family:\s*([^;]+);/g)]
          .map((m) => (m[1] ?? '').trim())
          .filter((value) => value !== 'var(--font)' && value !== 'var(--mono)')
          .map((value) => `${path.slice(SRC.length + 1)}: ${value}`),
      );
    expect(stray).toEqual([]);
  });

  // Each size and weight the page uses is a font description of its own, and WebKitGTK
  // resolves each with a fontconfig alias check (about a hundred matches, ~1.3 ms): folding
  // 0.88/0.92/0.95 rem into 0.85/0.9 and weights 550/650/750/800 into 600/700 took the launch
  // from 39 descriptions to 32 (3,988 → 3,260 matches, counted with perf uprobes).
  it('use four weights and a short type scale', () => {
    const values = (property: string) =>
      new Set(sources().flatMap(([, text]) => [...text.matchAll(new RegExp(`${property}:\\s*([^;]+);`, 'g'))].map((m) => (m[1] ?? '').trim())));
    expect([...values('font-weight')].filter((w) => !['400', '500', '600', '700', 'normal', 'bold', 'inherit'].includes(w))).toEqual([]);
    const remSizes = [...values('font-size')].filter((v) => /^[\d.]+rem$/.test(v));
    expect(remSizes.length, remSizes.sort().join(' ')).toBeLessThanOrEqual(14);
  });
});
