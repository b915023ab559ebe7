import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { StockKey } from '../../../domain/inventory/stock-level';
import type { OrderStatus } from '../../../domain/orders/order';
import { KEY_SEPARATOR, orderedKey } from './ordered-key';

/**
 * The single-table design. Every entity lives in one table keyed `pk`/`sk` (strings) with two
 * overloaded GSIs, `gsi1` (gsi1pk/gsi1sk) and `gsi2` (gsi2pk/gsi2sk), both projecting ALL; the
 * stream (NEW_AND_OLD_IMAGES) is the outbox and `expiresAt` (epoch seconds) is the TTL attribute.
 * The CDK stack creates the same table; tests create it from `createTableInput`.
 *
 * | item            | pk                   | sk                   | gsi1pk / gsi1sk           | gsi2pk / gsi2sk                      |
 * | user            | USER#<id>            | USER                 | USERS#<shard> / USER#<id> |                                      |
 * | email guard     | EMAIL#<lower email>  | EMAIL                |                           |                                      |
 * | order           | ORDER#<id>           | ORDER                | USER#<userId> / ORDER#<id>| ORDER_STATUS#<status>#<shard> / ORDER#<id> |
 * | processed mark  | EVENT#<eventId>      | PROCESSED#<consumer> |                           |                                      |
 * | stock level     | STOCK#<store*>       | ITEM#<item*>         | STOCKS#<shard> / STOCK#<store*>\u0001<item*> |            |
 * | import record   | IMPORT#<id>          | IMPORT               |                           |                                      |
 *
 * Lists that span every user (or every order of a status, or every stock level) would put all
 * their writes on one GSI partition if the GSI key were a constant, and ids (UUIDv7) grow
 * monotonically, so DynamoDB's split-for-heat cannot spread them either: one partition's
 * ~1000 writes/s would cap sign-ups. Instead such lists are write-sharded over LIST_SHARDS
 * partitions (by a hash of the id) and read by querying every shard from the cursor on and
 * merging by sort key (see keyset-query.ts). Changing LIST_SHARDS needs a backfill of
 * gsi1pk/gsi2pk, so it is a constant, not a setting.
 *
 * Stock: `*` marks store and item names in the order-preserving encoding of ordered-key.ts, so
 * DynamoDB's byte order is the code-unit order the port promises, whatever the characters. One
 * store's levels are one partition of the table, read in item order (strongly consistent); all
 * levels, by store then item, are the sharded gsi1 list, whose sort key holds both names. They
 * shard by (store, item), not by store, so importing one big store spreads over every shard.
 */
export const TABLE_KEYS = { pk: 'pk', sk: 'sk' } as const;
export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const TTL_ATTRIBUTE = 'expiresAt';
export const LIST_SHARDS = 4;

export interface ItemKey {
  pk: string;
  sk: string;
  [attribute: string]: unknown;
}

export const SK = {
  user: 'USER',
  emailGuard: 'EMAIL',
  order: 'ORDER',
  processedPrefix: 'PROCESSED#',
  stockPrefix: 'ITEM#',
  importRecord: 'IMPORT',
} as const;

export const USER_SORT_PREFIX = 'USER#';
export const ORDER_SORT_PREFIX = 'ORDER#';
export const STOCK_SORT_PREFIX = 'STOCK#';

export const userKey = (id: string): ItemKey => ({ pk: `USER#${id}`, sk: SK.user });
export const emailGuardKey = (emailKey: string): ItemKey => ({
  pk: `EMAIL#${emailKey}`,
  sk: SK.emailGuard,
});
export const orderKey = (id: string): ItemKey => ({ pk: `ORDER#${id}`, sk: SK.order });
export const processedKey = (consumer: string, eventId: string): ItemKey => ({
  pk: `EVENT#${eventId}`,
  sk: `${SK.processedPrefix}${consumer}`,
});
export const STOCK_PARTITION_PREFIX = 'STOCK#';
export const stockPartition = (store: string) => `${STOCK_PARTITION_PREFIX}${orderedKey(store)}`;
export const stockKey = ({ store, item }: StockKey): ItemKey => ({
  pk: stockPartition(store),
  sk: `${SK.stockPrefix}${orderedKey(item)}`,
});
export const importKey = (id: string): ItemKey => ({ pk: `IMPORT#${id}`, sk: SK.importRecord });

/** FNV-1a: a stable, well-spread hash of the id picks the shard; never changes for an item. */
export const shardOf = (id: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % LIST_SHARDS;
};

const shards = Array.from({ length: LIST_SHARDS }, (_, shard) => shard);

export const userListPartition = (shard: number) => `USERS#${shard}`;
export const allUserListPartitions = (): string[] => shards.map(userListPartition);
export const ordersOfUserPartition = (userId: string) => `USER#${userId}`;
export const orderStatusPartition = (status: OrderStatus, shard: number) =>
  `ORDER_STATUS#${status}#${shard}`;
export const orderStatusPartitions = (status: OrderStatus): string[] =>
  shards.map((shard) => orderStatusPartition(status, shard));
export const stockListPartition = (shard: number) => `STOCKS#${shard}`;
export const allStockListPartitions = (): string[] => shards.map(stockListPartition);
/** A level's place in the list of all levels (after STOCK_SORT_PREFIX): store, then item. */
export const stockListKey = ({ store, item }: StockKey): string =>
  `${orderedKey(store)}${KEY_SEPARATOR}${orderedKey(item)}`;
/** The shard of a stock level: of its whole key, so one store's levels spread over all shards. */
export const stockShardOf = (key: StockKey): number => shardOf(stockListKey(key));

/**
 * DynamoDB refuses a partition key over 2048 bytes or a sort key over 1024 with a
 * ValidationException; an id that long cannot name a stored item, so lookups answer "absent".
 */
export const fitsInKey = (value: string): boolean => Buffer.byteLength(value, 'utf8') <= 1000;

/** The table as the CDK stack creates it (on-demand billing; the stream and TTL are set there). */
export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  })),
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [GSI1, GSI2].map((index) => ({
    IndexName: index,
    KeySchema: [
      { AttributeName: `${index}pk`, KeyType: 'HASH' },
      { AttributeName: `${index}sk`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
