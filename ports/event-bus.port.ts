import type { DomainEvent } from '../domain/shared/domain-event';

/** Where committed events go to reach their consumers (in-process bus, EventBridge, a queue). */
export interface EventBus {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;
