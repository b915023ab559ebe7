import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteInventoryRepository } from '../../adapters/sqlite/inventory-repository.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { cli } from '../support/cli';
import { tempDir } from '../support/temp-dir';

describe('npm run cli -- inventory import', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('cli-');
  });
  afterEach(() => dir.remove());

  it('imports a file into the store the URL names, with progress, a summary and the alerts', async () => {
    const file = join(dir.path, 'stock.csv');
    const rows = Array.from({ length: 1200 }, (_, i) => `Oslo,item-${i},${i + 1}`);
    writeFileSync(
      file,
      ['store,item,count', ...rows, 'Oslo,milk,3', 'Oslo,bad,-1', 'Oslo,milk,0'].join('\n'),
    );
    const data = join(dir.path, 'data');
    const { code, stdout, stderr } = await cli([
      'inventory',
      'import',
      file,
      '--store-url',
      `sqlite:${data}`,
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Import [0-9a-f-]{36}: completed\n/);
    expect(stdout).toContain(
      'rows read 1203, imported 1202 (valid rows; a later row for an item wins), rejected 1',
    );
    expect(stdout).toContain('line 1203: count: expected a whole number >= 0, found "-1"');
    expect(stdout).toContain(
      '1 notification(s) sent:\n  Inventory Alert! Oslo is out of stock of milk\n',
    );
    // Not a terminal: plain progress lines, the last one complete.
    const last = stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^\[#{30}\] 100% 1,203\/1,203 rows, [\d,]+ rows\/s, 1 rejected$/);
    // One clock, one interval (the import): the summary repeats the last line's rate.
    const rate = (text: string) => Number(/([\d,]+) rows\/s/.exec(text)?.[1]?.replaceAll(',', ''));
    expect(stdout).toMatch(/\n {2}import \d+\.\d s, [\d,]+ rows\/s; total \d+\.\d s \(/);
    expect(rate(last)).toBeGreaterThan(0);
    expect(rate(stdout)).toBe(rate(last));
    const db = new SqliteDatabase(join(data, 'app.db'));
    try {
      const stock = new SqliteInventoryRepository(db);
      expect(await stock.find({ store: 'Oslo', item: 'milk' })).toMatchObject({ count: 0 });
      expect(await stock.find({ store: 'Oslo', item: 'item-1199' })).toMatchObject({ count: 1200 });
    } finally {
      db.close();
    }
  }, 60_000);

  it('says what to do when a server holds the SQLite file', async () => {
    const held = new SqliteDatabase(join(dir.path, 'app.db')); // as a running server holds it
    try {
      const file = join(dir.path, 'stock.csv');
      writeFileSync(file, 'store,item,count\nA,x,1\n');
      const { code, stderr } = await cli([
        'inventory',
        'import',
        file,
        '--store-url',
        `sqlite:${dir.path}`,
      ]);
      expect(code).toBe(1);
      expect(stderr).toContain('is in use by another process');
      expect(stderr).toContain('stop it, or upload with POST /inventory/imports.');
    } finally {
      held.close();
    }
  }, 60_000);

  it('fails clearly: usage, a missing file, a bad store URL, a file without the header', async () => {
    const usage = await cli(['inventory']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run cli -- inventory import <file.csv>');
    const missing = await cli(['inventory', 'import', join(dir.path, 'none.csv')]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `No such file: ${join(dir.path, 'none.csv')}\n`,
    });
    const file = join(dir.path, 'bad.csv');
    writeFileSync(file, 'sku,qty\nA,1\n');
    const url = await cli(['inventory', 'import', file, '--store-url', 'mongodb://x']);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/^--store-url must start with sqlite:/);
    const header = await cli(['inventory', 'import', file, '--store-url', `sqlite:${dir.path}`]);
    expect(header.code).toBe(1);
    expect(header.stdout).toContain(': failed\n');
    expect(header.stdout).toContain(
      'The first line must be the header store,item,count; found: sku,qty',
    );
  }, 60_000);
});
