import type { EventGridEvent, EventGridHandler } from '@azure/functions';
import type { Logger } from '../../../ports/logger.port';
import { withInvocation } from './invocation-logger';

/** A blob that appeared, as an Event Grid BlobCreated event names it: no bytes, only where. */
export interface BlobCreatedEvent {
  container: string;
  key: string;
  etag: string | undefined;
  size: number | undefined;
}

const SUBJECT = /^\/blobServices\/default\/containers\/([^/]+)\/blobs\/(.+)$/;

/**
 * Microsoft.Storage.BlobCreated -> where the blob is. The subject carries container and name
 * as written (`/blobServices/default/containers/uploads/blobs/inventory/a b.csv`); `data.url`
 * carries them URL-encoded. Null for any other event type.
 * (https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage)
 */
export const eventGridToBlobCreated = (event: EventGridEvent): BlobCreatedEvent | null => {
  if (event.eventType !== 'Microsoft.Storage.BlobCreated') return null;
  const match = SUBJECT.exec(event.subject ?? '');
  if (!match?.[1] || !match[2]) {
    throw new Error(`A BlobCreated event with an unexpected subject: ${event.subject}`);
  }
  const data = event.data ?? {};
  return {
    container: match[1],
    key: match[2],
    etag: typeof data.eTag === 'string' ? data.eTag : undefined,
    size: typeof data.contentLength === 'number' ? data.contentLength : undefined,
  };
};

/**
 * The Event Grid door for blobs: unlike a blob trigger, the host hands over the event alone
 * and never reads the blob, so a large file is only ever streamed by the domain. A failure is
 * rethrown: Event Grid redelivers with backoff for up to 24 hours, then dead-letters.
 */
export const eventGridBlobHandler =
  (onCreated: (created: BlobCreatedEvent) => Promise<void>, logger: Logger): EventGridHandler =>
  (event, context) =>
    withInvocation(context, async () => {
      const created = eventGridToBlobCreated(event);
      if (!created) {
        logger.info(
          { eventType: event.eventType, eventId: event.id },
          'event skipped: not BlobCreated',
        );
        return;
      }
      const fields = { container: created.container, key: created.key, eventId: event.id };
      try {
        await onCreated(created);
      } catch (error) {
        logger.error(
          { ...fields, err: error },
          'blob event handling failed; Event Grid will retry it',
        );
        throw error;
      }
      logger.info({ ...fields, size: created.size }, 'blob event handled');
    });
