import type { Logger } from '../../ports/logger.port';
import type { Reaction } from '../shared/reaction';

/**
 * The user-events rule's target: one audit line per user created, updated or deleted, with who
 * and when. It reacts to no type by itself (`on` is empty): the rule decides what reaches it,
 * so the pattern in domain/messaging/rules is the one place that says which events are audited.
 */
export const userAudit: Reaction<{ logger: Logger }> = {
  name: 'user-events',
  on: [],
  run: async (event, { logger }) => {
    logger.info(
      { audit: 'user', change: event.type, userId: event.aggregateId, at: event.occurredAt },
      'user audited',
    );
  },
};
