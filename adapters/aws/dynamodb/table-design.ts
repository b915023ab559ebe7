import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The single-table design. Every entity lives in one table keyed `pk`/`sk` (strings) with two
 * overloaded GSIs, `gsi1` (gsi1pk/gsi1sk) and `gsi2` (gsi2pk/gsi2sk), both projecting ALL; the
 * stream (NEW_AND_OLD_IMAGES) is the outbox and `expiresAt` (epoch seconds) is the TTL attribute.
 * The CDK stack creates the same table; tests create it from `createTableInput`. Each domain
 * declares its own item kinds and keys (user-items.ts, order-items.ts, inventory-items.ts;
 * item-kind.ts says how), and the README's "Table design" lists them all.
 *
 * Lists that span every user (or every order of a status, or every stock level) would put all
 * their writes on one GSI partition if the GSI key were a constant, and ids (UUIDv7) grow
 * monotonically, so DynamoDB's split-for-heat cannot spread them either: one partition's
 * ~1000 writes/s would cap sign-ups. Instead such lists are write-sharded over LIST_SHARDS
 * partitions (by a hash of the id) and read by querying every shard from the cursor on and
 * merging by sort key (see keyset-query.ts). Changing LIST_SHARDS needs a backfill of
 * gsi1pk/gsi2pk, so it is a constant, not a setting.
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

/** The partitions of a sharded list: `<prefix><shard>` for every shard. */
export const shardPartitions = (prefix: string): string[] =>
  shards.map((shard) => `${prefix}${shard}`);

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
