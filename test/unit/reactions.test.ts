import { describe, expect, it } from 'vitest';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { type BoundReaction, createReactor } from '../../domain/shared/reaction';
import { capturingLogger } from '../support/capturing-logger';
import { sampleEvent } from '../support/sample-data';

const recording = (name: string, on: string[], fail: () => boolean = () => false) => {
  const seen: DomainEvent[] = [];
  const reaction: BoundReaction = {
    name,
    on,
    run: async (event) => {
      if (fail()) throw new Error(`${name} is down`);
      seen.push(event);
    },
  };
  return { reaction, seen };
};

describe('the reactor: one delivery of an event to its reactions, on every door', () => {
  it('runs the reactions subscribed to the event type (or to every event) and no other', async () => {
    const alert = recording('alert', ['inventory.out_of_stock']);
    const audit = recording('audit', ['*']);
    const notice = recording('notice', ['payment.completed']);
    const { logger } = capturingLogger();
    const react = createReactor(
      [alert.reaction, audit.reaction, notice.reaction],
      new MemoryProcessedEventStore(),
      logger,
    );
    const event = sampleEvent('inventory.out_of_stock');
    await react(event);
    expect(alert.seen).toEqual([event]);
    expect(audit.seen).toEqual([event]);
    expect(notice.seen).toEqual([]);
  });

  it('runs each reaction once per event id, however often the event is delivered', async () => {
    const alert = recording('alert', ['inventory.out_of_stock']);
    const { logger, lines } = capturingLogger();
    const react = createReactor([alert.reaction], new MemoryProcessedEventStore(), logger);
    const event = sampleEvent('inventory.out_of_stock');
    await react(event);
    await react(structuredClone(event));
    expect(alert.seen).toHaveLength(1);
    // Every delivery is logged, the repeat included: the line records a delivery, not an effect.
    expect(lines.filter((line) => line.msg === 'event delivered')).toHaveLength(2);
  });

  it('runs all reactions when one fails, throws naming it, and a retry runs only that one', async () => {
    let down = true;
    const mailer = recording('mailer', ['*'], () => down);
    const audit = recording('audit', ['*']);
    const { logger, lines } = capturingLogger();
    const react = createReactor(
      [mailer.reaction, audit.reaction],
      new MemoryProcessedEventStore(),
      logger,
    );
    const event = sampleEvent('order.created', 'order-1');
    await expect(react(event)).rejects.toThrow(
      `1 of 2 reactions failed on order.created ${event.id}: mailer`,
    );
    expect(audit.seen).toEqual([event]);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'reaction failed', reaction: 'mailer', eventId: event.id }),
    );
    down = false;
    await react(event);
    expect(mailer.seen).toEqual([event]);
    expect(audit.seen).toEqual([event]);
  });
});
