import type { StockKey, StockLevel, StockRow } from '../domain/inventory/stock-level';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Page, PageRequest } from '../domain/shared/pagination';

/**
 * The events a write means, given the level before (null when absent) and after it. Called by
 * the adapter inside its transaction, so the events commit with the change; adapters whose
 * platform derives events from a change feed (DynamoDB Streams) need not call it.
 */
export type StockEvents = (before: StockLevel | null, after: StockLevel) => DomainEvent[];

export interface InventoryFilter {
  store?: string | undefined;
}

/**
 * Stock levels by (store, item). Every write bumps `version` by one, sets `updatedAt` to `at`
 * and commits with its events. Concurrent writers never lose an update.
 */
export interface InventoryRepository {
  find(key: StockKey): Promise<StockLevel | null>;
  /** Ordered by store, then item (code-unit order); filtered to one store when asked. */
  list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>>;
  /**
   * Sets the count, creating the level if absent. With `expectedVersion`, only if the stored
   * version is that (StockVersionMismatchError otherwise, StockNotFoundError when absent).
   */
  set(
    row: StockRow,
    at: string,
    events: StockEvents,
    expectedVersion?: number,
  ): Promise<StockLevel>;
  /**
   * Adds `delta` atomically: never lost to a concurrent write, never below 0
   * (InsufficientStockError) nor past MAX_COUNT (CountTooLargeError), nothing written then.
   * StockNotFoundError when absent.
   *
   * With `once`, an idempotency key: the level records it in the same atomic write as the
   * change, and an adjustment whose key the level already recorded changes nothing and answers
   * the stored level (so a job redelivered after a crash takes its stock once).
   */
  adjust(
    key: StockKey,
    delta: number,
    at: string,
    events: StockEvents,
    once?: string,
  ): Promise<StockLevel>;
  /**
   * Sets many counts in as few round trips as the store allows (one transaction, 25-item
   * batches, partition batches). Rows have distinct keys. A row whose count is already stored
   * may be skipped. Each row is atomic on its own; the call as a whole need not be, and is
   * safe to repeat after a failure.
   */
  setMany(rows: readonly StockRow[], at: string, events: StockEvents): Promise<void>;
}
