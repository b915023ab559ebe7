import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { DomainEvent, EventDraft } from './domain-event';

/** Stamps drafts with a sortable id and the clock's time, so services stay deterministic in tests. */
export class EventFactory {
  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  stamp(
    drafts: readonly EventDraft[],
    occurredAt: string = this.clock.now().toISOString(),
  ): DomainEvent[] {
    return drafts.map((draft) => ({ id: this.ids.next(), occurredAt, ...draft }));
  }
}
