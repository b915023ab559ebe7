import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import type { Item } from './item-mappers';

/** One GSI partition to read, in sort-key order; every sort key in it is `prefix + id`. */
export interface PartitionSource {
  index: string;
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
): Promise<Item[]> => {
  const names = { '#pk': `${source.index}pk`, '#sk': `${source.index}sk`, ...source.filter?.names };
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
        IndexName: source.index,
        // `>` on the sort key is exclusive: the cursor item itself is never read again.
        KeyConditionExpression: '#pk = :pk AND #sk > :after',
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
 * A page in id order over one or more partitions (the shards of a list), scan-free: each source
 * yields its first limit+1 matching items after the cursor, and since each is sorted by id, the
 * first limit+1 of their merge are the first limit+1 overall. The extra one only says whether a
 * next page exists. GSI reads are eventually consistent (DynamoDB offers no other kind).
 */
export const keysetPage = async <T extends { id: string }>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  sources: readonly PartitionSource[],
  page: PageRequest,
  toDomain: (item: Item) => T,
): Promise<Page<T>> => {
  const after = page.cursor ? decodeCursor<{ after: string }>(page.cursor, cursorSchema).after : '';
  const need = page.limit + 1;
  const reads = await Promise.all(
    sources.map((source) => readPartition(doc, tableName, source, after, need)),
  );
  const merged = reads
    .flat()
    .map(toDomain)
    // DynamoDB orders sort keys by UTF-8 bytes; for ASCII ids (UUIDv7) that is JS string order.
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, need);
  const items = merged.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: merged.length > page.limit && last ? encodeCursor({ after: last.id }) : null,
  };
};
