import { randomUUID } from 'node:crypto';
import { odata, type TableEntity, type TransactionAction } from '@azure/data-tables';
import {
  type StockKey,
  type StockLevel,
  type StockRow,
  stockLevelSchema,
} from '../../../domain/inventory/stock-level';
import { decidedWrites, levelAfterSet } from '../../../domain/inventory/stock-transitions';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStored } from '../../../domain/shared/stored-record';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../../ports/inventory-repository.port';
import {
  adjustmentRow,
  STOCK_PREFIX,
  STOCK_ROW_PREFIX,
  stockPartition,
  stockRow,
} from './inventory-keys';
import {
  backoff,
  contended,
  isConflict,
  MAX_ROUNDS,
  type Row,
  readDecideWrite,
  writeOf,
} from './optimistic-write';
import { prefixEnd } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';

/** Entity-group transaction limit: a level and its outbox entities share one. */
const MAX_BATCH = 100;
/** Rows of one partition read by one range query. */
const CHUNK = 100;
/** Reads and batches in flight at once, over all partitions of a setMany. */
const CONCURRENCY = 16;

/** A level as its entity (exported for the import bench's per-row loop). */
export const stockLevelToEntity = (level: StockLevel, writeId: string): TableEntity => ({
  partitionKey: stockPartition(level.store),
  rowKey: stockRow(level.item),
  kind: 'stock',
  store: level.store,
  item: level.item,
  // Counts go up to 2^53 - 1: Int32 would overflow and Double is not an integer type.
  count: { value: String(level.count), type: 'Int64' },
  updatedAt: level.updatedAt,
  version: level.version,
  writeId,
});

/** `key` when known, so a level read with a projection needs no names from the row. */
const toLevel = (row: Row, key?: StockKey): StockLevel =>
  readStored(
    stockLevelSchema,
    {
      store: key ? key.store : row.store,
      item: key ? key.item : row.item,
      // Int64 properties come back as BigInt
      count: typeof row.count === 'bigint' ? Number(row.count) : row.count,
      updatedAt: row.updatedAt,
      version: row.version,
    },
    'stock level',
  );

interface KeyedRow extends StockRow {
  rowKey: string;
}

/** Runs at most `slots` of the tasks given to it at once. */
const limiter = (slots: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < slots) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // handed a slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
};
type Limit = ReturnType<typeof limiter>;

const byRowKey = (a: KeyedRow, b: KeyedRow) => (a.rowKey < b.rowKey ? -1 : 1);

/**
 * Stock levels on Table Storage: one partition per store (`stock|<store>`), one entity per
 * item, and the outbox entities of those changes in the same partition, so a change and its
 * events are one entity-group transaction, and an import writes up to 100 of them per round
 * trip. Store and item names go through the order-preserving key encoding (table-keys.ts),
 * so Table Storage's own PartitionKey-then-RowKey order is the store-then-item order the port
 * asks for, and listing is a range query paged by the service's continuation token.
 *
 * Table Storage has no atomic increment or compare on a property: every write reads the
 * entity and replaces it on that ETag, and a lost race re-reads and tries again (jittered
 * backoff). That is what keeps `adjust` from ever losing an update or going below 0.
 */
export class TableInventoryRepository implements InventoryRepository {
  constructor(private readonly store: TableStore) {}

  async find(key: StockKey): Promise<StockLevel | null> {
    const row = await this.store.read(stockPartition(key.store), stockRow(key.item));
    return row ? toLevel(row, key) : null;
  }

  async list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>> {
    const rows = odata`RowKey gt ${STOCK_ROW_PREFIX} and RowKey lt ${prefixEnd(STOCK_ROW_PREFIX)}`;
    const partitions =
      filter.store === undefined
        ? odata`PartitionKey gt ${STOCK_PREFIX} and PartitionKey lt ${prefixEnd(STOCK_PREFIX)}`
        : odata`PartitionKey eq ${stockPartition(filter.store)}`;
    const result = await queryPage(this.store.records, `${partitions} and ${rows}`, page);
    return { items: result.items.map((row) => toLevel(row)), nextCursor: result.nextCursor };
  }

  private readonly writes = decidedWrites((key, decide, events, once) => {
    const partitionKey = stockPartition(key.store);
    const marker = once === undefined ? undefined : adjustmentRow(key.item, once);
    return readDecideWrite(this.store, partitionKey, stockRow(key.item), {
      read: (row) => row && toLevel(row, key),
      decide,
      entity: stockLevelToEntity,
      events,
      ...(marker === undefined
        ? {}
        : {
            once: {
              rowKey: marker,
              entity: { partitionKey, rowKey: marker, kind: 'stock-adjustment' },
            },
          }),
    });
  });
  readonly set = this.writes.set;
  readonly adjust = this.writes.adjust;

  /**
   * Rows are grouped by store partition. Each partition is read in sorted chunks of 100 (a
   * range query each), then its changed rows and their events are packed into as few batches
   * of 100 operations as they fill. A batch that loses a race is read again and retried alone;
   * the others stand, which the port allows (each row is atomic, the call as a whole is safe
   * to repeat). Reads and batches of all partitions share CONCURRENCY slots.
   */
  async setMany(rows: readonly StockRow[], at: string, events: StockEvents): Promise<void> {
    const byPartition = new Map<string, KeyedRow[]>();
    for (const row of rows) {
      const partitionKey = stockPartition(row.store);
      const group = byPartition.get(partitionKey) ?? [];
      if (group.length === 0) byPartition.set(partitionKey, group);
      group.push({ ...row, rowKey: stockRow(row.item) });
    }
    const limit = limiter(CONCURRENCY);
    await Promise.all(
      [...byPartition].map(([partitionKey, group]) =>
        this.writePartition(partitionKey, group.sort(byRowKey), at, events, limit),
      ),
    );
  }

  private async writePartition(
    partitionKey: string,
    rows: KeyedRow[],
    at: string,
    events: StockEvents,
    limit: Limit,
  ): Promise<void> {
    let pending = rows;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw contended(`${pending.length} stock levels`);
      if (round > 0) await backoff(round);
      const chunks: KeyedRow[][] = [];
      for (let i = 0; i < pending.length; i += CHUNK) chunks.push(pending.slice(i, i + CHUNK));
      const read = await Promise.all(
        chunks.map((chunk) => limit(() => this.readMany(partitionKey, chunk))),
      );
      const current = new Map(read.flatMap((found) => [...found]));
      const writeId = randomUUID();
      const batches: { rows: KeyedRow[]; actions: TransactionAction[]; events: DomainEvent[] }[] =
        [];
      let batch: (typeof batches)[number] | undefined;
      for (const row of pending) {
        const found = current.get(row.rowKey) ?? null;
        const before = found && toLevel(found, row);
        const after = levelAfterSet(row, before, at);
        if (after === before) continue; // already stored: skipping is allowed
        const raised = events(before, after);
        if (!batch || batch.actions.length + batch.events.length + 1 + raised.length > MAX_BATCH) {
          batch = { rows: [], actions: [], events: [] };
          batches.push(batch);
        }
        batch.rows.push(row);
        batch.actions.push(writeOf(found, stockLevelToEntity(after, writeId)));
        batch.events.push(...raised);
      }
      const lost: KeyedRow[] = [];
      await Promise.all(
        batches.map((each) =>
          limit(async () => {
            try {
              await this.store.transact(partitionKey, each.actions, each.events);
            } catch (error) {
              if (!isConflict(error)) throw error;
              lost.push(...each.rows);
            }
          }),
        ),
      );
      pending = lost.sort(byRowKey);
    }
  }

  /**
   * The stored entities of `rows` (sorted, one partition): one range query between the first
   * and last key, cut at one page so a sparse range cannot make it read a whole store; keys
   * past what that page covered are read one by one.
   */
  private async readMany(
    partitionKey: string,
    rows: readonly KeyedRow[],
  ): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    const first = rows[0]!.rowKey;
    const last = rows.at(-1)!.rowKey;
    let coveredTo: string | undefined;
    if (rows.length > 1) {
      const wanted = new Set(rows.map((row) => row.rowKey));
      const result = await this.store.records
        .listEntities<Record<string, unknown>>({
          queryOptions: {
            filter: odata`PartitionKey eq ${partitionKey} and RowKey ge ${first} and RowKey le ${last}`,
            select: ['RowKey', 'count', 'updatedAt', 'version'],
          },
        })
        .byPage({ maxPageSize: 1000 })
        .next();
      const page = result.done ? [] : result.value;
      // `select` still returns the ETag: it is metadata, not a property.
      for (const row of page) {
        if (wanted.has(row.rowKey as string)) found.set(row.rowKey as string, row);
      }
      coveredTo = result.done || !result.value.continuationToken ? last : page.at(-1)?.rowKey;
    }
    const rest = rows.filter((row) => coveredTo === undefined || row.rowKey > coveredTo);
    await Promise.all(
      rest.map(async (row) => {
        const entity = await this.store.read(partitionKey, row.rowKey);
        if (entity) found.set(row.rowKey, entity);
      }),
    );
    return found;
  }
}
