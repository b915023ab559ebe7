import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { MAX_COUNT, StockNotFoundError } from '../../../domain/inventory/inventory-errors';
import type { StockKey, StockLevel, StockRow } from '../../../domain/inventory/stock-level';
import {
  levelAfterAdjustment,
  levelAfterImport,
  levelAfterSet,
} from '../../../domain/inventory/stock-transitions';
import { InvalidCursorError } from '../../../domain/shared/domain-error';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import { readStored } from '../../../domain/shared/stored-record';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../../ports/inventory-repository.port';
import {
  BATCH_GET_LIMIT,
  BATCH_WRITE_LIMIT,
  type BatchRetryOptions,
  batchGet,
  batchPut,
  chunksOf,
  forEachConcurrently,
} from './batch-items';
import { isConditionFailure } from './condition-failure';
import {
  adjustmentKey,
  itemToStockLevel,
  STOCK_ITEM_PREFIX,
  STOCK_SORT_PREFIX,
  stockKey,
  stockLevelKeys,
  stockLevelToItem,
  stockListKey,
  stockListPartitions,
  stockPartition,
} from './inventory-items';
import type { Item } from './item-kind';
import { keysetMerge, type PartitionSource } from './keyset-query';
import { orderedKey } from './ordered-key';
import { fitsInKey, GSI1 } from './table-design';
import {
  NativeTransactionWriter,
  type TransactionWriter,
  WriteCancelledError,
} from './transaction-writer';

export interface DynamoDbInventoryRepositoryOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** For keyed adjustments (the level's change and its marker together); native by default. */
  writer?: TransactionWriter;
  /**
   * setMany: groups of 100 rows (one BatchGetItem, then up to four BatchWriteItem calls at once)
   * in flight at once. 8 groups are up to 32 writes in flight, within the SDK's 50 sockets.
   */
  concurrency?: number;
  /** Retries of what a batch call leaves unprocessed (see batch-items.ts). */
  batch?: BatchRetryOptions;
}

/** The cursor names the last level returned, as the memory adapter's does. */
const cursorSchema = z.strictObject({ store: z.string(), item: z.string() });

const NAMES = {
  '#store': 'store',
  '#item': 'item',
  '#count': 'count',
  '#updatedAt': 'updatedAt',
  '#version': 'version',
  '#gsi1pk': 'gsi1pk',
  '#gsi1sk': 'gsi1sk',
};

/**
 * The expressions of adding `delta` at `at`, never below 0 nor past MAX_COUNT: for a positive
 * delta -delta is negative, so the first bound passes every count; for a negative one the
 * second does.
 */
const boundedAdjustment = (delta: number, at: string) => ({
  update: 'SET #count = #count + :delta, #version = #version + :one, #updatedAt = :at',
  condition: 'attribute_exists(pk) AND #count BETWEEN :minus AND :room',
  names: { '#count': 'count', '#version': 'version', '#updatedAt': 'updatedAt' },
  values: {
    ':delta': delta,
    ':minus': Math.max(0, -delta),
    ':room': Math.min(MAX_COUNT, MAX_COUNT - delta),
    ':one': 1,
    ':at': at,
  },
});

/** A set or an adjustment that lost to writes between its failure and the read that explains it. */
const WRITE_ATTEMPTS = 5;

/** What an import's BatchGetItem projection (count, version) reads of a stored level. */
const storedCountSchema = z.object({ count: z.int(), version: z.int() });
const storedCountOf = (item: Item) => readStored(storedCountSchema, item, 'stock level');

/**
 * Stock levels in the single table (see table-design.ts): one partition per store, the sharded
 * gsi1 list for all of them. Each write is one item, so each is one atomic UpdateItem whose
 * expressions do the arithmetic on the server: no read-modify-write, so concurrent writers never
 * lose an update.
 *
 * As for users and orders, `events` is not called: on AWS the table's stream is the outbox, and
 * the stream handler derives the same events from the old and new images with stockEventsFor.
 *
 * `adjust` is the one write that is not idempotent by itself, and DynamoDB has no request token
 * outside transactions: if the SDK repeats one whose reply was lost after it committed, the delta
 * would apply twice. So each call stamps the item with its own id (`lastWrite`) on the condition
 * that the id is not already there; a repeat then fails that condition and finds its own id, so
 * it answers with the stored level instead of applying again. This holds while no other write
 * lands between the lost reply and the SDK's retry (milliseconds): a `set` leaves the stamp, an
 * import's put removes it.
 */
export class DynamoDbInventoryRepository implements InventoryRepository {
  private readonly concurrency: number;
  private readonly writer: TransactionWriter;

  constructor(private readonly options: DynamoDbInventoryRepositoryOptions) {
    this.concurrency = options.concurrency ?? 8;
    this.writer = options.writer ?? new NativeTransactionWriter(options.doc);
  }

  async find(key: StockKey): Promise<StockLevel | null> {
    const item = await this.storedItem(key);
    return item ? itemToStockLevel(item) : null;
  }

  /** The item as stored (with its `lastWrite`), from a consistent read. */
  private async storedItem(key: StockKey): Promise<Item | undefined> {
    const itemKey = stockKey(key);
    if (!fitsInKey(itemKey.pk) || !fitsInKey(itemKey.sk)) return undefined;
    const { Item } = await this.options.doc.send(
      new GetCommand({ TableName: this.options.tableName, Key: itemKey, ConsistentRead: true }),
    );
    return Item;
  }

  async list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>> {
    const cursor = page.cursor ? decodeCursor(page.cursor, cursorSchema) : undefined;
    if (cursor && !fitsInKey(stockListKey(cursor))) throw new InvalidCursorError();
    const { store } = filter;
    let read: { items: StockLevel[]; more: boolean };
    if (store === undefined) {
      // Every shard of the list of all levels, from the cursor on, merged by store then item.
      const sources: PartitionSource[] = stockListPartitions().map((partition) => ({
        index: GSI1,
        partition,
        prefix: STOCK_SORT_PREFIX,
      }));
      const after = cursor ? stockListKey(cursor) : '';
      read = await this.merge(sources, after, page.limit, stockListKey);
    } else {
      // One store's partition of the table, in item order. A cursor of another store (from the
      // list of all) resumes where that store falls: before it is all of it, after it nothing.
      if (!fitsInKey(stockPartition(store)) || (cursor && cursor.store > store)) {
        return { items: [], nextCursor: null };
      }
      const source = { partition: stockPartition(store), prefix: STOCK_ITEM_PREFIX };
      const after = cursor && cursor.store === store ? orderedKey(cursor.item) : '';
      read = await this.merge([source], after, page.limit, (level) => orderedKey(level.item));
    }
    const last = read.items.at(-1);
    return {
      items: read.items,
      nextCursor: read.more && last ? encodeCursor({ store: last.store, item: last.item }) : null,
    };
  }

  async set(
    row: StockRow,
    at: string,
    _events: StockEvents,
    expectedVersion?: number,
  ): Promise<StockLevel> {
    const { pk, sk, ...indexKeys } = stockLevelKeys(row);
    const guarded = expectedVersion !== undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { Attributes } = await this.options.doc.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: { pk, sk },
            UpdateExpression:
              'SET #store = :store, #item = :item, #count = :count, #updatedAt = :at, ' +
              '#gsi1pk = :gsi1pk, #gsi1sk = :gsi1sk, #version = if_not_exists(#version, :zero) + :one',
            // A count already stored is no write at all (the version and updatedAt stay).
            ConditionExpression: guarded
              ? 'attribute_exists(pk) AND #version = :expected AND #count <> :count'
              : 'attribute_not_exists(pk) OR #count <> :count',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: {
              ':store': row.store,
              ':item': row.item,
              ':count': row.count,
              ':at': at,
              ':gsi1pk': indexKeys.gsi1pk,
              ':gsi1sk': indexKeys.gsi1sk,
              ':zero': 0,
              ':one': 1,
              ...(guarded ? { ':expected': expectedVersion } : {}),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToStockLevel(Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Why, from a consistent read: ReturnValuesOnConditionCheckFailure would spare it on AWS,
        // but dynalite ignores that option, and one path is one path to test.
        const found = await this.find(row);
        // This very write, committed by an earlier attempt whose response was lost (SDK retry).
        if (
          guarded &&
          found?.version === expectedVersion + 1 &&
          found.count === row.count &&
          found.updatedAt === at
        ) {
          return found;
        }
        const decided = levelAfterSet(row, found, at, expectedVersion); // or the conflict
        if (decided === found) return found; // it holds the count: nothing to write
        // The count was the one asked when checked, and a write moved it since: decide again.
        if (attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async adjust(
    key: StockKey,
    delta: number,
    at: string,
    _events: StockEvents,
    once?: string,
  ): Promise<StockLevel> {
    if (once !== undefined) return this.adjustOnce(key, delta, at, once);
    // One id for every attempt of this call, the SDK's own retries included (see the class note).
    const write = randomUUID();
    const bounded = boundedAdjustment(delta, at);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { Attributes } = await this.options.doc.send(
          new UpdateCommand({
            TableName: this.options.tableName,
            Key: stockKey(key),
            UpdateExpression: `${bounded.update}, #lastWrite = :write`,
            // Within bounds, and never twice.
            ConditionExpression: `${bounded.condition} AND (attribute_not_exists(#lastWrite) OR #lastWrite <> :write)`,
            ExpressionAttributeNames: { ...bounded.names, '#lastWrite': 'lastWrite' },
            ExpressionAttributeValues: { ...bounded.values, ':write': write },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return itemToStockLevel(Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const stored = await this.storedItem(key);
        if (!stored) throw new StockNotFoundError(key);
        const found = itemToStockLevel(stored);
        // Applied by an earlier attempt whose reply was lost: this is its result.
        if (stored.lastWrite === write) return found;
        levelAfterAdjustment(key, found, delta, at); // throws the refusal the stored count meets
        // Within bounds now: a write in between moved it. The refusal would be stale; try again.
        if (attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A keyed adjustment: one TransactWriteItems that creates the key's marker item (if absent)
   * and changes the count (within bounds), so the marker exists if and only if the change was
   * made. A marker already there means this key was applied: the stored level is the answer.
   * The level returned is a consistent read just after the write (a transaction returns no
   * values), so it may include a write that landed in between.
   */
  private async adjustOnce(
    key: StockKey,
    delta: number,
    at: string,
    once: string,
  ): Promise<StockLevel> {
    const { tableName } = this.options;
    const marker = adjustmentKey(key, once);
    if (!fitsInKey(marker.pk)) throw new RangeError('The adjustment key is too long.');
    const bounded = boundedAdjustment(delta, at);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.writer.write([
          {
            Put: {
              TableName: tableName,
              Item: { ...marker, store: key.store, item: key.item, once, delta, at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: stockKey(key),
              UpdateExpression: bounded.update,
              ConditionExpression: bounded.condition,
              ExpressionAttributeNames: bounded.names,
              ExpressionAttributeValues: bounded.values,
            },
          },
        ]);
        const after = await this.find(key);
        if (!after) throw new StockNotFoundError(key);
        return after;
      } catch (error) {
        if (!(error instanceof WriteCancelledError)) throw error;
        const found = await this.find(key);
        if (!found) throw new StockNotFoundError(key);
        if (error.conditionFailed(0)) return found; // applied before: nothing to do again
        levelAfterAdjustment(key, found, delta, at); // throws the refusal the stored count meets
        // Within bounds now (or a conflicting transaction): decide again.
        if (attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * An import: BatchGetItem the stored counts and versions of 100 rows, then BatchWriteItem (25
   * puts a call) the rows whose count differs, each as the whole level with version old + 1;
   * several groups in flight at once. The calls retry what DynamoDB leaves unprocessed and give up
   * with UnprocessedItemsError; every put sets a row to what it says, so repeating the whole call
   * after a failure is safe (rows already written are then skipped as unchanged).
   *
   * Not isolated, unlike set and adjust: BatchWriteItem takes no conditions, so a write to a row
   * between its BatchGet and its BatchWrite (an adjust, a set) is overwritten: the import's count
   * wins, as its set semantics say (last writer wins), but that write's version bump is lost
   * and the import writes the same version again (two states may then share a version, and a
   * client's If-Match on it can pass against a count it did not see). Events stay right: the
   * stream handler compares the old and new images of each write, whatever their versions.
   * Conditional per-row writes would close this, at a round trip per row.
   */
  async setMany(rows: readonly StockRow[], at: string, _events: StockEvents): Promise<void> {
    const { doc, tableName } = this.options;
    await forEachConcurrently(chunksOf(rows, BATCH_GET_LIMIT), this.concurrency, async (group) => {
      const stored = new Map<string, Item>();
      const keys = group.map((row) => stockKey(row));
      const found = await batchGet(
        doc,
        tableName,
        keys,
        {
          expression: 'pk, sk, #count, #version',
          names: { '#count': 'count', '#version': 'version' },
        },
        this.options.batch,
      );
      for (const item of found) stored.set(`${item.pk}\u0001${item.sk}`, item);
      const puts: Item[] = [];
      for (const [index, row] of group.entries()) {
        const key = keys[index];
        const old = key && stored.get(`${key.pk}\u0001${key.sk}`);
        const after = levelAfterImport(row, old ? storedCountOf(old) : null, at);
        if (after) puts.push(stockLevelToItem(after));
      }
      // Settled, not Promise.all: the call must not return while a put of it is in flight.
      const writes = await Promise.allSettled(
        chunksOf(puts, BATCH_WRITE_LIMIT).map((chunk) =>
          batchPut(doc, tableName, chunk, this.options.batch),
        ),
      );
      const failed = writes.find((write) => write.status === 'rejected');
      if (failed) throw failed.reason;
    });
  }

  private merge(
    sources: readonly PartitionSource[],
    after: string,
    limit: number,
    sortKeyOf: (level: StockLevel) => string,
  ) {
    return keysetMerge(
      this.options.doc,
      this.options.tableName,
      sources,
      after,
      limit,
      itemToStockLevel,
      sortKeyOf,
    );
  }
}
