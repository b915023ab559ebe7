import type { DomainEvent } from '../shared/domain-event';
import type { JobMessage } from './job-messages';

/**
 * The job message a rule with a job target sends for an event: the jobs that act on the event's
 * aggregate alone. A payment or an export job needs ids an event does not carry, so a rule
 * naming one is refused when the rules are composed, not when an event arrives.
 */
export const jobForEvent = (job: string, event: DomainEvent): JobMessage => {
  switch (job) {
    case 'user_signup':
      return { type: 'user_signup', userId: event.aggregateId };
    case 'order_created':
      return { type: 'order_created', orderId: event.aggregateId };
    default:
      throw new RangeError(
        `A rule cannot send a ${job} job: it needs more than an event's aggregate`,
      );
  }
};

export const RULE_JOBS: readonly string[] = ['user_signup', 'order_created'];
