import type { InvocationContext, StorageQueueHandler } from '@azure/functions';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Logger } from '../../../ports/logger.port';
import { envelopeToEvent } from '../queue/event-envelope';
import { withInvocation } from './invocation-logger';

const messageFields = (context: InvocationContext) => ({
  messageId: context.triggerMetadata?.id,
  dequeueCount: context.triggerMetadata?.dequeueCount,
});

/**
 * The Storage Queue door for events: message -> DomainEvent -> the consumers. A failure is
 * rethrown on purpose: that is how the host retries the message (visibility timeout) and,
 * after `maxDequeueCount` (host.json), moves it to `<queue>-poison`. Consumers are
 * idempotent, so a message delivered twice has one effect.
 */
export const queueTriggerHandler =
  (deliver: (event: DomainEvent) => Promise<void>, logger: Logger): StorageQueueHandler =>
  (message, context) =>
    withInvocation(context, async () => {
      let event: DomainEvent | undefined;
      try {
        event = envelopeToEvent(message);
        await deliver(event);
      } catch (error) {
        logger.error(
          { ...messageFields(context), eventId: event?.id, type: event?.type, err: error },
          'queue message failed; the host will retry it, then poison it',
        );
        throw error;
      }
      logger.info(
        { ...messageFields(context), eventId: event.id, type: event.type },
        'event consumed',
      );
    });
