import type { DomainEvent, EventDraft } from '../shared/domain-event';
import type { ImageRecord } from './image-record';

export type ImageProcessed = DomainEvent<
  'image.processed',
  { imageId: string; source: string; variants: { name: string; key: string }[] }
>;
export type ImageFailed = DomainEvent<
  'image.failed',
  { imageId: string; source: string; code: string; message: string }
>;
export type ImageEvent = ImageProcessed | ImageFailed;

/**
 * The events a change of image record means: reaching `done` or `failed` from anything else.
 * Shared by the service (embedded outbox) and the DynamoDB stream, so every door raises the same.
 */
export const imageEventsFor = (
  before: ImageRecord | null,
  after: ImageRecord | null,
): EventDraft<ImageEvent>[] => {
  if (!after || before?.status === after.status) return [];
  const about = { aggregateType: 'image', aggregateId: after.id };
  if (after.status === 'done') {
    return [
      {
        ...about,
        type: 'image.processed',
        payload: {
          imageId: after.id,
          source: after.source,
          variants: after.variants.map(({ name, key }) => ({ name, key })),
        },
      },
    ];
  }
  if (after.status === 'failed' && after.failure) {
    return [
      {
        ...about,
        type: 'image.failed',
        payload: { imageId: after.id, source: after.source, ...after.failure },
      },
    ];
  }
  return [];
};
