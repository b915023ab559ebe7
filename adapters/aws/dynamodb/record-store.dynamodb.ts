import { DeleteCommand, GetCommand, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RecordStore, StoredRecord } from '../../../ports/record-store.port';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import type { ItemKind } from './item-kind';
import { putIfAbsent, putOnVersion } from './write-items';

const DOC = { pk: 'DOC#', sk: 'DOC' } as const;

/** Messaging's records raise no events: their changes are the handlers' own bookkeeping. */
export const recordItemKind: ItemKind = { name: 'messaging record', key: DOC };

const keyOf = (collection: string, id: string) => ({
  pk: `${DOC.pk}${collection.length}#${collection}#${id}`,
  sk: DOC.sk,
});

/** A record per item (`DOC#<len>#<collection>#<id>` / `DOC`), JSON text, versioned by condition. */
export class DynamoDbRecordStore implements RecordStore {
  constructor(private readonly table: DynamoDbTable) {}

  async get<T>(collection: string, id: string): Promise<StoredRecord<T> | null> {
    const { Item } = await this.table.doc.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keyOf(collection, id),
        ConsistentRead: true,
      }),
    );
    return Item
      ? { value: JSON.parse(Item.value as string) as T, version: Item.version as number }
      : null;
  }

  async put<T>(
    collection: string,
    id: string,
    value: T,
    expectedVersion: number | null,
  ): Promise<number | null> {
    const version = (expectedVersion ?? 0) + 1;
    const item = {
      ...keyOf(collection, id),
      kind: 'messaging-record',
      value: JSON.stringify(value),
      version,
    };
    const { Put } =
      expectedVersion === null
        ? putIfAbsent(this.table.tableName, item)
        : putOnVersion(this.table.tableName, item, expectedVersion);
    try {
      await this.table.doc.send(new PutCommand(Put as PutCommandInput));
      return version;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keyOf(collection, id) }),
    );
  }
}
