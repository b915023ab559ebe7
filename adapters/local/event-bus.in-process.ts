import type { DomainEvent } from '../../domain/shared/domain-event';
import type { EventBus, EventHandler } from '../../ports/event-bus.port';

export type EventMatcher = string | readonly string[] | ((event: DomainEvent) => boolean);

interface Subscription {
  name: string;
  matches: (event: DomainEvent) => boolean;
  handler: EventHandler;
}

const toPredicate = (matcher: EventMatcher): ((event: DomainEvent) => boolean) => {
  if (typeof matcher === 'function') return matcher;
  const types = new Set(typeof matcher === 'string' ? [matcher] : matcher);
  return types.has('*') ? () => true : (event) => types.has(event.type);
};

/**
 * Delivers events to the consumers subscribed in this process. `publish` resolves
 * once every matching consumer has succeeded and rejects if any failed, so the
 * outbox relay retries the event; consumers are idempotent for that reason.
 */
export class InProcessEventBus implements EventBus {
  private readonly subscriptions: Subscription[] = [];

  subscribe(name: string, matcher: EventMatcher, handler: EventHandler): () => void {
    const subscription = { name, matches: toPredicate(matcher), handler };
    this.subscriptions.push(subscription);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
    };
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const failures: string[] = [];
    for (const event of events) {
      for (const subscription of this.subscriptions) {
        if (!subscription.matches(event)) continue;
        try {
          await subscription.handler(event);
        } catch (error) {
          failures.push(
            `${subscription.name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    if (failures.length > 0) throw new Error(`Event consumers failed: ${failures.join('; ')}`);
  }
}
