import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import { isConditionFailure } from './condition-failure';
import type { ItemKind } from './item-kind';
import { type ItemKey, TTL_ATTRIBUTE } from './table-design';

export interface DynamoDbProcessedEventStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /**
   * How long a mark is kept. It must outlast every redelivery: EventBridge retries for up to
   * 24 h and an SQS queue keeps a message up to 14 days, hence 14 days.
   */
  ttlSeconds?: number;
  now?: () => Date;
}

const FOURTEEN_DAYS = 14 * 24 * 60 * 60;

const PROCESSED = { pk: 'EVENT#', skPrefix: 'PROCESSED#' } as const;

export const processedKey = (consumer: string, eventId: string): ItemKey => ({
  pk: `${PROCESSED.pk}${eventId}`,
  sk: `${PROCESSED.skPrefix}${consumer}`,
});

/** The marks raise no events, their TTL deletions included. */
export const processedItemKind: ItemKind = { name: 'processed', key: PROCESSED };

/**
 * Dedupe marks for idempotent consumers, in the same table (`EVENT#<id>` / `PROCESSED#<consumer>`)
 * so they need no table of their own; DynamoDB's TTL deletes them after `ttlSeconds`. TTL deletion
 * lags (typically within days), and an expired mark still present only dedupes a little longer.
 */
export class DynamoDbProcessedEventStore implements ProcessedEventStore {
  private readonly ttlSeconds: number;
  private readonly now: () => Date;

  constructor(private readonly options: DynamoDbProcessedEventStoreOptions) {
    this.ttlSeconds = options.ttlSeconds ?? FOURTEEN_DAYS;
    this.now = options.now ?? (() => new Date());
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    const { Item } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: processedKey(consumer, eventId),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return Item !== undefined;
  }

  /** Conditional: the first mark stands (its time and expiry are not pushed back by a repeat). */
  async record(consumer: string, eventId: string): Promise<void> {
    const now = this.now();
    try {
      await this.options.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            ...processedKey(consumer, eventId),
            consumer,
            eventId,
            processedAt: now.toISOString(),
            [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + this.ttlSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw error;
    }
  }
}
