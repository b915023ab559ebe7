import * as z from 'zod/mini';
import {
  compareStockKeys,
  type StockKey,
  type StockLevel,
  type StockRow,
  stockKeyOf,
} from '../../domain/inventory/stock-level';
import { decidedWrites } from '../../domain/inventory/stock-transitions';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../domain/shared/pagination';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../ports/inventory-repository.port';
import type { MemoryOutbox } from './outbox.memory';

const cursorSchema = z.strictObject({ store: z.string(), item: z.string() });
/** Every write is synchronous between awaits, so each one is atomic, as the port asks. */
export class MemoryInventoryRepository implements InventoryRepository {
  private readonly levels = new Map<string, StockLevel>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async find(key: StockKey): Promise<StockLevel | null> {
    const level = this.levels.get(stockKeyOf(key));
    return level ? { ...level } : null;
  }

  async list(filter: InventoryFilter, page: PageRequest): Promise<Page<StockLevel>> {
    const after = page.cursor ? decodeCursor(page.cursor, cursorSchema) : undefined;
    const sorted = [...this.levels.values()]
      .filter((level) => filter.store === undefined || level.store === filter.store)
      .filter((level) => !after || compareStockKeys(level, after) > 0)
      .sort(compareStockKeys);
    const items = sorted.slice(0, page.limit).map((level) => ({ ...level }));
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        sorted.length > page.limit && last
          ? encodeCursor({ store: last.store, item: last.item })
          : null,
    };
  }

  /** The idempotency keys each level has recorded (`<level key>\u0000<once>`). */
  private readonly applied = new Set<string>();

  private readonly writes = decidedWrites(async (key, decide, events, once) => {
    const mark = once === undefined ? undefined : `${stockKeyOf(key)}\u0000${once}`;
    const applied = mark !== undefined && this.applied.has(mark);
    const before = this.levels.get(stockKeyOf(key)) ?? null;
    const after = this.outbox.readDecideWrite(
      this.levels,
      stockKeyOf(key),
      (level) => decide(level, applied),
      events,
    );
    if (mark !== undefined && after !== before) this.applied.add(mark);
    return { ...after };
  });
  readonly set = this.writes.set;
  readonly adjust = this.writes.adjust;

  async setMany(rows: readonly StockRow[], at: string, events: StockEvents): Promise<void> {
    for (const row of rows) await this.set(row, at, events);
  }
}
