import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stockEventsFor } from '../../domain/inventory/inventory-events';
import { compareStockKeys, type StockRow } from '../../domain/inventory/stock-level';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type {
  InventoryFilter,
  InventoryRepository,
  StockEvents,
} from '../../ports/inventory-repository.port';
import type { OutboxStore } from '../../ports/outbox.port';

export interface InventoryRepositoryHarness {
  inventory: InventoryRepository;
  /** Where the adapter's events land; absent where a change feed raises them (DynamoDB). */
  outbox?: OutboxStore;
  close?: () => Promise<void> | void;
}

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');
const AT = '2026-05-01T10:00:00.000Z';
const LATER = '2026-05-01T11:00:00.000Z';

/** The service's own event rule, stamped with random ids. */
const events: StockEvents = (before, after) =>
  stockEventsFor(before, after).map(
    (draft): DomainEvent => ({ id: randomUUID(), occurredAt: after.updatedAt, ...draft }),
  );

/** Names a store key must survive: separators of every store's key syntax, unicode, spaces. */
const AWKWARD_STORE = "Store #1/North?\\ 'Ünïcode' 東京";
const AWKWARD_ITEM = 'Bolt, M8 "hex"/#2';

export const describeInventoryRepositoryContract = (
  name: string,
  create: () => Promise<InventoryRepositoryHarness> | InventoryRepositoryHarness,
) => {
  describe(`InventoryRepository contract: ${name}`, () => {
    let h: InventoryRepositoryHarness;
    const outOfStockEvents = async () =>
      h.outbox
        ? (await h.outbox.due(10_000, FAR_FUTURE))
            .map((entry) => entry.event)
            .filter((event) => event.type === 'inventory.out_of_stock')
        : [];
    const listAll = async (filter: InventoryFilter, limit: number) => {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.inventory.list(filter, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        keys.push(...page.items.map((level) => `${level.store}|${level.item}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return keys;
    };

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('creates a level on first set, then bumps its version on each write', async () => {
      const key = { store: AWKWARD_STORE, item: AWKWARD_ITEM };
      expect(await h.inventory.find(key)).toBeNull();
      const created = await h.inventory.set({ ...key, count: 7 }, AT, events);
      expect(created).toEqual({ ...key, count: 7, updatedAt: AT, version: 1 });
      expect(await h.inventory.find(key)).toEqual(created);
      const updated = await h.inventory.set({ ...key, count: 3 }, LATER, events);
      expect(updated).toEqual({ ...key, count: 3, updatedAt: LATER, version: 2 });
      expect(await h.inventory.find(key)).toEqual(updated);
      expect(await h.inventory.find({ store: AWKWARD_STORE, item: 'other' })).toBeNull();
    });

    it('sets on the expected version only', async () => {
      const key = { store: 's1', item: 'apples' };
      await expect(h.inventory.set({ ...key, count: 1 }, AT, events, 1)).rejects.toMatchObject({
        code: 'INVENTORY.NOT_FOUND',
      });
      await h.inventory.set({ ...key, count: 5 }, AT, events);
      await expect(h.inventory.set({ ...key, count: 1 }, AT, events, 2)).rejects.toMatchObject({
        code: 'INVENTORY.VERSION_MISMATCH',
      });
      expect((await h.inventory.find(key))?.count).toBe(5);
      expect(await h.inventory.set({ ...key, count: 9 }, LATER, events, 1)).toMatchObject({
        count: 9,
        version: 2,
      });
    });

    it('leaves a level as it is when set to the count it holds: same version, no event', async () => {
      const key = { store: 's1', item: 'plums' };
      const stored = await h.inventory.set({ ...key, count: 0 }, AT, events);
      const before = (await outOfStockEvents()).length;
      expect(await h.inventory.set({ ...key, count: 0 }, LATER, events)).toEqual(stored);
      expect(await h.inventory.set({ ...key, count: 0 }, LATER, events, 1)).toEqual(stored);
      expect(await h.inventory.find(key)).toEqual(stored);
      expect(await outOfStockEvents()).toHaveLength(before);
      // The version is still checked: a stale one is refused even when nothing would change.
      await expect(h.inventory.set({ ...key, count: 0 }, LATER, events, 7)).rejects.toMatchObject({
        code: 'INVENTORY.VERSION_MISMATCH',
      });
    });

    it('adjusts by a delta, never below 0 and never for an unknown item', async () => {
      const key = { store: 's1', item: 'pears' };
      await expect(h.inventory.adjust(key, 1, AT, events)).rejects.toMatchObject({
        code: 'INVENTORY.NOT_FOUND',
      });
      await h.inventory.set({ ...key, count: 4 }, AT, events);
      expect(await h.inventory.adjust(key, 6, LATER, events)).toEqual({
        ...key,
        count: 10,
        updatedAt: LATER,
        version: 2,
      });
      await expect(h.inventory.adjust(key, -11, LATER, events)).rejects.toMatchObject({
        code: 'INVENTORY.INSUFFICIENT_STOCK',
      });
      expect(await h.inventory.find(key)).toMatchObject({ count: 10, version: 2 });
      expect(await h.inventory.adjust(key, -10, LATER, events)).toMatchObject({
        count: 0,
        version: 3,
      });
    });

    it('applies a keyed adjustment once, however often it is repeated, and per level', async () => {
      const key = { store: AWKWARD_STORE, item: AWKWARD_ITEM };
      const other = { store: AWKWARD_STORE, item: 'other' };
      await h.inventory.set({ ...key, count: 10 }, AT, events);
      await h.inventory.set({ ...other, count: 10 }, AT, events);
      const once = "reserve:order/1 #'x'";
      expect(await h.inventory.adjust(key, -3, LATER, events, once)).toMatchObject({
        count: 7,
        version: 2,
      });
      expect(await h.inventory.adjust(key, -3, LATER, events, once)).toMatchObject({
        count: 7,
        version: 2,
      });
      // Concurrent repeats (two deliveries of one job) still change the level once.
      await Promise.all(
        Array.from({ length: 5 }, () => h.inventory.adjust(key, -3, LATER, events, once)),
      );
      expect(await h.inventory.find(key)).toMatchObject({ count: 7, version: 2 });
      // The key belongs to its level; another key on the same level applies.
      expect(await h.inventory.adjust(other, -3, LATER, events, once)).toMatchObject({ count: 7 });
      expect(await h.inventory.adjust(key, 3, LATER, events, 'release:order/1')).toMatchObject({
        count: 10,
        version: 3,
      });
      expect(await h.inventory.adjust(key, 3, LATER, events, 'release:order/1')).toMatchObject({
        count: 10,
        version: 3,
      });
    });

    it('records no key for a refused keyed adjustment, so a later one may apply', async () => {
      const key = { store: 's3', item: 'plums' };
      await h.inventory.set({ ...key, count: 1 }, AT, events);
      await expect(h.inventory.adjust(key, -2, LATER, events, 'take')).rejects.toMatchObject({
        code: 'INVENTORY.INSUFFICIENT_STOCK',
      });
      await h.inventory.adjust(key, 1, LATER, events);
      expect(await h.inventory.adjust(key, -2, LATER, events, 'take')).toMatchObject({ count: 0 });
      await expect(
        h.inventory.adjust({ ...key, item: 'none' }, -1, AT, events, 'take'),
      ).rejects.toMatchObject({
        code: 'INVENTORY.NOT_FOUND',
      });
    });

    it('refuses an adjustment past the largest exact count, writing nothing', async () => {
      const key = { store: 's1', item: 'grains' };
      await h.inventory.set({ ...key, count: Number.MAX_SAFE_INTEGER - 1 }, AT, events);
      expect(await h.inventory.adjust(key, 1, LATER, events)).toMatchObject({
        count: Number.MAX_SAFE_INTEGER,
        version: 2,
      });
      await expect(h.inventory.adjust(key, 1, LATER, events)).rejects.toMatchObject({
        code: 'INVENTORY.COUNT_TOO_LARGE',
      });
      expect(await h.inventory.adjust(key, -Number.MAX_SAFE_INTEGER, LATER, events)).toMatchObject({
        count: 0,
        version: 3,
      });
      await expect(
        h.inventory.adjust(key, Number.MAX_SAFE_INTEGER, LATER, events),
      ).resolves.toMatchObject({ count: Number.MAX_SAFE_INTEGER, version: 4 });
      expect(await h.inventory.find(key)).toMatchObject({ count: Number.MAX_SAFE_INTEGER });
    });

    it('commits the out-of-stock event with the write that reaches 0, and only then', async () => {
      if (!h.outbox) return; // the change feed raises them: see the stream handler's tests
      const key = { store: 's2', item: 'milk' };
      await h.inventory.set({ ...key, count: 2 }, AT, events);
      await h.inventory.adjust(key, -2, AT, events);
      await h.inventory.set({ ...key, count: 0 }, AT, events);
      await h.inventory.setMany([{ ...key, count: 0 }], AT, events);
      await expect(h.inventory.adjust(key, -1, AT, events)).rejects.toMatchObject({
        code: 'INVENTORY.INSUFFICIENT_STOCK',
      });
      const raised = await outOfStockEvents();
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatchObject({
        aggregateId: 's2/milk',
        payload: { store: 's2', item: 'milk', previousCount: 2, version: 2 },
      });
      await h.inventory.set({ ...key, count: 1 }, AT, events);
      await h.inventory.setMany([{ ...key, count: 0 }], AT, events);
      expect(await outOfStockEvents()).toHaveLength(2);
    });

    it('sets many levels at once, creating and updating, with the rows exactly as given', async () => {
      const rows: StockRow[] = [];
      for (let i = 0; i < 260; i += 1) {
        rows.push({
          store: `store-${i % 3}`,
          item: `item-${String(i).padStart(3, '0')}`,
          count: i,
        });
      }
      rows.push({ store: AWKWARD_STORE, item: AWKWARD_ITEM, count: 12 });
      await h.inventory.setMany(rows, AT, events);
      await h.inventory.setMany(
        [
          { store: 'store-1', item: 'item-001', count: 0 },
          { store: 'store-2', item: 'item-002', count: 2 },
          { store: 'store-0', item: 'new', count: 5 },
        ],
        LATER,
        events,
      );
      expect(await h.inventory.find({ store: 'store-0', item: 'item-000' })).toEqual({
        store: 'store-0',
        item: 'item-000',
        count: 0,
        updatedAt: AT,
        version: 1,
      });
      expect(await h.inventory.find({ store: 'store-1', item: 'item-001' })).toEqual({
        store: 'store-1',
        item: 'item-001',
        count: 0,
        updatedAt: LATER,
        version: 2,
      });
      // Unchanged, so it may have been skipped: the count is what the port promises.
      expect(await h.inventory.find({ store: 'store-2', item: 'item-002' })).toMatchObject({
        count: 2,
      });
      expect(await h.inventory.find({ store: 'store-0', item: 'new' })).toMatchObject({
        count: 5,
        version: 1,
      });
      expect(await h.inventory.find({ store: AWKWARD_STORE, item: AWKWARD_ITEM })).toMatchObject({
        count: 12,
      });
      if (h.outbox) {
        // item-000 arrived at 0 (nothing before), item-001 went 1 -> 0.
        const raised = (await outOfStockEvents()).map((event) => event.aggregateId).sort();
        expect(raised).toEqual(['store-0/item-000', 'store-1/item-001']);
      }
    });

    it('lists by store then item, page by page, whole or for one store', async () => {
      const rows: StockRow[] = [
        { store: 'b', item: 'z', count: 1 },
        { store: 'a', item: 'y', count: 1 },
        { store: 'b', item: 'a', count: 1 },
        { store: 'a', item: 'b', count: 1 },
        { store: 'ab', item: 'a', count: 1 },
        { store: 'a', item: 'B', count: 1 },
        { store: AWKWARD_STORE, item: AWKWARD_ITEM, count: 1 },
        { store: 'a', item: 'a b', count: 1 },
      ];
      for (const row of rows.slice(0, 3)) await h.inventory.set(row, AT, events);
      await h.inventory.setMany(rows.slice(3), AT, events);
      const expected = [...rows].sort(compareStockKeys).map((row) => `${row.store}|${row.item}`);
      expect(await listAll({}, 100)).toEqual(expected);
      expect(await listAll({}, 3)).toEqual(expected);
      expect(await listAll({ store: 'a' }, 2)).toEqual(['a|B', 'a|a b', 'a|b', 'a|y']);
      expect(await listAll({ store: AWKWARD_STORE }, 1)).toEqual([
        `${AWKWARD_STORE}|${AWKWARD_ITEM}`,
      ]);
      expect(await h.inventory.list({ store: 'nowhere' }, { limit: 5 })).toEqual({
        items: [],
        nextCursor: null,
      });
      const first = await h.inventory.list({}, { limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.items[0]).toEqual({
        store: AWKWARD_STORE,
        item: AWKWARD_ITEM,
        count: 1,
        updatedAt: AT,
        version: 1,
      });
    });

    it('rejects a cursor it did not issue', async () => {
      await expect(h.inventory.list({}, { limit: 5, cursor: '%%%' })).rejects.toMatchObject({
        code: 'PAGINATION.INVALID_CURSOR',
      });
    });

    it('lets exactly 10 of 50 concurrent -1 adjustments through a count of 10, raising one alert', async () => {
      const key = { store: 'race', item: 'widget' };
      await h.inventory.set({ ...key, count: 10 }, AT, events);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => h.inventory.adjust(key, -1, LATER, events)),
      );
      const succeeded = results.filter((result) => result.status === 'fulfilled');
      const refused = results.filter(
        (result) =>
          result.status === 'rejected' &&
          (result.reason as { code?: string }).code === 'INVENTORY.INSUFFICIENT_STOCK',
      );
      expect(succeeded).toHaveLength(10);
      expect(refused).toHaveLength(40);
      expect(await h.inventory.find(key)).toMatchObject({ count: 0, version: 11 });
      const counts = succeeded.map((result) =>
        result.status === 'fulfilled' ? result.value.count : -1,
      );
      expect(counts.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      if (h.outbox) expect(await outOfStockEvents()).toHaveLength(1);
    }, 30_000);
  });
};
