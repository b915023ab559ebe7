import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ApiKeyRecord, apiKeyRecordSchema } from '../../../domain/access/api-key';
import { readStored } from '../../../domain/shared/stored-record';
import type { ApiKeyStore } from '../../../ports/api-key-store.port';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import type { Item, ItemKind } from './item-kind';
import { queryPartition } from './query-whole';

/*
 * | item    | pk      | sk         |
 * | api key | APIKEYS | KEY#<id>   |
 *
 * One partition holds every key: a deployment has tens of keys, read one at a time by id
 * (consistent GetItem), listed by one Query, never scanned.
 */
const API_KEY = { pk: 'APIKEYS', skPrefix: 'KEY#' } as const;
const keyOf = (id: string) => ({ pk: API_KEY.pk, sk: `${API_KEY.skPrefix}${id}` });

export const apiKeyItemKinds: readonly ItemKind[] = [{ name: 'api-key', key: API_KEY }];

/** An unrevoked key has no revokedAt attribute, so revoking is one if_not_exists update. */
const toItem = ({ revokedAt, ...record }: ApiKeyRecord): Item => ({
  ...keyOf(record.id),
  ...record,
  ...(revokedAt === null ? {} : { revokedAt }),
});

const toRecord = (item: Item): ApiKeyRecord => {
  const { pk: _pk, sk: _sk, revokedAt = null, ...record } = item;
  return readStored(apiKeyRecordSchema, { ...record, revokedAt }, 'api key');
};

export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(private readonly table: DynamoDbTable) {}

  async create(record: ApiKeyRecord): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: toItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keyOf(id), ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items = await queryPartition(
      this.table.doc,
      this.table.tableName,
      API_KEY.pk,
      API_KEY.skPrefix,
    );
    return items.map(toRecord);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keyOf(id),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
