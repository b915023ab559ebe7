import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { DomainEvent } from './domain-event';

/** Stamps events with a sortable id and the clock's time, so services stay deterministic in tests. */
export class EventFactory {
  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  create<E extends DomainEvent>(
    type: E['type'],
    aggregateType: string,
    aggregateId: string,
    payload: E['payload'],
    occurredAt: string = this.clock.now().toISOString(),
  ): E {
    return { id: this.ids.next(), type, occurredAt, aggregateType, aggregateId, payload } as E;
  }
}
