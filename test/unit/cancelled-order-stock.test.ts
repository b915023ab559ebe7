import { describe, expect, it } from 'vitest';
import { MemoryRecordStore } from '../../adapters/memory/record-store.memory';
import {
  cancelledOrderStock,
  giveBackCancelledStock,
} from '../../domain/messaging/cancelled-order-stock';
import type { MessagingService } from '../../domain/messaging/messaging-service';
import { COLLECTIONS, type Fulfilment } from '../../domain/messaging/records';
import { type Order, OrderNotFoundError, type OrderStatus } from '../../domain/orders';
import { sampleEvent } from '../support/sample-data';

const order = (status: OrderStatus): Order => ({
  id: 'o-1',
  userId: 'u-1',
  // One sku on two lines: given back as one adjustment of their sum.
  items: [
    { sku: 'bolt', quantity: 2, unitPrice: 100 },
    { sku: 'nut', quantity: 3, unitPrice: 50 },
    { sku: 'bolt', quantity: 1, unitPrice: 100 },
  ],
  currency: 'EUR',
  total: 450,
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 3,
});

const fulfilment = (overrides: Partial<Fulfilment> = {}): Fulfilment => ({
  orderId: 'o-1',
  store: 'north',
  status: 'confirmed',
  currency: 'EUR',
  tax: 90,
  taxRateBasisPoints: 2000,
  decidedAt: '2026-01-01T00:00:01.000Z',
  ...overrides,
});

/** The give-back over a recorded fulfilment (if any) and an adjust that records its calls. */
const giveBack = async (status: OrderStatus, record?: Fulfilment) => {
  const docs = new MemoryRecordStore();
  if (record) await docs.put(COLLECTIONS.fulfilment, 'o-1', record, null);
  const adjusted: [string, string, number, string | undefined][] = [];
  const run = giveBackCancelledStock({
    orders: { get: async () => order(status) } as never,
    docs,
    inventory: {
      adjust: async (key, delta, once) => {
        adjusted.push([key.store, key.item, delta, once]);
        return null as never;
      },
    },
  });
  await run('o-1');
  return adjusted;
};

describe('giving back the stock of a cancelled order', () => {
  it('gives back every item its fulfilment took, from its store, keyed by the order', async () => {
    expect(await giveBack('cancelled', fulfilment())).toEqual([
      ['north', 'bolt', 3, 'order:o-1:release'],
      ['north', 'nut', 3, 'order:o-1:release'],
    ]);
  });

  it('gives back only what was taken: never the short items of a rejected order', async () => {
    const rejected = fulfilment({
      status: 'cancelled',
      reason: 'INSUFFICIENT_STOCK',
      shortItems: [{ sku: 'nut', requested: 3, available: 1 }],
    });
    expect(await giveBack('cancelled', rejected)).toEqual([
      ['north', 'bolt', 3, 'order:o-1:release'],
    ]);
  });

  it('gives back nothing for an order whose fulfilment never decided (cancelled while pending)', async () => {
    expect(await giveBack('cancelled')).toEqual([]);
  });

  it('gives back nothing for an order that does not exist, without failing', async () => {
    const run = giveBackCancelledStock({
      orders: {
        get: async (id: string) => {
          throw new OrderNotFoundError(id);
        },
      } as never,
      docs: new MemoryRecordStore(),
      inventory: { adjust: async () => expect.unreachable() },
    });
    await expect(run('nobody')).resolves.toBeUndefined();
  });

  it('gives back nothing for an order that is not cancelled', async () => {
    expect(await giveBack('confirmed', fulfilment())).toEqual([]);
  });
});

describe('the reaction to an order status change', () => {
  const reacting = async (to: OrderStatus) => {
    const given: string[] = [];
    const messaging = {
      giveBackCancelledStock: async (orderId: string) => void given.push(orderId),
    } as unknown as MessagingService;
    const event = { ...sampleEvent('order.status_changed', 'o-9') };
    event.payload = { userId: 'u-1', from: 'confirmed', to, version: 3 };
    await cancelledOrderStock.run(event, { services: { messaging } });
    return given;
  };

  it('gives back the stock of the order it cancels', async () => {
    expect(cancelledOrderStock.on).toEqual(['order.status_changed']);
    expect(await reacting('cancelled')).toEqual(['o-9']);
  });

  it.each(['confirmed', 'paid', 'shipped'] as const)('does nothing on a move to %s', async (to) => {
    expect(await reacting(to)).toEqual([]);
  });
});
