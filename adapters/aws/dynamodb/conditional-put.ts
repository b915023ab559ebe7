import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './condition-failure';
import type { Item } from './item-kind';

export interface PutCondition {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** Only if no item has this key. */
export const IF_ABSENT: PutCondition = { ConditionExpression: 'attribute_not_exists(pk)' };

/** Only over the version read; an absent item has no version, so it fails too. */
export const onVersion = (expected: number): PutCondition => ({
  ConditionExpression: '#version = :expected',
  ExpressionAttributeNames: { '#version': 'version' },
  ExpressionAttributeValues: { ':expected': expected },
});

/**
 * One conditional PutItem of a record: true when written. A failed condition is false, unless
 * `alreadyStored` finds this very record there: an earlier attempt of this write committed and
 * the SDK retried it after losing the response.
 */
export const conditionalPut = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  item: Item,
  condition: PutCondition,
  alreadyStored: () => Promise<boolean>,
): Promise<boolean> => {
  try {
    await doc.send(new PutCommand({ TableName: tableName, Item: item, ...condition }));
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return alreadyStored();
  }
};
