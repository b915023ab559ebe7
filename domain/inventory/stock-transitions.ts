import type { InventoryRepository, StockEvents } from '../../ports/inventory-repository.port';
import {
  CountTooLargeError,
  InsufficientStockError,
  MAX_COUNT,
  StockNotFoundError,
  StockVersionMismatchError,
} from './inventory-errors';
import type { StockKey, StockLevel, StockRow } from './stock-level';

/*
 * What a write does to a stock level, decided here once: every store reads the level, asks
 * one of these for the next one, and writes it (or nothing) with the events it means.
 */

/** The level holding `count` after `before` (absent: a new level at version 1), written at `at`. */
export const nextLevel = (
  key: StockKey,
  before: Pick<StockLevel, 'version'> | null,
  count: number,
  at: string,
): StockLevel => ({
  store: key.store,
  item: key.item,
  count,
  updatedAt: at,
  version: (before?.version ?? 0) + 1,
});

/** The refusal an adjustment of `available` by `delta` meets, if any: below 0 or past the maximum. */
export const adjustmentRefusal = (
  key: StockKey,
  available: number,
  delta: number,
): InsufficientStockError | CountTooLargeError | null => {
  if (available + delta < 0) return new InsufficientStockError(key, available, delta);
  if (available + delta > MAX_COUNT) return new CountTooLargeError(key, available, delta);
  return null;
};

/**
 * Setting a count. With `expectedVersion`, the stored level must be that version
 * (StockNotFoundError, StockVersionMismatchError). A level already holding the count is
 * returned as it is, the same object: nothing to write, the version and updatedAt stay, as a
 * user update that changes nothing.
 */
export const levelAfterSet = (
  row: StockRow,
  before: StockLevel | null,
  at: string,
  expectedVersion?: number,
): StockLevel => {
  if (expectedVersion !== undefined) {
    if (!before) throw new StockNotFoundError(row);
    if (before.version !== expectedVersion) {
      throw new StockVersionMismatchError(row, expectedVersion, before.version);
    }
  }
  return levelAfterImport(row, before, at) ?? (before as StockLevel);
};

/**
 * An import row's next level, or null when the stored level already holds its count: an
 * import writes nothing for it (so repeating one after a failure writes nothing twice).
 */
export const levelAfterImport = (
  row: StockRow,
  before: Pick<StockLevel, 'count' | 'version'> | null,
  at: string,
): StockLevel | null =>
  before?.count === row.count ? null : nextLevel(row, before, row.count, at);

/** Adding `delta` (negative: taking): never below 0 nor past MAX_COUNT; the level must exist. */
export const levelAfterAdjustment = (
  key: StockKey,
  before: StockLevel | null,
  delta: number,
  at: string,
): StockLevel => {
  if (!before) throw new StockNotFoundError(key);
  const refusal = adjustmentRefusal(key, before.count, delta);
  if (refusal) throw refusal;
  return nextLevel(key, before, before.count + delta, at);
};

/**
 * A keyed adjustment: one the level already recorded (`applied`) is not made again, the stored
 * level is the answer; otherwise it is an ordinary adjustment.
 */
export const levelAfterKeyedAdjustment = (
  key: StockKey,
  before: StockLevel | null,
  delta: number,
  at: string,
  applied: boolean,
): StockLevel => (applied && before ? before : levelAfterAdjustment(key, before, delta, at));

/**
 * One atomic read-decide-write of a level, as a store does it (synchronously in memory, in a
 * SQLite transaction, on an ETag in Table Storage): `decide` gets the stored level and returns
 * the next one, or that very level to write nothing. With `once`, the store also reads whether
 * the level has recorded that key (`applied`), and records it with the change it writes.
 */
export type WriteLevel = (
  key: StockKey,
  decide: (before: StockLevel | null, applied: boolean) => StockLevel,
  events: StockEvents,
  once?: string,
) => Promise<StockLevel>;

/**
 * The repository's writes on such a store: which level comes next is decided here, the store
 * only supplies `write`.
 */
export const decidedWrites = (write: WriteLevel): Pick<InventoryRepository, 'set' | 'adjust'> => ({
  set: (row, at, events, expectedVersion) =>
    write(row, (before) => levelAfterSet(row, before, at, expectedVersion), events),
  adjust: (key, delta, at, events, once) =>
    write(
      key,
      (before, applied) => levelAfterKeyedAdjustment(key, before, delta, at, applied),
      events,
      once,
    ),
});
