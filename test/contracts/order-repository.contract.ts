import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../domain/orders/order';
import type { OrderFilter, OrderRepository } from '../../ports/order-repository.port';
import type { OutboxStore } from '../../ports/outbox.port';
import { sampleEvent, sampleOrder } from '../support/sample-data';

export interface OrderRepositoryHarness {
  orders: OrderRepository;
  outbox?: OutboxStore;
  close?: () => Promise<void> | void;
}

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

export const describeOrderRepositoryContract = (
  name: string,
  create: () => Promise<OrderRepositoryHarness> | OrderRepositoryHarness,
) => {
  describe(`OrderRepository contract: ${name}`, () => {
    let h: OrderRepositoryHarness;
    const pendingEventIds = async () =>
      h.outbox ? (await h.outbox.due(1000, FAR_FUTURE)).map((entry) => entry.event.id) : [];
    const listAll = async (filter: OrderFilter, limit: number) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.orders.list(filter, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        ids.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('reads back what it stored, items included, with its events', async () => {
      const order = sampleOrder({
        items: [
          { sku: 'A', quantity: 1, unitPrice: 0 },
          { sku: 'B, "quoted"', quantity: 3, unitPrice: 999 },
        ],
      });
      const event = sampleEvent('order.created', order.id);
      await h.orders.insert(order, [event]);
      expect(await h.orders.findById(order.id)).toEqual(order);
      expect(await h.orders.findById('missing')).toBeNull();
      if (h.outbox) expect(await pendingEventIds()).toEqual([event.id]);
    });

    it('keeps the fulfilment store and the tax set on confirmation, absent until given', async () => {
      const order = sampleOrder({ fulfilmentStore: 'Store #1/North ü' });
      await h.orders.insert(order, []);
      const stored = await h.orders.findById(order.id);
      expect(stored).toEqual(order);
      expect(stored).not.toHaveProperty('tax');
      const confirmed: Order = {
        ...order,
        status: 'confirmed',
        tax: 9_007_199_254_740_991,
        version: 2,
      };
      await h.orders.update(confirmed, 1, []);
      expect(await h.orders.findById(order.id)).toEqual(confirmed);
      const plain = sampleOrder();
      await h.orders.insert(plain, []);
      expect(await h.orders.findById(plain.id)).not.toHaveProperty('fulfilmentStore');
    });

    it('updates on the expected version only, writing events only on success', async () => {
      const order = sampleOrder();
      await h.orders.insert(order, []);
      const confirmed: Order = { ...order, status: 'confirmed', version: 2 };
      const events = [sampleEvent('order.status_changed', order.id), sampleEvent('x', order.id)];
      await h.orders.update(confirmed, 1, events);
      expect(await h.orders.findById(order.id)).toEqual(confirmed);
      await expect(
        h.orders.update({ ...order, status: 'cancelled', version: 2 }, 1, [sampleEvent()]),
      ).rejects.toMatchObject({ code: 'ORDER.VERSION_MISMATCH' });
      expect(await h.orders.findById(order.id)).toEqual(confirmed);
      if (h.outbox) expect(await pendingEventIds()).toEqual(events.map((e) => e.id));
      await expect(h.orders.update(sampleOrder(), 1, [])).rejects.toMatchObject({
        code: 'ORDER.NOT_FOUND',
      });
    });

    it('pages by user, by status and by both, oldest first, each order once', async () => {
      const orders = Array.from({ length: 30 }, (_, i) =>
        sampleOrder({
          userId: i % 3 === 0 ? 'user-a' : 'user-b',
          status: i % 2 === 0 ? 'pending' : 'paid',
        }),
      );
      for (const order of [...orders].reverse()) await h.orders.insert(order, []);
      const expected = (pick: (o: Order) => boolean) => orders.filter(pick).map((o) => o.id);
      expect(await listAll({}, 7)).toEqual(expected(() => true));
      expect(await listAll({ userId: 'user-a' }, 3)).toEqual(
        expected((o) => o.userId === 'user-a'),
      );
      expect(await listAll({ status: 'paid' }, 4)).toEqual(expected((o) => o.status === 'paid'));
      expect(await listAll({ userId: 'user-b', status: 'pending' }, 2)).toEqual(
        expected((o) => o.userId === 'user-b' && o.status === 'pending'),
      );
      expect(await listAll({ userId: 'nobody' }, 5)).toEqual([]);
    });

    it('keeps the review flag and lists by it, alone and with user or status', async () => {
      const orders = Array.from({ length: 12 }, (_, i) =>
        sampleOrder({ userId: i % 2 === 0 ? 'user-a' : 'user-b', status: 'pending' }),
      );
      for (const order of orders) await h.orders.insert(order, []);
      const flagged = orders.filter((_, i) => i % 3 === 0);
      for (const order of flagged) {
        await h.orders.update({ ...order, flagged: true, version: 2 }, 1, []);
      }
      const flaggedOne = flagged[0]!;
      expect(await h.orders.findById(flaggedOne.id)).toEqual({
        ...flaggedOne,
        flagged: true,
        version: 2,
      });
      const ids = (pick: (o: Order) => boolean) => orders.filter(pick).map((o) => o.id);
      const isFlagged = (o: Order) => flagged.includes(o);
      expect(await listAll({ flagged: true }, 2)).toEqual(ids(isFlagged));
      expect(await listAll({ flagged: false }, 3)).toEqual(ids((o) => !isFlagged(o)));
      expect(await listAll({ flagged: true, userId: 'user-a' }, 2)).toEqual(
        ids((o) => isFlagged(o) && o.userId === 'user-a'),
      );
      expect(await listAll({ flagged: true, status: 'pending' }, 5)).toEqual(ids(isFlagged));
      expect(await listAll({ flagged: true, status: 'paid' }, 5)).toEqual([]);
    });

    it('rejects a cursor it did not issue', async () => {
      await expect(h.orders.list({}, { limit: 5, cursor: '%%%' })).rejects.toMatchObject({
        code: 'PAGINATION.INVALID_CURSOR',
      });
    });
  });
};
