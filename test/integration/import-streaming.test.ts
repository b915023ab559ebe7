import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inventoryWorld } from '../support/inventory-world';

const ROWS = 1_000_000;
const ROW_BYTES = 40; // "store-07,item-000123-abcdefghijklmnop,42\n" and the like
const MiB = 1024 * 1024;

/** A million rows made as they are read: the test itself never holds the file either. */
async function* csvRows(rows: number) {
  yield Buffer.from('store,item,count\n');
  const perChunk = 5000;
  for (let start = 0; start < rows; start += perChunk) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + perChunk); i += 1) {
      const item = `item-${String(i % 2000).padStart(6, '0')}-abcdefghijklmnop`;
      chunk += `store-${String(i % 10).padStart(2, '0')},${item},${i % 97}\n`;
    }
    yield Buffer.from(chunk);
  }
}

let world: ReturnType<typeof inventoryWorld>;
beforeAll(() => {
  world = inventoryWorld({ batchSize: 500 });
});
afterAll(() => world.close());

it('streams a 1,000,000-row file in bounded memory', async () => {
  const info = await world.objects.put('inventory/million.csv', csvRows(ROWS));
  expect(info.size).toBeGreaterThan(ROWS * (ROW_BYTES - 2));
  // What is live, not what the collector has yet to sweep: collect before each sample.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const baseline = used();
  let peak = baseline;
  let calls = 0;
  const record = await world.service.importObject('inventory/million.csv', () => {
    calls += 1;
    if (calls % 100 === 0) peak = Math.max(peak, used());
  });
  expect(record).toMatchObject({
    status: 'completed',
    rowsRead: ROWS,
    rowsImported: ROWS,
    rowsRejected: 0,
  });
  expect(calls).toBe(ROWS / 500);
  // 2000 items x 10 stores stored; each kept its last row of the file.
  expect(
    (await world.service.get({ store: 'store-09', item: 'item-001999-abcdefghijklmnop' })).count,
  ).toBe(999_999 % 97);
  const growth = (peak - baseline) / MiB;
  console.log(
    `1M rows (${Math.round(info.size / MiB)} MiB): heap + buffers grew ${growth.toFixed(1)} MiB at most`,
  );
  // Holding the file (38 MiB as bytes, twice that as a string) or its parsed rows (hundreds of
  // MiB) would blow through this; streaming keeps two batches and the parser's window.
  expect(growth).toBeLessThan(info.size / MiB / 2);
}, 120_000);
