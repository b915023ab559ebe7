import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import type { Item } from './item-kind';

/** One partition to read, in sort-key order; every sort key in it is `prefix + <resume key>`. */
export interface PartitionSource {
  /** A GSI, or absent for the table itself (keys pk/sk), which is then read strongly consistent. */
  index?: string;
  partition: string;
  prefix: string;
  /** Narrows the partition (e.g. an order status); applied after the read, hence the loop below. */
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

/**
 * The cursor is the resume key: the id of the last item returned, i.e. the sort key DynamoDB would
 * have put in LastEvaluatedKey had the page stopped there. DynamoDB's own LastEvaluatedKey is not
 * handed out because it points at the last item *read*: with a FilterExpression or the
 * limit+1 look-ahead that tells whether a next page exists, that is past items not returned, so
 * they would be skipped. The partition is implied by the query, so a cursor cannot steer a
 * request into another partition.
 */
const cursorSchema = z.strictObject({ after: z.string().check(z.minLength(1), z.maxLength(1000)) });

const readPartition = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  source: PartitionSource,
  after: string,
  need: number,
  descending: boolean,
): Promise<Item[]> => {
  const keyOf = source.index ?? '';
  const names = { '#pk': `${keyOf}pk`, '#sk': `${keyOf}sk`, ...source.filter?.names };
  // Ascending, `>` on the sort key is exclusive: the cursor item itself is never read again; a
  // first page starts after the bare prefix. Descending, `<` does the same from the other end,
  // and a first page has no key to start below, so it takes the whole prefix.
  const from =
    descending && after === ''
      ? 'begins_with(#sk, :after)'
      : `#sk ${descending ? '<' : '>'} :after`;
  const values = {
    ':pk': source.partition,
    ':after': `${source.prefix}${after}`,
    ...source.filter?.values,
  };
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        ...(source.index ? { IndexName: source.index } : { ConsistentRead: true }),
        KeyConditionExpression: `#pk = :pk AND ${from}`,
        ...(descending ? { ScanIndexForward: false } : {}),
        ...(source.filter ? { FilterExpression: source.filter.expression } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // Limit bounds the items *read*; a filter may keep fewer, so read on until `need` match.
        Limit: need,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start && items.length < need);
  return items.slice(0, need);
};

/**
 * The first `limit` items after the resume key `after` over one or more partitions (the shards of
 * a list), scan-free: each source yields its first limit+1 matching items after it, and since
 * each is sorted by sort key, the first limit+1 of their merge are the first limit+1 overall. The
 * extra one only says whether there is `more`. `sortKeyOf` gives an item's resume key (its sort
 * key after the prefix); merging compares those as JS strings, which is DynamoDB's UTF-8 byte
 * order as long as they hold no surrogates (ASCII ids, ordered-key.ts names). GSI reads are
 * eventually consistent (DynamoDB offers no other kind). `descending` walks every source backwards
 * from the resume key instead (newest first, for time-ordered sort keys).
 */
export const keysetMerge = async <T>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  sources: readonly PartitionSource[],
  after: string,
  limit: number,
  toDomain: (item: Item) => T,
  sortKeyOf: (value: T) => string,
  descending = false,
): Promise<{ items: T[]; more: boolean }> => {
  const need = limit + 1;
  const reads = await Promise.all(
    sources.map((source) => readPartition(doc, tableName, source, after, need, descending)),
  );
  const direction = descending ? -1 : 1;
  const merged = reads
    .flat()
    .map((item) => {
      const value = toDomain(item);
      return { key: sortKeyOf(value), value };
    })
    .sort((a, b) => direction * (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, need)
    .map((entry) => entry.value);
  return { items: merged.slice(0, limit), more: merged.length > limit };
};

/**
 * A page in id order (see keysetMerge). The cursor is `{ after: <id of the last item> }`.
 * DynamoDB orders sort keys by UTF-8 bytes; for ASCII ids (UUIDv7) that is JS string order.
 */
export const keysetPage = async <T extends { id: string }>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  sources: readonly PartitionSource[],
  page: PageRequest,
  toDomain: (item: Item) => T,
): Promise<Page<T>> => {
  const after = page.cursor ? decodeCursor<{ after: string }>(page.cursor, cursorSchema).after : '';
  const { items, more } = await keysetMerge(
    doc,
    tableName,
    sources,
    after,
    page.limit,
    toDomain,
    (value) => value.id,
  );
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor({ after: last.id }) : null };
};
