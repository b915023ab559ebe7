import type { DomainEvent, EventDraft } from '../shared/domain-event';
import type { DocumentRecord } from './document-record';

export type DocumentRead = DomainEvent<
  'document.read',
  { documentId: string; source: string; pages: number | null }
>;
export type DocumentFailed = DomainEvent<
  'document.failed',
  { documentId: string; source: string; code: string; message: string }
>;

/** Reaching `done` or `failed` from anything else; the DynamoDB stream applies the same rule. */
export const documentEventsFor = (
  before: DocumentRecord | null,
  after: DocumentRecord | null,
): EventDraft<DocumentRead | DocumentFailed>[] => {
  if (!after || before?.status === after.status) return [];
  const about = { aggregateType: 'document', aggregateId: after.id };
  if (after.status === 'done') {
    return [
      {
        ...about,
        type: 'document.read',
        payload: { documentId: after.id, source: after.source, pages: after.pages },
      },
    ];
  }
  if (after.status === 'failed' && after.failure) {
    return [
      {
        ...about,
        type: 'document.failed',
        payload: { documentId: after.id, source: after.source, ...after.failure },
      },
    ];
  }
  return [];
};
