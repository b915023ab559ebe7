import { isDeepStrictEqual } from 'node:util';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportRecord } from '../../../domain/inventory/import-record';
import type { ImportStore } from '../../../ports/import-store.port';
import { importKey, importRecordToItem, itemToImportRecord } from './inventory-items';
import { fitsInKey } from './table-design';

export interface DynamoDbImportStoreOptions {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * Import records in the single table (`IMPORT#<id>` / `IMPORT`), each write one conditional
 * PutItem: created only if absent, replaced only on the version read. The stream carries them
 * too; they raise no event.
 */
export class DynamoDbImportStore implements ImportStore {
  constructor(private readonly options: DynamoDbImportStoreOptions) {}

  create(record: ImportRecord): Promise<boolean> {
    return this.put(record, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  update(record: ImportRecord, expectedVersion: number): Promise<boolean> {
    return this.put(record, {
      // An absent record has no version, so the condition is false for it too.
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
  }

  async findById(id: string): Promise<ImportRecord | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: importKey(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToImportRecord(Item) : null;
  }

  /**
   * False when the condition fails, unless the record stored is exactly this one: then an earlier
   * attempt of this very write committed and the SDK retried it after losing the response.
   */
  private async put(
    record: ImportRecord,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.options.doc.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: importRecordToItem(record),
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Through JSON, as DynamoDB stores it: an `undefined` field is no field.
      const stored = await this.findById(record.id);
      return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(record)));
    }
  }
}
