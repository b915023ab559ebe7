import { DomainError } from '../shared/domain-error';
import type { StockKey } from './stock-level';

/** The inventory domain's error codes, with the sentence that documents each. */
export const inventoryErrorCodes = {
  'INVENTORY.NOT_FOUND': 'No stock level is recorded for this store and item.',
  'INVENTORY.INSUFFICIENT_STOCK': 'The adjustment would take the stock below 0.',
  'INVENTORY.COUNT_TOO_LARGE':
    'The adjustment would take the count past 9007199254740991, the largest stored exactly.',
  'INVENTORY.VERSION_MISMATCH':
    'The stock level changed since the version given (If-Match or version).',
  'INVENTORY.IMPORT_NOT_FOUND': 'No import has this id.',
  'INVENTORY.SOURCE_NOT_FOUND': 'The object to import does not exist (any more).',
} as const;

export type InventoryErrorCode = keyof typeof inventoryErrorCodes;

const where = ({ store, item }: StockKey) => `${item} in ${store}`;

export class StockNotFoundError extends DomainError<InventoryErrorCode> {
  constructor(key: StockKey) {
    super('INVENTORY.NOT_FOUND', `No stock is recorded for ${where(key)}.`, {
      store: key.store,
      item: key.item,
    });
  }
}

export class InsufficientStockError extends DomainError<InventoryErrorCode> {
  constructor(key: StockKey, available: number, delta: number) {
    super(
      'INVENTORY.INSUFFICIENT_STOCK',
      `Cannot take ${-delta} of ${where(key)}: ${available} in stock.`,
      { store: key.store, item: key.item, available, delta },
    );
  }
}

/** Counts stay exact integers in every store (JSON, SQLite, DynamoDB numbers, Table Int64). */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

export class CountTooLargeError extends DomainError<InventoryErrorCode> {
  constructor(key: StockKey, available: number, delta: number) {
    super(
      'INVENTORY.COUNT_TOO_LARGE',
      `Cannot add ${delta} to ${where(key)}: ${available} in stock, and ${MAX_COUNT} is the most a count can hold.`,
      { store: key.store, item: key.item, available, delta },
    );
  }
}

export class StockVersionMismatchError extends DomainError<InventoryErrorCode> {
  constructor(key: StockKey, expected: number, actual?: number) {
    super(
      'INVENTORY.VERSION_MISMATCH',
      `The stock of ${where(key)} has changed since version ${expected}; read it again and retry.`,
      actual === undefined
        ? { store: key.store, item: key.item, expected }
        : { store: key.store, item: key.item, expected, actual },
    );
  }
}

export class ImportNotFoundError extends DomainError<InventoryErrorCode> {
  constructor(id: string) {
    super('INVENTORY.IMPORT_NOT_FOUND', `Import ${id} does not exist.`, { id });
  }
}

export class ImportSourceNotFoundError extends DomainError<InventoryErrorCode> {
  constructor(key: string) {
    super('INVENTORY.SOURCE_NOT_FOUND', `There is no object ${key} to import.`, { key });
  }
}

/**
 * Another worker is running this import and its lease is live. Not a DomainError: it is not
 * the caller's mistake, and a trigger rethrows it so its platform redelivers the event later,
 * when the import has finished (nothing to do) or its worker is known dead (taken over).
 */
export class ImportInProgressError extends Error {
  override readonly name = 'ImportInProgressError';

  constructor(readonly importId: string) {
    super(`Import ${importId} is running elsewhere; retry after its lease ends.`);
  }
}
