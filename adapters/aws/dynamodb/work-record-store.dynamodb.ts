import { isDeepStrictEqual } from 'node:util';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { WorkRecord } from '../../../domain/shared/work-record';
import type { WorkRecordStore } from '../../../ports/work-record-store.port';
import type { DynamoDbTable } from './dynamodb-store';
import { keysetPage } from './keyset-query';
import { fitsInKey } from './table-design';
import { itemToWorkRecord, type WorkRecordKind, workRecordKeys } from './work-record-items';

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Work records in the single table, each write one conditional PutItem (created only if absent,
 * replaced only on the version read). The events given are not written: the table's stream
 * carries every change, and the stream function derives the same events from its images with
 * the domain's rule (workRecordItemKind).
 */
export class DynamoDbWorkRecordStore<R extends WorkRecord> implements WorkRecordStore<R> {
  private readonly keys: ReturnType<typeof workRecordKeys>;

  constructor(
    private readonly table: DynamoDbTable,
    private readonly kind: WorkRecordKind<R>,
  ) {
    this.keys = workRecordKeys(kind.name);
  }

  create(record: R): Promise<boolean> {
    return this.put(record, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  update(record: R, expectedVersion: number): Promise<boolean> {
    return this.put(record, {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
  }

  async findById(id: string): Promise<R | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: this.keys.key(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToWorkRecord(this.kind, Item) : null;
  }

  list(page: PageRequest): Promise<Page<R>> {
    return keysetPage(
      this.table.doc,
      this.table.tableName,
      this.keys.listPartitions().map((partition) => ({
        index: this.keys.index,
        partition,
        prefix: this.keys.listPrefix,
      })),
      page,
      (item) => itemToWorkRecord(this.kind, item),
    );
  }

  /**
   * False when the condition fails, unless the record stored is exactly this one: an earlier
   * attempt of this very write committed and the SDK retried it after losing the response.
   */
  private async put(
    record: R,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    // Through JSON, as DynamoDB stores it: an `undefined` field is no field.
    const stored = JSON.parse(JSON.stringify(record)) as R;
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...this.keys.key(record.id), ...this.keys.listKeys(record.id), ...stored },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return isDeepStrictEqual(await this.findById(record.id), stored);
    }
  }
}
