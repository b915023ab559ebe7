import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { idempotentConsumer } from '../../domain/shared/idempotent-consumer';
import { sampleEvent } from '../support/sample-data';

const setup = (maxAttempts = 3) => {
  const clock = new ManualClock();
  const outbox = new MemoryOutbox();
  const bus = new InProcessEventBus();
  const relay = new OutboxRelay(outbox, bus, clock, createPinoLogger({ level: 'silent' }), {
    maxAttempts,
    batchSize: 2,
    backoffMs: (attempt) => attempt * 1000,
  });
  return { clock, outbox, bus, relay };
};

describe('OutboxRelay', () => {
  it('delivers pending events in order across batches and marks them delivered', async () => {
    const { outbox, bus, relay } = setup();
    const seen: string[] = [];
    bus.subscribe('recorder', '*', async (event) => {
      seen.push(event.id);
    });
    const events = [sampleEvent(), sampleEvent(), sampleEvent(), sampleEvent(), sampleEvent()];
    outbox.append(events);
    expect(await relay.drain()).toBe(5);
    expect(seen).toEqual(events.map((e) => e.id));
    expect(await outbox.pendingCount()).toBe(0);
    expect(await relay.drain()).toBe(0);
  });

  it('retries a failing event after its backoff, then dead-letters it', async () => {
    const { clock, outbox, bus, relay } = setup(3);
    let calls = 0;
    bus.subscribe('flaky', '*', async () => {
      calls += 1;
      throw new Error('downstream unavailable');
    });
    outbox.append([sampleEvent()]);
    await relay.drain();
    expect(calls).toBe(1);
    await relay.drain();
    expect(calls).toBe(1); // not due before its backoff
    clock.advance(1000);
    await relay.drain();
    expect(calls).toBe(2);
    clock.advance(2000);
    await relay.drain();
    expect(calls).toBe(3);
    expect(await outbox.pendingCount()).toBe(0); // third failure: dead-lettered
    clock.advance(10 ** 9);
    await relay.drain();
    expect(calls).toBe(3);
  });

  it('does not let one failing event hold back the others', async () => {
    const { outbox, bus, relay } = setup();
    const delivered: string[] = [];
    const poison = sampleEvent('poison');
    bus.subscribe('picky', '*', async (event) => {
      if (event.type === 'poison') throw new Error('cannot handle');
      delivered.push(event.id);
    });
    const good = [sampleEvent(), sampleEvent()];
    outbox.append([poison, ...good]);
    await relay.drain();
    expect(delivered).toEqual(good.map((e) => e.id));
  });

  it('delivers soon after a commit once started, without waiting for the poll', async () => {
    const { outbox, bus, relay } = setup();
    const delivered = new Promise<DomainEvent>((resolve) => {
      bus.subscribe('waiter', '*', async (event) => resolve(event));
    });
    outbox.onAppend(() => relay.kick());
    relay.start();
    const event = sampleEvent();
    outbox.append([event]);
    expect(await delivered).toEqual(event);
    await relay.stop();
  });

  it('with an idempotent consumer, a redelivered event has one effect', async () => {
    const { clock, outbox, bus, relay } = setup();
    const processed = new MemoryProcessedEventStore();
    let effects = 0;
    let failOther = true;
    bus.subscribe(
      'counter',
      '*',
      idempotentConsumer('counter', processed, async () => {
        effects += 1;
      }),
    );
    bus.subscribe('other', '*', async () => {
      if (failOther) throw new Error('first try fails');
    });
    outbox.append([sampleEvent()]);
    await relay.drain(); // counter succeeds, other fails: the event stays pending
    failOther = false;
    clock.advance(60_000);
    await relay.drain(); // redelivered to both
    expect(effects).toBe(1);
    expect(await outbox.pendingCount()).toBe(0);
  });
});
