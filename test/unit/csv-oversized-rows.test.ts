import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { withoutOversizedRecords } from '../../adapters/csv/oversized-records';
import { inventoryWorld } from '../support/inventory-world';

/** A body delivered in chunks of `size` bytes, so records straddle chunk boundaries. */
async function* chunked(text: string | Buffer, size: number) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const collect = async (body: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
};

describe('CSV rows over 64 KiB', () => {
  let w: ReturnType<typeof inventoryWorld>;
  beforeEach(() => {
    w = inventoryWorld({ batchSize: 3 });
  });
  afterEach(() => w.close());

  it.each([
    ['70 KB', 70_000],
    ['140 KB', 140_000],
    ['1 MiB', 1024 * 1024],
  ])(
    'a %s field is rejected on its own line and every row after it is imported',
    async (_label, size) => {
      for (const long of ['S'.repeat(size), `"${'S'.repeat(size / 2)}\n${'S'.repeat(size / 2)}"`]) {
        const key = `inventory/long-${size}-${long.length}.csv`;
        await w.objects.put(
          key,
          `store,item,count\n${long},milk,1\nOslo,milk,2\n"Oslo",eggs,3\nOslo,"two\nlines",4\nOslo,bread,5`,
          { contentType: 'text/csv' },
        );
        const record = await w.service.importObject(key);
        expect(record).toMatchObject({
          status: 'completed',
          rowsRead: 5,
          rowsImported: 4,
          rowsRejected: 1,
          rejected: [{ line: 2, reason: 'The row is longer than 64 KiB' }],
        });
      }
      const stock = await w.service.list({ store: 'Oslo' }, { limit: 10 });
      expect(stock.items.map((l) => `${l.item}=${l.count}`)).toEqual([
        'bread=5',
        'eggs=3',
        'milk=2',
        'two\nlines=4',
      ]);
    },
  );

  it('numbers the lines after a long quoted row that held line breaks, and a long last row', async () => {
    const reader = new CsvParseReader();
    const text = `store,item,count\n"${'x'.repeat(40_000)}\n\n${'x'.repeat(40_000)}",a,1\nOslo,b,2\nOslo,c,${'9'.repeat(70_000)}`;
    const records = [];
    for await (const r of reader.records(chunked(text, 4096))) {
      records.push('fields' in r ? [r.line, r.fields.join('|')] : [r.line, r.error]);
    }
    expect(records).toEqual([
      [1, 'store|item|count'],
      [2, 'The row is longer than 64 KiB'],
      [5, 'Oslo|b|2'],
      [6, 'The row is longer than 64 KiB'],
    ]);
  });

  it('passes any CSV without a long row through unchanged, however it is chunked', async () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'é', ' '), maxLength: 12 }),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    const csv = fc.array(
      fc.array(field, { minLength: 1, maxLength: 4 }).map((f) => f.join(',')),
      {
        maxLength: 12,
      },
    );
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 1, max: 17 }), async (rows, size) => {
        const text = rows.join('\n');
        expect(await collect(withoutOversizedRecords(chunked(text, size), 64 * 1024))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
