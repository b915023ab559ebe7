import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { EventBus } from '../../../ports/event-bus.port';
import type { Logger } from '../../../ports/logger.port';
import { type Item, type ItemKind, kindOfKey } from '../dynamodb/item-kind';

export interface DynamoDbStreamHandlerDeps {
  bus: EventBus;
  logger: Logger;
  /** Every item kind of the table (each module's, itemKindsOf); those with an event rule raise events. */
  kinds: readonly ItemKind[];
}

/** One PutEvents call carries at most 10 entries: records are published in groups that fit. */
const EVENTS_PER_GROUP = 10;

type Image = Record<string, AttributeValue>;
const toItem = (image: unknown): Item | null => (image ? unmarshall(image as Image) : null);

/**
 * A UUIDv7-shaped id derived only from the stream record (its eventID and the event's index in
 * it), so a redelivered record yields the same ids and idempotent consumers drop the repeat. The
 * time field is the record's creation time, so ids still sort by time (to the second, which is
 * the precision DynamoDB Streams gives).
 */
export const streamEventId = (recordId: string, index: number, epochMs: number): string => {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(epochMs, 0, 6);
  createHash('sha256').update(`${recordId}#${index}`).digest().copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The domain events a stream record means, derived from its old and new images with the very
 * functions the services use (userEventsFor, orderEventsFor, stockEventsFor: each item kind's
 * rule), so AWS raises exactly the events the embedded server raises. Email guards, processed
 * marks (their TTL deletions included), import records and anything else in the table raise none.
 */
export const streamRecordToEvents = (
  record: DynamoDBRecord,
  kinds: readonly ItemKind[],
): DomainEvent[] => {
  const change = record.dynamodb;
  const eventsFor = kindOfKey(kinds, toItem(change?.Keys) ?? {})?.events;
  if (!change || !eventsFor) return [];
  if (change.StreamViewType && change.StreamViewType !== 'NEW_AND_OLD_IMAGES') {
    throw new Error(`The stream must carry NEW_AND_OLD_IMAGES, not ${change.StreamViewType}.`);
  }
  const [before, after] = [toItem(change.OldImage), toItem(change.NewImage)];
  const drafts = eventsFor(before, after);
  const epochMs = (change.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000;
  const occurredAt = new Date(epochMs).toISOString();
  const recordId = record.eventID ?? `${record.eventSourceARN}/${change.SequenceNumber}`;
  return drafts.map((draft, index) => ({
    id: streamEventId(recordId, index, Math.floor(epochMs)),
    occurredAt,
    ...draft,
  }));
};

/**
 * DynamoDB Streams -> EventBridge: the AWS form of the outbox relay. Requires the event source
 * mapping's ReportBatchItemFailures.
 *
 * Records are handled in stream order and published in groups of up to 10 events (one PutEvents
 * call). When a group cannot be published, or a record cannot be read, that group's first record
 * is reported and nothing after it is published: Lambda checkpoints at the lowest reported
 * sequence number and delivers everything from there again
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html), so
 * records before it are not repeated, and publishing later ones now would only put an item's
 * events out of order (user.deleted before user.updated). Events of a group that did get through
 * come again on the retry with the same ids; consumers dedupe them.
 */
export const createDynamoDbStreamHandler =
  ({ bus, logger, kinds }: DynamoDbStreamHandlerDeps) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failure = (record: DynamoDBRecord): DynamoDBBatchResponse => ({
      batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }],
    });
    let group: { first: DynamoDBRecord; events: DomainEvent[] } | undefined;
    const flush = async (): Promise<DynamoDBRecord | undefined> => {
      const current = group;
      group = undefined;
      if (!current || current.events.length === 0) return undefined;
      try {
        await bus.publish(current.events);
        return undefined;
      } catch (error) {
        logger.error(
          {
            err: error,
            sequenceNumber: current.first.dynamodb?.SequenceNumber,
            eventIds: current.events.map((e) => e.id),
          },
          'stream events not published; the batch is retried from this record',
        );
        return current.first;
      }
    };

    for (const record of event.Records) {
      let events: DomainEvent[];
      try {
        events = streamRecordToEvents(record, kinds);
      } catch (error) {
        const failed = await flush();
        logger.error(
          { err: error, sequenceNumber: record.dynamodb?.SequenceNumber, eventID: record.eventID },
          'stream record not understood; the batch is retried from this record',
        );
        return failure(failed ?? record);
      }
      if (group && group.events.length + events.length > EVENTS_PER_GROUP) {
        const failed = await flush();
        if (failed) return failure(failed);
      }
      group ??= { first: record, events: [] };
      group.events.push(...events);
    }
    const failed = await flush();
    return failed ? failure(failed) : { batchItemFailures: [] };
  };
