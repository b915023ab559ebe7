import { describe, expect, it } from 'vitest';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { messagingModule } from '../../apps/modules/messaging/messaging.module';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import type { Order } from '../../domain/orders';
import { orderEventsFor } from '../../domain/orders/order-events';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { createReactor } from '../../domain/shared/reaction';
import { capturingLogger } from '../support/capturing-logger';
import { appOn, RECORD_STORES, startedEmulators } from '../support/fulfilment-stores';

/*
 * A client cancels an order: the stock its fulfilment took comes back once, through the
 * reaction every door's delivery runs, on every record store; an order cancelled before its
 * fulfilment took anything gets nothing back.
 */

const emulators = startedEmulators();

/** Bolts on two lines: given back as they were taken, by sku. */
const ITEMS = [
  { sku: 'bolt', quantity: 2, unitPrice: 150 },
  { sku: 'nut', quantity: 3, unitPrice: 50 },
  { sku: 'bolt', quantity: 1, unitPrice: 150 },
];

/** The status-changed event the store's change feed or outbox carries for this change. */
const statusChanged = (before: Order, after: Order): DomainEvent => {
  const [draft] = orderEventsFor(before, after);
  if (draft?.type !== 'order.status_changed') throw new Error('no status change');
  return { ...draft, id: `evt-${after.id}-${after.version}`, occurredAt: after.updatedAt };
};

describe.each(RECORD_STORES)('stock given back on cancelling an order on %s', (_, open) => {
  const setUp = async () => {
    const { store, close } = await open(emulators);
    const app = appOn(store);
    const { users } = app.services(usersModule);
    const { orders } = app.services(ordersModule);
    const { inventory } = app.services(inventoryModule);
    const { messaging } = app.services(messagingModule);
    const react = createReactor(app.reactions, store.processed, capturingLogger('silent').logger);
    const user = await users.create({ name: 'Ada', email: `ada-${Date.now()}@example.com` });
    await inventory.set({ store: 'main', item: 'bolt' }, 10);
    await inventory.set({ store: 'main', item: 'nut' }, 10);
    const order = await orders.create({ userId: user.id, currency: 'EUR', items: ITEMS });
    const fulfil = () =>
      messaging.processBatch([
        {
          id: `job-${order.id}`,
          body: JSON.stringify({ type: 'order_created', orderId: order.id }),
          receipt: `job-${order.id}:1`,
          receiveCount: 1,
        },
      ]);
    const counts = () =>
      Promise.all(
        ['bolt', 'nut'].map(async (item) => (await inventory.get({ store: 'main', item })).count),
      );
    const cancel = async () => {
      const before = await orders.get(order.id);
      const after = await orders.changeStatus(order.id, 'cancelled', before.version);
      return statusChanged(before, after);
    };
    return { app, order, react, fulfil, counts, cancel, close };
  };

  it('gives back a confirmed order’s stock once, however often the cancellation is delivered', async () => {
    const { app, order, react, fulfil, counts, cancel, close } = await setUp();
    try {
      await fulfil();
      expect(await counts()).toEqual([7, 7]);
      const cancelled = await cancel();
      expect(cancelled.payload).toMatchObject({ from: 'confirmed', to: 'cancelled' });

      await react(cancelled);
      expect(await counts()).toEqual([10, 10]);
      await react(structuredClone(cancelled)); // redelivered: the mark holds it back
      // Run again past its mark (a crash between the give-back and the mark): the keys hold.
      const reaction = app.reactions.find((r) => r.name === 'messaging-cancelled-order-stock')!;
      await reaction.run(structuredClone(cancelled));
      expect(await counts()).toEqual([10, 10]);
      expect((await app.services(ordersModule).orders.get(order.id)).status).toBe('cancelled');
    } finally {
      close();
    }
  }, 60_000);

  it('gives back nothing for an order cancelled while pending, nor when its job comes after', async () => {
    const { react, fulfil, counts, cancel, close } = await setUp();
    try {
      const cancelled = await cancel();
      expect(cancelled.payload).toMatchObject({ from: 'pending', to: 'cancelled' });
      await react(cancelled);
      expect(await counts()).toEqual([10, 10]);
      const { summary } = await fulfil(); // finds the order no longer pending: takes nothing
      expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
      expect(await counts()).toEqual([10, 10]);
    } finally {
      close();
    }
  }, 60_000);
});
