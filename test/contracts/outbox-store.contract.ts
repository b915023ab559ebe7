import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { OutboxStore } from '../../ports/outbox.port';
import { sampleEvent } from '../support/sample-data';

export interface OutboxHarness {
  outbox: OutboxStore;
  /** Appends as a repository would, in the write's transaction. */
  append(events: DomainEvent[]): Promise<void> | void;
  close?: () => Promise<void> | void;
}

const NOW = new Date('2026-01-01T00:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

export const describeOutboxContract = (
  name: string,
  create: () => Promise<OutboxHarness> | OutboxHarness,
) => {
  describe(`OutboxStore contract: ${name}`, () => {
    let h: OutboxHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('hands out pending events oldest first, bounded by the limit', async () => {
      const events = [sampleEvent(), sampleEvent(), sampleEvent()];
      await h.append(events);
      expect((await h.outbox.due(2, NOW)).map((e) => e.event)).toEqual(events.slice(0, 2));
      expect(await h.outbox.due(10, NOW)).toEqual(events.map((event) => ({ event, attempts: 0 })));
      expect(await h.outbox.pendingCount()).toBe(3);
    });

    it('forgets delivered events', async () => {
      const [a, b] = [sampleEvent(), sampleEvent()];
      await h.append([a, b]);
      await h.outbox.markDelivered([a.id]);
      expect((await h.outbox.due(10, NOW)).map((e) => e.event.id)).toEqual([b.id]);
      expect(await h.outbox.pendingCount()).toBe(1);
    });

    it('holds a failed event back until its retry time, counting attempts', async () => {
      const event = sampleEvent();
      await h.append([event]);
      await h.outbox.markFailed(event.id, 'consumer down', later(5000));
      expect(await h.outbox.due(10, later(4999))).toEqual([]);
      expect(await h.outbox.due(10, later(5000))).toEqual([{ event, attempts: 1 }]);
      expect(await h.outbox.pendingCount()).toBe(1);
    });

    it('dead-letters an event given up on: never due again, not pending', async () => {
      const event = sampleEvent();
      await h.append([event]);
      await h.outbox.markFailed(event.id, 'poison', null);
      expect(await h.outbox.due(10, later(10 ** 10))).toEqual([]);
      expect(await h.outbox.pendingCount()).toBe(0);
    });
  });
};
