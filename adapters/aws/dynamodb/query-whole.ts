import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-kind';

/** Every item a query finds, page after page. */
const queryAllPages = async (doc: DynamoDBDocumentClient, input: QueryCommandInput) => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

/** Every item of a GSI partition (optionally under a sort-key prefix), page after page. */
export const queryWhole = (
  doc: DynamoDBDocumentClient,
  tableName: string,
  index: string,
  partition: string,
  prefix?: string,
): Promise<Item[]> =>
  queryAllPages(doc, {
    TableName: tableName,
    IndexName: index,
    KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: {
      '#pk': `${index}pk`,
      ...(prefix ? { '#sk': `${index}sk` } : {}),
    },
    ExpressionAttributeValues: { ':pk': partition, ...(prefix ? { ':prefix': prefix } : {}) },
  });

/**
 * Every item of a table partition under a sort-key prefix, read consistently: the small lists
 * kept in one partition (API keys, live connections) right after a write to them.
 */
export const queryPartition = (
  doc: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  prefix: string,
): Promise<Item[]> =>
  queryAllPages(doc, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    ConsistentRead: true,
  });
