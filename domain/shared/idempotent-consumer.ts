import type { EventHandler } from '../../ports/event-bus.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';

/**
 * Wraps a consumer so an event delivered twice (at-least-once delivery) is handled
 * once. The mark is written after the handler succeeds: a crash in between means
 * one more delivery, never a lost one, so handlers should also be safe to repeat.
 */
export const idempotentConsumer =
  (name: string, processed: ProcessedEventStore, handler: EventHandler): EventHandler =>
  async (event) => {
    if (await processed.has(name, event.id)) return;
    await handler(event);
    await processed.record(name, event.id);
  };
