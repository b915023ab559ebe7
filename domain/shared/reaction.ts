import type { Logger } from '../../ports/logger.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import type { DomainEvent } from './domain-event';
import { idempotentConsumer } from './idempotent-consumer';

/**
 * Work an event causes ("out of stock -> notify", "payment completed -> notice"): domain code,
 * a function of the event and the ports it needs, registered once in its domain's module and
 * run by every door's delivery (the outbox relay, an EventBridge target, a queue trigger).
 */
export interface Reaction<P> {
  /** Dedupe marks are kept per name: renaming one replays nothing, but forgets its marks. */
  readonly name: string;
  /** The event types it reacts to; `*` for every event. */
  readonly on: readonly string[];
  run(event: DomainEvent, ports: P): Promise<void>;
}

/** A reaction given its ports: what a delivery runs. */
export interface BoundReaction {
  readonly name: string;
  readonly on: readonly string[];
  run(event: DomainEvent): Promise<void>;
}

export const bindReaction = <P>(reaction: Reaction<P>, ports: P): BoundReaction => ({
  name: reaction.name,
  on: reaction.on,
  run: (event) => reaction.run(event, ports),
});

export const reactsTo = (reaction: Pick<BoundReaction, 'on'>, type: string): boolean =>
  reaction.on.includes('*') || reaction.on.includes(type);

/**
 * The one way an event reaches its reactions, whichever door delivered it. Each matching
 * reaction runs once per event id (idempotentConsumer: its mark is written after it succeeds);
 * all of them run even when one fails, and the failures are then thrown together, so the
 * door's retry (relay backoff, Lambda retry, queue redelivery) brings the event back and only
 * the reactions that failed run again. Every delivery is logged, redeliveries included: a log
 * line records the delivery, not an effect, so it is not deduplicated. `delivered` names that line
 * (the event rules say theirs apart: domain/messaging/rules/rule-delivery.ts).
 */
export const createReactor =
  (
    reactions: readonly BoundReaction[],
    processed: ProcessedEventStore,
    logger: Logger,
    delivered = 'event delivered',
  ) =>
  async (event: DomainEvent): Promise<void> => {
    const matching = reactions.filter((reaction) => reactsTo(reaction, event.type));
    const about = { eventId: event.id, type: event.type };
    const results = await Promise.allSettled(
      matching.map((reaction) => idempotentConsumer(reaction.name, processed, reaction.run)(event)),
    );
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected' ? [{ reaction: matching[i]!.name, error: result.reason }] : [],
    );
    for (const { reaction, error } of failed) {
      logger.error({ ...about, reaction, err: error }, 'reaction failed');
    }
    if (failed.length > 0) {
      throw new AggregateError(
        failed.map((f) => f.error),
        `${failed.length} of ${matching.length} reactions failed on ${event.type} ${event.id}: ${failed.map((f) => f.reaction).join(', ')}`,
      );
    }
    logger.info(
      {
        ...about,
        aggregateId: event.aggregateId,
        reactions: matching.map((reaction) => reaction.name),
      },
      delivered,
    );
  };
