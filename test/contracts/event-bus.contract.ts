import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { EventBus } from '../../ports/event-bus.port';
import { nextId, sampleEvent } from '../support/sample-data';

export interface EventBusHarness {
  bus: EventBus;
  /** What reached the other side of the bus so far, in arrival order, decoded back to events. */
  received(): Promise<DomainEvent[]>;
  /** Makes every later publish fail downstream (a consumer throws, the service refuses, the queue is gone). */
  breakDownstream(): Promise<void> | void;
  /** What the adapter's rejection says once downstream is broken: the cause, not a bare status. */
  failure: RegExp;
  close?: () => Promise<void> | void;
}

/** More than one platform call carries: PutEvents takes 10 entries, a Storage Queue message one. */
const MORE_THAN_A_BATCH = 25;

/** The rejection of `promise`, or a failed expectation if it resolves. */
const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.unreachable('publish resolved although downstream is broken');
};

/** What every EventBus promises, run against each adapter. */
export const describeEventBusContract = (
  name: string,
  create: () => Promise<EventBusHarness> | EventBusHarness,
) => {
  describe(`EventBus contract: ${name}`, () => {
    let h: EventBusHarness;

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('publishes nothing for no events, without reaching even a broken downstream', async () => {
      await h.bus.publish([]);
      expect(await h.received()).toEqual([]);
      // The relay may call with an empty batch; that must never count as a failed delivery.
      await h.breakDownstream();
      await expect(h.bus.publish([])).resolves.toBeUndefined();
    });

    it('delivers each event whole: id, type, time, aggregate and payload', async () => {
      const events: DomainEvent[] = [
        {
          id: nextId('event'),
          type: 'user.created',
          occurredAt: '2026-03-01T12:34:56.789Z',
          aggregateType: 'user',
          aggregateId: 'user-1',
          payload: {
            name: 'Zoë Ångström ✓',
            age: 30,
            verified: true,
            nickname: null,
            tags: ['a', 'b'],
            address: { city: 'Zürich', lines: ['Bahnhofstrasse 1', ''] },
          },
        },
        {
          ...sampleEvent('order.placed', 'order-9'),
          aggregateType: 'order',
          payload: { items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 500 }], total: 1000 },
        },
        { ...sampleEvent('thing.emptied', 'agg-2'), payload: {} },
      ];
      await h.bus.publish(events);
      expect(await h.received()).toStrictEqual(events);
    });

    it('delivers events in the order they were published, across calls', async () => {
      const events = [sampleEvent(), sampleEvent(), sampleEvent()];
      await h.bus.publish(events.slice(0, 2));
      await h.bus.publish(events.slice(2));
      expect(await h.received()).toStrictEqual(events);
    });

    it(`delivers all of ${MORE_THAN_A_BATCH} events published at once, more than one call carries, in order`, async () => {
      const events = Array.from({ length: MORE_THAN_A_BATCH }, (_, i) =>
        sampleEvent('thing.happened', `agg-${i}`),
      );
      await h.bus.publish(events);
      expect(await h.received()).toStrictEqual(events);
    });

    it('rejects with an Error giving the cause when downstream fails, so the outbox relay retries', async () => {
      await h.breakDownstream();
      const error = await rejectionOf(h.bus.publish([sampleEvent(), sampleEvent()]));
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(h.failure);
    });
  });
};
