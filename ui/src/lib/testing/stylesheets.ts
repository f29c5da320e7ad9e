// The window's styles for tests that read them as text: app.css and every component.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The `ui/src` folder. */
export const SRC = join(__dirname, '..', '..');

/** Every stylesheet and component under `dir` (all of `ui/src` by default), as [path, text]. */
export function stylesheets(dir: string = SRC): [string, string][] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return stylesheets(path);
    return /\.(css|svelte)$/.test(name) ? [[path, readFileSync(path, 'utf8')] as [string, string]] : [];
  });
}
