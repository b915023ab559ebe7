import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltConsole, buildConsole } from '../../apps/console/build';
import { tempDir } from '../support/temp-dir';

/** The budget for the console's first load, gzipped. */
const FIRST_LOAD_BUDGET = 150 * 1024;

/** What a page loads from its HTML: scripts, stylesheets, icons; external URLs included. */
const loadedBy = (html: string): string[] =>
  [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);

describe('the admin console bundle', () => {
  let out: ReturnType<typeof tempDir>;
  let built: BuiltConsole;
  beforeAll(async () => {
    out = tempDir('console-size-');
    built = await buildConsole(out.path);
  }, 60_000);
  afterAll(() => out.remove());

  it('loads only files of its own, with no inline script or style', () => {
    const html = readFileSync(join(built.dir, 'index.html'), 'utf8');
    const urls = loadedBy(html).filter((url) => !url.startsWith('data:'));
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^\.\/app-[A-Z0-9]+\.(js|css)$/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('is under 150 KB gzipped at first load, and ships its own gzip copy of each file', () => {
    const html = readFileSync(join(built.dir, 'index.html'));
    const files = loadedBy(html.toString()).filter((url) => !url.startsWith('data:'));
    const sizes = [html, ...files.map((url) => readFileSync(join(built.dir, url)))].map(
      (bytes) => gzipSync(bytes).length,
    );
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET);
    for (const name of built.files) {
      const original = readFileSync(join(built.dir, name));
      expect(gunzipSync(readFileSync(join(built.dir, `${name}.gz`)))).toEqual(original);
    }
  });
});
