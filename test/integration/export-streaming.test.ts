import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { MemoryJobQueue } from '../../adapters/memory/job-queue.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { MemoryRecordStore } from '../../adapters/memory/record-store.memory';
import { handleDataExport } from '../../domain/messaging/data-export';
import type { MessagingPorts } from '../../domain/messaging/messaging-ports';
import { COLLECTIONS, type ExportRecord } from '../../domain/messaging/records';
import type { Order } from '../../domain/orders/order';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { capturingLogger } from '../support/capturing-logger';
import { tempDir } from '../support/temp-dir';

const ORDERS = 100_000;
const MiB = 1024 * 1024;

/** Orders made a page at a time as they are asked for: the test itself never holds them all. */
const listOrders = async (page: PageRequest): Promise<Page<Order>> => {
  const start = page.cursor ? Number(page.cursor) : 0;
  const end = Math.min(ORDERS, start + page.limit);
  const items: Order[] = [];
  for (let i = start; i < end; i += 1) {
    items.push({
      id: `order-${String(i).padStart(8, '0')}`,
      userId: 'user-1',
      items: [{ sku: `sku-${i % 100}`, quantity: 1 + (i % 3), unitPrice: 1999 }],
      currency: 'EUR',
      total: 1999 * (1 + (i % 3)),
      status: 'confirmed',
      createdAt: '2026-11-30T08:00:00.000Z',
      updatedAt: '2026-11-30T08:00:00.000Z',
      version: 2,
    });
  }
  return { items, nextCursor: end < ORDERS ? String(end) : null };
};

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir('export-');
});
afterAll(() => dir.remove());

it('streams a 100,000-order export to the object store in bounded memory', async () => {
  // What is live, not what the collector has yet to sweep: collect before each sample.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + arrayBuffers;
  };
  const objects = new FsObjectStore({
    root: join(dir.path, 'objects'),
    publicBaseUrl: 'http://127.0.0.1:3000',
    signingSecret: 'test-secret',
  });
  const docs = new MemoryRecordStore();
  const clock = new SystemClock();
  const ids = new UuidV7IdGenerator();
  const notifier = new MemoryNotifier();
  let pages = 0;
  let peak = 0;
  const ports: MessagingPorts = {
    jobs: new MemoryJobQueue({ clock, ids }),
    docs,
    processed: new MemoryProcessedEventStore(),
    users: { get: async () => ({ email: 'ada@example.com' }) as never },
    orders: {
      get: async () => null as never,
      changeStatus: async () => null as never,
      confirm: async () => null as never,
      list: async (_filter, page) => {
        pages += 1;
        if (pages % 50 === 0) peak = Math.max(peak, used());
        return listOrders(page);
      },
    },
    inventory: { adjust: async () => null as never },
    objects,
    notifier,
    clock,
    ids,
    logger: capturingLogger('silent').logger,
  };
  const record: ExportRecord = {
    id: 'export-1',
    userId: 'user-1',
    status: 'pending',
    rows: 0,
    bytes: 0,
    key: 'exports/export-1.csv',
    url: null,
    urlExpiresAt: null,
    createdAt: clock.now().toISOString(),
    completedAt: null,
  };
  await docs.put(COLLECTIONS.export, record.id, record, null);
  const baseline = used();
  peak = baseline;
  await handleDataExport(ports)({ type: 'data_export', exportId: record.id });

  const done = (await docs.get<ExportRecord>(COLLECTIONS.export, record.id))!.value;
  expect(done).toMatchObject({ status: 'completed', rows: ORDERS });
  expect(done.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/.*exports/);
  const info = await objects.head(record.key);
  expect(info?.size).toBe(done.bytes);
  expect(notifier.sent).toEqual([
    expect.objectContaining({ attributes: expect.objectContaining({ to: 'ada@example.com' }) }),
  ]);
  // Read back as a stream too: the header and one line per order, in order.
  const stored = await objects.get(record.key);
  let lines = 0;
  let last = '';
  for await (const line of createInterface({ input: stored!.body as never, crlfDelay: Infinity })) {
    lines += 1;
    last = line;
  }
  expect(lines).toBe(ORDERS + 1);
  expect(
    last.startsWith(`order-${String(ORDERS - 1).padStart(8, '0')},user-1,confirmed,EUR,`),
  ).toBe(true);

  const growth = (peak - baseline) / MiB;
  console.log(
    `100k orders (${(done.bytes / MiB).toFixed(1)} MiB of CSV): heap + buffers grew ${growth.toFixed(1)} MiB at most`,
  );
  // Holding the CSV (as a string, twice its bytes) or the orders would blow through this;
  // streaming keeps one page of orders and the writer's buffer.
  expect(growth).toBeLessThan(done.bytes / MiB / 2);
}, 120_000);
