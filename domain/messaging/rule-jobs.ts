import type { DomainEvent } from '../shared/domain-event';
import type { JobMessage } from './job-messages';

/** The jobs that act on an event's aggregate alone: its id is all the message needs. */
const FROM_AGGREGATE: Readonly<Record<string, (aggregateId: string) => JobMessage>> = {
  user_signup: (userId) => ({ type: 'user_signup', userId }),
  order_created: (orderId) => ({ type: 'order_created', orderId }),
};

/**
 * The job message a rule with a job target sends for an event: the jobs that act on the event's
 * aggregate alone. A payment or an export job needs ids an event does not carry, so a rule
 * naming one is refused when the rules are composed, not when an event arrives.
 */
export const jobForEvent = (job: string, event: DomainEvent): JobMessage => {
  const build = Object.hasOwn(FROM_AGGREGATE, job) ? FROM_AGGREGATE[job] : undefined;
  if (!build) {
    throw new RangeError(
      `A rule cannot send a ${job} job: it needs more than an event's aggregate`,
    );
  }
  return build(event.aggregateId);
};

export const RULE_JOBS: readonly string[] = Object.keys(FROM_AGGREGATE);
