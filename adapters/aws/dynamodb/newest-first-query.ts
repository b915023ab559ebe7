import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type Created,
  newestFirstAfter,
  newestFirstCursor,
} from '../../../domain/shared/newest-first';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import type { Item } from './item-kind';
import { keysetMerge, type PartitionSource } from './keyset-query';
import { KEY_SEPARATOR, orderedKey } from './ordered-key';

/**
 * The part of a sort key after its prefix that orders records as domain/shared/newest-first.ts
 * does when read backwards: createdAt (fixed-width ISO text), then the id in the order-keeping
 * encoding. It never changes for a record, so its list entry is written once per write, in place.
 */
export const newestFirstSortKey = (record: Created): string =>
  `${record.createdAt}${KEY_SEPARATOR}${orderedKey(record.id)}`;

/**
 * A page of one GSI partition whose sort keys are `prefix + newestFirstSortKey`, newest first.
 * Lists of rarely written records (an import, a draw) take one partition: they are far below
 * the ~1000 writes/s that make table-design.ts shard the busy lists.
 */
export const newestFirstPage = async <T extends Created>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  source: PartitionSource,
  page: PageRequest,
  toDomain: (item: Item) => T,
): Promise<Page<T>> => {
  const after = newestFirstAfter(page.cursor);
  const { items, more } = await keysetMerge(
    doc,
    tableName,
    [source],
    after ? newestFirstSortKey(after) : '',
    page.limit,
    toDomain,
    newestFirstSortKey,
    true,
  );
  const last = items.at(-1);
  return { items, nextCursor: more && last ? newestFirstCursor(last) : null };
};
