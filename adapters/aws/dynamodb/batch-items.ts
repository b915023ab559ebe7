import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Item } from './item-kind';
import type { ItemKey } from './table-design';

/** Keys per BatchGetItem and put requests per BatchWriteItem: DynamoDB's own limits. */
export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;

export interface BatchRetryOptions {
  /** Calls per batch, the first included, before what is still unprocessed is given up. */
  maxAttempts?: number;
  /** Base and cap of the exponential backoff between them (full jitter). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/** Batch items DynamoDB kept leaving unprocessed (throughput exceeded); safe to try again. */
export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';

  constructor(operation: string, left: number, of: number, attempts: number) {
    super(
      `${operation}: ${left} of ${of} items were still unprocessed after ${attempts} attempts ` +
        '(the table is throttling); nothing was half-written, so the call can be repeated.',
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a batch call and then again for what DynamoDB left unprocessed, with exponential backoff
 * and full jitter, as the API asks: unprocessed items are a partial success the SDK does not
 * retry (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html,
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
const untilProcessed = async <T>(
  operation: string,
  requests: readonly T[],
  send: (pending: readonly T[]) => Promise<readonly T[]>,
  options: BatchRetryOptions,
): Promise<void> => {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.retryDelayMs ?? 50;
  const cap = options.maxRetryDelayMs ?? 2000;
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > 1) await sleep(Math.random() * Math.min(cap, base * 2 ** (attempt - 2)));
    pending = await send(pending);
    if (pending.length > 0 && attempt >= maxAttempts) {
      throw new UnprocessedItemsError(operation, pending.length, requests.length, attempt);
    }
  }
};

/** Up to 100 items by key, strongly consistent, in no particular order; absent ones are left out. */
export const batchGet = async (
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  projection: { expression: string; names: Record<string, string> },
  options: BatchRetryOptions = {},
): Promise<Item[]> => {
  const found: Item[] = [];
  await untilProcessed(
    'BatchGetItem',
    keys,
    async (pending) => {
      const { Responses, UnprocessedKeys } = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...pending],
              ConsistentRead: true,
              ProjectionExpression: projection.expression,
              ExpressionAttributeNames: projection.names,
            },
          },
        }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      return (UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
    },
    options,
  );
  return found;
};

/** Up to 25 whole items, each replaced (or created) as it is: no conditions, no return values. */
export const batchPut = (
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: BatchRetryOptions = {},
): Promise<void> =>
  untilProcessed(
    'BatchWriteItem',
    items.map((item) => ({ PutRequest: { Item: item } })),
    async (pending) => {
      const { UnprocessedItems } = await doc.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: [...pending] } }),
      );
      return (UnprocessedItems?.[tableName] ?? []).map((request) => ({
        PutRequest: { Item: request.PutRequest?.Item ?? {} },
      }));
    },
    options,
  );

/**
 * Runs `task` on every value with at most `slots` running at once. After a failure no new task
 * starts, and the call settles only once those running have: no write of it is still in flight
 * when its caller hears of the error (and perhaps repeats the call).
 */
export const forEachConcurrently = async <T>(
  values: readonly T[],
  slots: number,
  task: (value: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < values.length) {
      const value = values[next] as T;
      next += 1;
      try {
        await task(value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(slots, values.length) }, worker));
  if (failure) throw failure.error;
};

export const chunksOf = <T>(values: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
};
