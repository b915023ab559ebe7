import { describe, expect, it } from 'vitest';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import type { OpenStore } from '../../apps/composition/stores/open-store';
import type { AnyModule } from '../../apps/modules/domain-module';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { messagingModule } from '../../apps/modules/messaging/messaging.module';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { appOn, RECORD_STORES, startedEmulators } from '../support/fulfilment-stores';

/*
 * A fulfilment job whose worker dies part way (a repository call that fails as a process
 * killed at that point would: the work before it committed, nothing after it ran) and is then
 * delivered again: every store ends with the stock taken once, the order moved once, the tax on
 * it, and one notification.
 */

const emulators = startedEmulators();

class Crash extends Error {
  override readonly name = 'Crash';
}

interface CrashPoint {
  module: AnyModule;
  /** The store of the module's slice that dies. */
  slice: string;
  method: string;
  /** Whether this call is where the worker dies. */
  when: (args: unknown[]) => boolean;
}

/** The module's stores, with `action` run once just after `slice.method` where `when` says. */
const interleavedOnce = (
  store: OpenStore,
  point: CrashPoint,
  action: () => Promise<unknown>,
): OpenStore['storesOf'] => {
  let ran = false;
  return (module) => {
    const stores = store.storesOf(module) as Record<string, object>;
    if (module.name !== point.module.name) return stores;
    return new Proxy(stores, {
      get: (target, name) => {
        const slice = target[name as string];
        if (name !== point.slice || !slice) return slice;
        return new Proxy(slice, {
          get: (real, method) => {
            const value = Reflect.get(real, method, real);
            if (method !== point.method || typeof value !== 'function') return value;
            return async (...args: unknown[]) => {
              const result = await value.apply(real, args);
              if (!ran && point.when(args)) {
                ran = true;
                await action();
              }
              return result;
            };
          },
        });
      },
    });
  };
};

/**
 * The module's stores, with `slice.method` failing once where `when` says, after its own
 * write committed: the worker "dies" just after it. A Proxy, because some stores are lazy views.
 */
const dyingOnce = (store: OpenStore, point: CrashPoint): OpenStore['storesOf'] =>
  interleavedOnce(store, point, async () => {
    throw new Crash(`worker died after ${point.slice}.${point.method}`);
  });

const isKeyed = (kind: string) => (args: unknown[]) => String(args[4] ?? '').endsWith(kind);

const CRASHES: [string, CrashPoint, 'confirmed' | 'cancelled'][] = [
  [
    'after taking the first item',
    { module: inventoryModule, slice: 'stock', method: 'adjust', when: isKeyed(':reserve') },
    'confirmed',
  ],
  [
    'after recording the decision, before confirming',
    {
      module: messagingModule,
      slice: 'docs',
      method: 'put',
      when: (args) => args[0] === 'fulfilment',
    },
    'confirmed',
  ],
  [
    'after giving back the first item of a cancelled order',
    { module: inventoryModule, slice: 'stock', method: 'adjust', when: isKeyed(':release') },
    'cancelled',
  ],
];

describe.each(RECORD_STORES)('fulfilment after a crash on %s', (_, open) => {
  it.each(CRASHES)(
    'dies %s, is redelivered: stock taken once, order moved once',
    async (_, point, outcome) => {
      const { store, close } = await open(emulators);
      try {
        const notifier = new MemoryNotifier();
        const app = appOn(store, notifier, dyingOnce(store, point));
        const { users } = app.services(usersModule);
        const { orders } = app.services(ordersModule);
        const { inventory } = app.services(inventoryModule);
        const { messaging } = app.services(messagingModule);
        const user = await users.create({ name: 'Ada', email: `ada-${Date.now()}@example.com` });
        await inventory.set({ store: 'main', item: 'bolt' }, 10);
        await inventory.set({ store: 'main', item: 'nut' }, 10);
        await inventory.set({ store: 'main', item: 'washer' }, outcome === 'confirmed' ? 10 : 1);
        const order = await orders.create({
          userId: user.id,
          currency: 'EUR',
          items: [
            { sku: 'bolt', quantity: 2, unitPrice: 150 },
            { sku: 'nut', quantity: 3, unitPrice: 50 },
            { sku: 'washer', quantity: 4, unitPrice: 25 },
          ],
        });
        const delivery = (receiveCount: number): ReceivedJob => ({
          id: 'job-1',
          body: JSON.stringify({ type: 'order_created', orderId: order.id }),
          receipt: `job-1:${receiveCount}`,
          receiveCount,
        });

        const first = await messaging.processBatch([delivery(1)]);
        expect(first.summary).toMatchObject({ succeeded: 0, failed: 1, deadLettered: 0 });
        const second = await messaging.processBatch([delivery(2)]);
        expect(second.summary).toMatchObject({ succeeded: 1, failed: 0, deadLettered: 0 });
        // A third delivery (the queue's own duplicate) changes nothing either.
        await messaging.processBatch([delivery(3)]);

        const counts = async () =>
          Promise.all(
            ['bolt', 'nut', 'washer'].map(
              async (item) => (await inventory.get({ store: 'main', item })).count,
            ),
          );
        const stored = await orders.get(order.id);
        if (outcome === 'confirmed') {
          expect(await counts()).toEqual([8, 7, 6]);
          // pending (1) -> confirmed (2): moved once, with the tax of 20 % on 550 cents.
          expect(stored).toMatchObject({ status: 'confirmed', version: 2, tax: 110 });
        } else {
          expect(await counts()).toEqual([10, 10, 1]);
          expect(stored).toMatchObject({ status: 'cancelled', version: 2 });
          expect(stored.tax).toBeUndefined();
        }
        const sent = notifier.sent.filter((message) => message.attributes?.orderId === order.id);
        expect(sent.map((message) => message.attributes?.type)).toEqual([
          outcome === 'confirmed' ? 'order_confirmed' : 'order_rejected',
        ]);
      } finally {
        close();
      }
    },
    60_000,
  );
});

describe.each(RECORD_STORES)('fulfilment beside the review flag on %s', (_, open) => {
  it('confirms a high-value order that a rule flagged while its job ran (the version moved, the status did not)', async () => {
    const { store, close } = await open(emulators);
    try {
      const notifier = new MemoryNotifier();
      let flag = async () => undefined as unknown;
      const afterDecision: CrashPoint = {
        module: messagingModule,
        slice: 'docs',
        method: 'put',
        when: (args) => args[0] === 'fulfilment',
      };
      const app = appOn(
        store,
        notifier,
        interleavedOnce(store, afterDecision, () => flag()),
      );
      const { users } = app.services(usersModule);
      const { orders } = app.services(ordersModule);
      const { inventory } = app.services(inventoryModule);
      const { messaging } = app.services(messagingModule);
      const user = await users.create({ name: 'Ada', email: `ada-${Date.now()}@example.com` });
      await inventory.set({ store: 'main', item: 'lathe' }, 1);
      const order = await orders.create({
        userId: user.id,
        currency: 'EUR',
        items: [{ sku: 'lathe', quantity: 1, unitPrice: 150_000 }],
      });
      flag = () => orders.flagForReview(order.id);

      const batch = await messaging.processBatch([
        {
          id: 'job-1',
          body: JSON.stringify({ type: 'order_created', orderId: order.id }),
          receipt: 'job-1:1',
          receiveCount: 1,
        },
      ]);

      expect(batch.summary).toMatchObject({ succeeded: 1, failed: 0 });
      // pending (1) -> flagged (2) -> confirmed (3)
      expect(await orders.get(order.id)).toMatchObject({
        status: 'confirmed',
        flagged: true,
        version: 3,
      });
      expect((await inventory.get({ store: 'main', item: 'lathe' })).count).toBe(0);
      const sent = notifier.sent.filter((message) => message.attributes?.orderId === order.id);
      expect(sent.map((message) => message.attributes?.type)).toEqual(['order_confirmed']);
    } finally {
      close();
    }
  }, 60_000);
});
