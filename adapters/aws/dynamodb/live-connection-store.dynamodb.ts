import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type LiveConnection, liveConnectionSchema } from '../../../domain/live';
import { readStored } from '../../../domain/shared/stored-record';
import type { LiveConnectionStore } from '../../../ports/live-connection-store.port';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import type { Item, ItemKind } from './item-kind';
import { queryPartition } from './query-whole';
import { fitsInKey, TTL_ATTRIBUTE } from './table-design';

/*
 * | item            | pk               | sk                 | expiresAt (TTL)       |
 * | live connection | LIVE#CONNECTIONS | CONNECTION#<id>    | epoch seconds         |
 *
 * One partition holds every connection of the WebSocket API: a broadcast lists them all with one
 * Query, and there are a handful (operator consoles), far below a partition's write rate. The
 * table's TTL drops a connection whose $disconnect never came (API Gateway does not promise one).
 */
const CONNECTION = { pk: 'LIVE#CONNECTIONS', skPrefix: 'CONNECTION#' } as const;
const keyOf = (id: string) => ({ pk: CONNECTION.pk, sk: `${CONNECTION.skPrefix}${id}` });

/** Connections raise no events: they are the feed's bookkeeping, not the domain's facts. */
export const liveItemKinds: readonly ItemKind[] = [{ name: 'live-connection', key: CONNECTION }];

const toItem = (connection: LiveConnection): Item => ({
  ...keyOf(connection.id),
  ...connection,
  // The TTL attribute must be a number of epoch seconds; the ISO time is kept beside it.
  expiresIso: connection.expiresAt,
  [TTL_ATTRIBUTE]: Math.floor(Date.parse(connection.expiresAt) / 1000),
});

const toConnection = (item: Item): LiveConnection => {
  const { id, role, patterns, connectedAt, expiresIso } = item;
  return readStored(
    liveConnectionSchema,
    { id, role, patterns, connectedAt, expiresAt: expiresIso },
    'live connection',
  );
};

export class DynamoDbLiveConnectionStore implements LiveConnectionStore {
  constructor(private readonly table: DynamoDbTable) {}

  async put(connection: LiveConnection): Promise<void> {
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: toItem(connection) }),
    );
  }

  async get(id: string): Promise<LiveConnection | undefined> {
    if (!fitsInKey(id)) return undefined;
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keyOf(id), ConsistentRead: true }),
    );
    return Item ? toConnection(Item) : undefined;
  }

  async setSubscriptions(id: string, patterns: readonly string[]): Promise<boolean> {
    if (!fitsInKey(id)) return false;
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keyOf(id),
          UpdateExpression: 'SET patterns = :patterns',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':patterns': [...patterns] },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    if (!fitsInKey(id)) return;
    await this.table.doc.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keyOf(id) }),
    );
  }

  async list(): Promise<LiveConnection[]> {
    const items = await queryPartition(
      this.table.doc,
      this.table.tableName,
      CONNECTION.pk,
      CONNECTION.skPrefix,
    );
    return items.map(toConnection);
  }
}
