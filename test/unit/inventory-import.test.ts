import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { importRecordSchema } from '../../domain/inventory/import-record';
import { ImportInProgressError } from '../../domain/inventory/inventory-errors';
import type { ImportProgress } from '../../domain/inventory/inventory-service';
import { stockKeySchema } from '../../domain/inventory/stock-level';
import { inventoryWorld } from '../support/inventory-world';

type World = ReturnType<typeof inventoryWorld>;

describe('CSV stock import', () => {
  let w: World;
  beforeEach(() => {
    w = inventoryWorld({ batchSize: 3 });
  });
  afterEach(() => w.close());

  const importText = async (text: string | Uint8Array, key = 'inventory/stock.csv') => {
    await w.objects.put(key, text, { contentType: 'text/csv' });
    return w.service.importObject(key);
  };
  const levels = async (store?: string) =>
    (await w.service.list({ store }, { limit: 100 })).items.map(
      ({ store: s, item, count }) => `${s}|${item}|${count}`,
    );

  it('reads a BOM, CRLF line ends and quoted fields holding commas, quotes and newlines', async () => {
    const record = await importText(
      '\uFEFFstore,item,count\r\n"Acme, Inc.",bolts,10\r\nAcme,"nut ""M8""",0\r\n\r\nAcme,"two\r\nlines",3\r\n',
    );
    expect(record).toMatchObject({
      status: 'completed',
      rowsRead: 3,
      rowsImported: 3,
      rowsRejected: 0,
      rejected: [],
    });
    expect(await levels()).toEqual([
      'Acme|nut "M8"|0',
      'Acme|two\r\nlines|3',
      'Acme, Inc.|bolts|10',
    ]);
  });

  it('accepts the header in any case and spacing, and the last row of an item wins', async () => {
    const record = await importText(
      ' Store , ITEM ,Count\nA,x,1\nA,x,2\nB,y,5\nA,x,7\nA,z,1\nB,y,0\nA,x,4\n',
    );
    expect(record).toMatchObject({ status: 'completed', rowsRead: 7, rowsImported: 7 });
    expect(await levels()).toEqual(['A|x|4', 'A|z|1', 'B|y|0']);
  });

  it('says in the record schema, so in OpenAPI, that rowsImported counts rows, not levels', () => {
    const record = z.toJSONSchema(importRecordSchema).$defs?.ImportRecord as {
      properties: Record<string, { description?: string }>;
    };
    const { rowsImported } = record.properties;
    expect(rowsImported?.description).toContain('once completed, rowsRead - rowsRejected');
    expect(rowsImported?.description).toContain('two rows for one item count 2');
  });

  it('reports each bad row with its line and reason, and imports the good ones', async () => {
    const record = await importText(
      [
        'store,item,count',
        'A,ok,1', // 2
        'A,missing', // 3
        'A,extra,1,2', // 4
        'A,negative,-3', // 5
        'A,fraction,1.5', // 6
        'A,word,ten', // 7
        ',no-store,1', // 8
        `A,${'x'.repeat(101)},1`, // 9
        'A,blank,', // 10
        'A,exponent,1e3', // 11
        'A,in"ch,1', // 12: a stray quote is kept as text, not a reason to lose the rows after it
        'B,fine,9007199254740991', // 13
        'B,huge,9007199254740992', // 14
        'C,"unclosed,1', // 15
      ].join('\n'),
    );
    expect(record.status).toBe('completed');
    expect(record.rowsRead).toBe(14);
    expect(record.rowsImported).toBe(3);
    expect(record.rowsRejected).toBe(11);
    expect(record.rejected.map((row) => row.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15]);
    const reasons = Object.fromEntries(record.rejected.map((row) => [row.line, row.reason]));
    expect(reasons[3]).toBe('expected 3 columns (store,item,count), found 2: A,missing');
    expect(reasons[4]).toBe('expected 3 columns (store,item,count), found 4: A,extra,1,2');
    expect(reasons[5]).toBe('count: expected a whole number >= 0, found "-3"');
    expect(reasons[6]).toBe('count: expected a whole number >= 0, found "1.5"');
    expect(reasons[8]).toMatch(/^store: /);
    expect(reasons[9]).toMatch(/^item: .*100/);
    expect(reasons[14]).toBe('count: expected a whole number >= 0, found "9007199254740992"');
    expect(reasons[15]).toMatch(/^Quote Not Closed/);
    expect(await levels()).toEqual(['A|in"ch|1', 'A|ok|1', 'B|fine|9007199254740991']);
  });

  it('takes names of well-formed text only: a lone surrogate (possible in JSON, not in UTF-8) is refused', () => {
    expect(stockKeySchema.safeParse({ store: 'Oslo', item: '\uD83D\uDE00 grin' }).success).toBe(
      true,
    );
    const lone = stockKeySchema.safeParse({ store: 'Oslo', item: 'half \uD83D' });
    expect(lone.success).toBe(false);
    expect(lone.error?.issues[0]?.message).toBe('Expected well-formed Unicode text');
  });

  it('numbers lines as an editor does, across blank lines and quoted line breaks', async () => {
    const record = await importText(
      [
        'store,item,count', // 1
        '', // 2
        'A,"multi', // 3
        'line",1', // 4
        'A,bad,x', // 5
        '', // 6
        '', // 7
        'A,"unclosed,1', // 8: swallows the rest
      ].join('\r\n'),
    );
    expect(record.rejected).toEqual([
      { line: 5, reason: 'count: expected a whole number >= 0, found "x"' },
      { line: 8, reason: expect.stringMatching(/^Quote Not Closed/) },
    ]);
    expect(record).toMatchObject({ rowsRead: 3, rowsImported: 1 });
  });

  it('keeps the first 100 rejected rows and counts them all', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `S,item-${i},-${i}`);
    const record = await importText(['store,item,count', ...rows].join('\n'));
    expect(record).toMatchObject({ rowsRead: 250, rowsImported: 0, rowsRejected: 250 });
    expect(record.rejected).toHaveLength(100);
    expect(record.rejected.at(-1)?.line).toBe(101);
  });

  it('fails an empty file and a wrong header without writing anything; a header alone is fine', async () => {
    const empty = await importText('', 'inventory/empty.csv');
    expect(empty).toMatchObject({ status: 'failed', rowsRead: 0 });
    expect(empty.failure).toMatch(/empty.*store,item,count/);
    const wrong = await importText('item,store,count\na,b,1\n', 'inventory/wrong.csv');
    expect(wrong).toMatchObject({ status: 'failed' });
    expect(wrong.failure).toBe(
      'The first line must be the header store,item,count; found: item,store,count',
    );
    const headerOnly = await importText('store,item,count\r\n', 'inventory/header.csv');
    expect(headerOnly).toMatchObject({ status: 'completed', rowsRead: 0, rowsImported: 0 });
    expect(headerOnly.finishedAt).not.toBeNull();
    expect(await levels()).toEqual([]);
  });

  it('imports one object version once, however often it is triggered', async () => {
    const first = await importText('store,item,count\nA,x,5\n');
    await w.service.adjust({ store: 'A', item: 'x' }, -2);
    const again = await w.service.importObject('inventory/stock.csv');
    expect(again).toEqual(first);
    expect((await w.service.get({ store: 'A', item: 'x' })).count).toBe(3);
    // A new version of the same key is a new import.
    const next = await importText('store,item,count\nA,x,8\n');
    expect(next.id).not.toBe(first.id);
    expect((await w.service.get({ store: 'A', item: 'x' })).count).toBe(8);
  });

  it('takes over an import whose worker died, but not one still running', async () => {
    await w.objects.put('inventory/s.csv', 'store,item,count\nA,x,1\n');
    const info = await w.objects.head('inventory/s.csv');
    const { importIdFor } = await import('../../domain/inventory/import-record');
    const id = importIdFor('inventory/s.csv', info?.etag ?? '');
    const now = w.clock.now().toISOString();
    await w.imports.create({
      id,
      source: 'inventory/s.csv',
      sourceVersion: info?.etag ?? '',
      status: 'running',
      rowsRead: 0,
      rowsImported: 0,
      rowsRejected: 0,
      rejected: [],
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
      version: 1,
    });
    w.clock.advance(60_000);
    // A redelivered trigger is told to come back later, not that the work is done.
    await expect(w.service.importObject('inventory/s.csv')).rejects.toBeInstanceOf(
      ImportInProgressError,
    );
    expect(await w.service.resume('inventory/s.csv')).toBeNull();
    expect(await w.stock.find({ store: 'A', item: 'x' })).toBeNull();
    w.clock.advance(2 * 60_000);
    expect(await w.service.importObject('inventory/s.csv')).toMatchObject({
      status: 'completed',
      rowsImported: 1,
      version: 3,
    });
  });

  it('resumes only what is unfinished: queued, abandoned, or never recorded', async () => {
    const queued = await w.service.upload('store,item,count\nQ,x,1\n');
    const done = await w.service.upload('store,item,count\nD,x,1\n');
    await w.service.importObject(done.source);
    const bad = await w.service.upload('sku\n1\n');
    await w.service.importObject(bad.source);
    await w.objects.put('inventory/uploads/unrecorded.csv', 'store,item,count\nU,x,1\n');
    expect(await w.service.resume(queued.source)).toMatchObject({ status: 'completed' });
    expect(await w.service.resume(done.source)).toBeNull();
    expect(await w.service.resume(bad.source)).toBeNull();
    expect(await w.service.resume('inventory/uploads/unrecorded.csv')).toMatchObject({
      status: 'completed',
      rowsImported: 1,
    });
    expect(await w.service.resume('inventory/uploads/gone.csv')).toBeNull();
    expect(await levels()).toEqual(['D|x|1', 'Q|x|1', 'U|x|1']);
  });

  it('answers a missing object with INVENTORY.SOURCE_NOT_FOUND', async () => {
    await expect(w.service.importObject('inventory/none.csv')).rejects.toMatchObject({
      code: 'INVENTORY.SOURCE_NOT_FOUND',
    });
  });

  it('reports progress batch by batch and saves it on the record', async () => {
    const world = inventoryWorld({ batchSize: 10, progressEveryMs: 0 });
    try {
      const rows = Array.from({ length: 35 }, (_, i) => `S,i${i},${i}`);
      await world.objects.put('inventory/p.csv', ['store,item,count', ...rows].join('\n'));
      const seen: ImportProgress[] = [];
      const record = await world.service.importObject('inventory/p.csv', (p) =>
        seen.push(structuredClone(p)),
      );
      expect(seen.map((p) => p.rowsImported)).toEqual([10, 20, 30, 35]);
      expect(seen.every((p) => p.id === record.id)).toBe(true);
      // started (1), three progress saves, the last batch's save, completed.
      expect(record).toMatchObject({ status: 'completed', rowsImported: 35, version: 6 });
    } finally {
      world.close();
    }
  });

  it('queues an upload, then imports it when its object-created trigger runs', async () => {
    const queued = await w.service.upload('store,item,count\nA,x,2\n');
    expect(queued).toMatchObject({ status: 'queued', startedAt: null, rowsRead: 0 });
    expect(queued.source).toMatch(/^inventory\/uploads\/.+\.csv$/);
    expect(await w.service.getImport(queued.id)).toEqual(queued);
    const done = await w.service.importObject(queued.source);
    expect(done).toMatchObject({ id: queued.id, status: 'completed', rowsImported: 1 });
    await expect(w.service.getImport('nope')).rejects.toMatchObject({
      code: 'INVENTORY.IMPORT_NOT_FOUND',
    });
  });
});

describe('out-of-stock alerts', () => {
  let w: World;
  beforeEach(() => {
    w = inventoryWorld();
  });
  afterEach(() => w.close());

  it('sends "Inventory Alert!" once per transition to 0, by import, set or adjust', async () => {
    await w.objects.put('inventory/a.csv', 'store,item,count\nOslo,milk,3\nBergen,eggs,0\n');
    await w.service.importObject('inventory/a.csv');
    await w.service.adjust({ store: 'Oslo', item: 'milk' }, -3);
    await w.service.set({ store: 'Oslo', item: 'milk' }, 0);
    await w.objects.put('inventory/b.csv', 'store,item,count\nOslo,milk,0\nBergen,eggs,0\n');
    await w.service.importObject('inventory/b.csv');
    await w.service.set({ store: 'Bergen', item: 'eggs' }, 4);
    await w.service.set({ store: 'Bergen', item: 'eggs' }, 0);
    const events = await w.deliver();
    await w.bus.publish(events); // a redelivery sends nothing more
    expect(w.notifier.sent).toEqual([
      {
        subject: 'Inventory Alert!',
        message: 'Bergen is out of stock of eggs',
        attributes: { type: 'inventory.out_of_stock', store: 'Bergen', item: 'eggs' },
      },
      {
        subject: 'Inventory Alert!',
        message: 'Oslo is out of stock of milk',
        attributes: { type: 'inventory.out_of_stock', store: 'Oslo', item: 'milk' },
      },
      {
        subject: 'Inventory Alert!',
        message: 'Bergen is out of stock of eggs',
        attributes: { type: 'inventory.out_of_stock', store: 'Bergen', item: 'eggs' },
      },
    ]);
  });

  it('refuses an adjustment below 0 with INVENTORY.INSUFFICIENT_STOCK and changes nothing', async () => {
    await w.service.set({ store: 'S', item: 'i' }, 2);
    await expect(w.service.adjust({ store: 'S', item: 'i' }, -3)).rejects.toMatchObject({
      code: 'INVENTORY.INSUFFICIENT_STOCK',
      details: { store: 'S', item: 'i', available: 2, delta: -3 },
    });
    expect(await w.service.get({ store: 'S', item: 'i' })).toMatchObject({ count: 2, version: 1 });
    await expect(w.service.set({ store: 'S', item: 'i' }, 5, 9)).rejects.toMatchObject({
      code: 'INVENTORY.VERSION_MISMATCH',
    });
    await expect(w.service.get({ store: 'S', item: 'nope' })).rejects.toMatchObject({
      code: 'INVENTORY.NOT_FOUND',
    });
  });
});
