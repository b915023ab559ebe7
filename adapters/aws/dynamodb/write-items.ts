import type { Item } from './item-kind';
import type { ItemKey } from './table-design';
import type { TransactItem } from './transaction-writer';

/**
 * The conditional writes the repositories compose into TransactWriteItems lists. Entries whose
 * failure must say *why* ask for the item as it was (ALL_OLD): absent means not found, another
 * version means a concurrent change.
 */
export const putIfAbsent = (tableName: string, item: Item): TransactItem => ({
  Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

export const putOnVersion = (tableName: string, item: Item, expected: number): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: item,
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expected },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

export const deleteOnVersion = (
  tableName: string,
  key: ItemKey,
  expected: number,
): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: key,
    ConditionExpression: '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': expected },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/** Deletes an email guard only while it still names this user. */
export const deleteGuardOf = (tableName: string, key: ItemKey, userId: string): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: key,
    ConditionExpression: 'userId = :userId',
    ExpressionAttributeValues: { ':userId': userId },
  },
});
