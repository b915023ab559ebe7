import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  adjustmentKey,
  stockKey,
  stockLevelToItem,
} from '../../adapters/aws/dynamodb/inventory-items';
import { DynamoDbInventoryRepository } from '../../adapters/aws/dynamodb/inventory-repository.dynamodb';
import { orderToItem } from '../../adapters/aws/dynamodb/order-items';
import { DynamoDbOrderRepository } from '../../adapters/aws/dynamodb/order-repository.dynamodb';
import { NativeTransactionWriter } from '../../adapters/aws/dynamodb/transaction-writer';
import { emailGuardItem, userKey, userToItem } from '../../adapters/aws/dynamodb/user-items';
import { DynamoDbUserRepository } from '../../adapters/aws/dynamodb/user-repository.dynamodb';
import type { StockLevel } from '../../domain/inventory/stock-level';
import type { User } from '../../domain/users/user';
import { sampleOrder, sampleUser } from '../support/sample-data';

/**
 * dynalite has no TransactWriteItems, so what DynamoDB itself would receive is proven here, on the
 * exact command inputs, together with the mapping of its CancellationReasons (one per entry, in
 * order) to domain errors. Everything else about these writes runs on dynalite in
 * dynamodb.contracts.test.ts.
 */
const TABLE = 'app-table';
const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);
let tokens = 0;
const writer = new NativeTransactionWriter(doc, {
  token: () => `token-${++tokens}`,
  retryDelayMs: 0,
});
const users = new DynamoDbUserRepository({ doc, tableName: TABLE, writer });
const orders = new DynamoDbOrderRepository({ doc, tableName: TABLE, writer });

beforeEach(() => {
  ddb.reset();
  tokens = 0;
});
afterAll(() => {
  ddb.restore();
});

/** What DynamoDB answers when a transaction's conditions fail: one reason per entry. */
const cancelled = (...reasons: { Code: string; Item?: Record<string, unknown> }[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons.map(({ Code, Item }) =>
      Item ? { Code, Item: marshall(Item) } : { Code },
    ),
  });

const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(item ? { Item: marshall(item) } : {}),
  });

const transactInputs = () =>
  ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

const storedAs = (user: User) =>
  ddb.on(GetCommand, { Key: userKey(user.id) }).resolves({ Item: userToItem(user) });

describe('DynamoDbUserRepository.insert', () => {
  it('writes the user and its email guard in one TransactWriteItems, both only if absent', async () => {
    const user = sampleUser({ email: 'Ada@Example.com' });
    ddb.on(TransactWriteCommand).resolves({});
    await users.insert(user, []);
    expect(transactInputs()).toEqual([
      {
        ClientRequestToken: 'token-1',
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: {
                pk: `USER#${user.id}`,
                sk: 'USER',
                gsi1pk: expect.stringMatching(/^USERS#[0-3]$/),
                gsi1sk: `USER#${user.id}`,
                ...user,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: TABLE,
              Item: { pk: 'EMAIL#ada@example.com', sk: 'EMAIL', userId: user.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      },
    ]);
  });

  it('maps a failed guard condition to USER.EMAIL_TAKEN', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed' }));
    await expect(users.insert(sampleUser(), [])).rejects.toMatchObject({
      code: 'USER.EMAIL_TAKEN',
    });
  });

  it('retries a TransactionConflict with a new token, then succeeds', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, { Code: 'TransactionConflict' }))
      .resolves({});
    await users.insert(sampleUser(), []);
    expect(transactInputs().map((input) => input.ClientRequestToken)).toEqual([
      'token-1',
      'token-2',
    ]);
  });

  it('passes on a cancellation it cannot explain instead of guessing a domain error', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'ValidationError' }, { Code: 'None' }));
    await expect(users.insert(sampleUser(), [])).rejects.toMatchObject({
      name: 'WriteCancelledError',
      reasons: [{ code: 'ValidationError' }, { code: 'None' }],
    });
  });
});

describe('DynamoDbUserRepository.update', () => {
  const current = sampleUser({ email: 'old@example.com', version: 3 });
  const moved: User = { ...current, email: 'New@Example.com', version: 4 };

  it('moves the email guard in the same transaction as the versioned put', async () => {
    storedAs(current);
    ddb.on(TransactWriteCommand).resolves({});
    await users.update(moved, 3, []);
    expect(transactInputs()).toEqual([
      {
        ClientRequestToken: 'token-1',
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: userToItem(moved),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': 3 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Delete: {
              TableName: TABLE,
              Key: { pk: 'EMAIL#old@example.com', sk: 'EMAIL' },
              ConditionExpression: 'userId = :userId',
              ExpressionAttributeValues: { ':userId': current.id },
            },
          },
          {
            Put: {
              TableName: TABLE,
              Item: emailGuardItem(moved),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      },
    ]);
    expect(emailGuardItem(moved)).toEqual({
      pk: 'EMAIL#new@example.com',
      sk: 'EMAIL',
      userId: current.id,
    });
  });

  it.each([
    [
      'USER.VERSION_MISMATCH with the version found',
      cancelled(
        { Code: 'ConditionalCheckFailed', Item: userToItem({ ...current, version: 5 }) },
        { Code: 'None' },
        { Code: 'None' },
      ),
      { code: 'USER.VERSION_MISMATCH', details: { id: current.id, expected: 3, actual: 5 } },
    ],
    [
      'USER.NOT_FOUND when the user is gone',
      cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }),
      { code: 'USER.NOT_FOUND' },
    ],
    [
      'USER.EMAIL_TAKEN when the new guard exists',
      cancelled({ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }),
      { code: 'USER.EMAIL_TAKEN' },
    ],
    [
      'the version error first when both fail',
      cancelled(
        { Code: 'ConditionalCheckFailed', Item: userToItem({ ...current, version: 4 }) },
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed' },
      ),
      { code: 'USER.VERSION_MISMATCH' },
    ],
  ])('maps the cancellation to %s', async (_name, error, expected) => {
    storedAs(current);
    ddb.on(TransactWriteCommand).rejects(error);
    await expect(users.update(moved, 3, [])).rejects.toMatchObject(expected);
  });

  it('sends an update that keeps the email as one conditional PutItem, not a transaction', async () => {
    const renamed = { ...current, name: 'Renamed', version: 4 };
    storedAs(current);
    ddb.on(PutCommand).resolves({});
    await users.update(renamed, 3, []);
    expect(transactInputs()).toEqual([]);
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TABLE,
        Item: userToItem(renamed),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': 3 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it('maps the single write failure with its returned item, and takes its own committed write as success', async () => {
    const renamed = { ...current, name: 'Renamed', version: 4 };
    storedAs(current);
    ddb.on(PutCommand).rejects(conditionFailed(userToItem({ ...current, version: 4 })));
    await expect(users.update(renamed, 3, [])).rejects.toMatchObject({
      code: 'USER.VERSION_MISMATCH',
      details: { actual: 4 },
    });
    ddb.on(PutCommand).rejects(conditionFailed(userToItem(renamed)));
    await expect(users.update(renamed, 3, [])).resolves.toBeUndefined();
  });
});

describe('DynamoDbUserRepository.delete', () => {
  const current = sampleUser({ email: 'Gone@Example.com', version: 2 });

  it('deletes the user on its version and its guard in one transaction', async () => {
    storedAs(current);
    ddb.on(TransactWriteCommand).resolves({});
    await users.delete(current.id, 2, []);
    expect(transactInputs()).toEqual([
      {
        ClientRequestToken: 'token-1',
        TransactItems: [
          {
            Delete: {
              TableName: TABLE,
              Key: { pk: `USER#${current.id}`, sk: 'USER' },
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': 2 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Delete: {
              TableName: TABLE,
              Key: { pk: 'EMAIL#gone@example.com', sk: 'EMAIL' },
              ConditionExpression: 'userId = :userId',
              ExpressionAttributeValues: { ':userId': current.id },
            },
          },
        ],
      },
    ]);
  });

  it.each([
    [
      'USER.VERSION_MISMATCH',
      cancelled(
        { Code: 'ConditionalCheckFailed', Item: userToItem({ ...current, version: 3 }) },
        { Code: 'None' },
      ),
    ],
    ['USER.NOT_FOUND', cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' })],
  ])('maps a failed user condition to %s', async (code, error) => {
    storedAs(current);
    ddb.on(TransactWriteCommand).rejects(error);
    await expect(users.delete(current.id, 2, [])).rejects.toMatchObject({ code });
  });
});

describe('DynamoDbOrderRepository.update', () => {
  it('is one conditional PutItem on the version; its failure says which error', async () => {
    const order = sampleOrder({ version: 1 });
    const confirmed = { ...order, status: 'confirmed' as const, version: 2 };
    ddb.on(PutCommand).resolves({});
    await orders.update(confirmed, 1, []);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: orderToItem(confirmed),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': 1 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(orderToItem(confirmed)).toMatchObject({
      gsi1pk: `USER#${order.userId}`,
      gsi2pk: expect.stringMatching(/^ORDER_STATUS#confirmed#[0-3]$/),
      gsi2sk: `ORDER#${order.id}`,
    });
    ddb.on(PutCommand).rejects(conditionFailed(orderToItem({ ...order, version: 7 })));
    await expect(orders.update(confirmed, 1, [])).rejects.toMatchObject({
      code: 'ORDER.VERSION_MISMATCH',
      details: { actual: 7 },
    });
    // DynamoDB returns no item when there was none; an endpoint that ignores the option is
    // answered by a consistent read, which finds none either.
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});
    await expect(orders.update(confirmed, 1, [])).rejects.toMatchObject({
      code: 'ORDER.NOT_FOUND',
    });
  });
});

describe('DynamoDbInventoryRepository keyed adjust', () => {
  const stock = new DynamoDbInventoryRepository({ doc, tableName: TABLE, writer });
  const key = { store: 'main', item: 'bolt' };
  const level = (count: number, version: number): StockLevel => ({
    ...key,
    count,
    updatedAt: '2026-05-01T10:00:00.000Z',
    version,
  });
  const noEvents = () => [];

  it('creates the key’s marker and changes the count in one TransactWriteItems', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: stockKey(key) }).resolves({ Item: stockLevelToItem(level(7, 2)) });
    expect(await stock.adjust(key, -3, 'at', noEvents, 'order:1:reserve')).toEqual(level(7, 2));
    const [input, ...more] = transactInputs();
    expect(more).toEqual([]);
    expect(input?.ClientRequestToken).toBe('token-1');
    expect(input?.TransactItems).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: {
            ...adjustmentKey(key, 'order:1:reserve'),
            store: 'main',
            item: 'bolt',
            once: 'order:1:reserve',
            delta: -3,
            at: 'at',
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: TABLE,
          Key: stockKey(key),
          UpdateExpression:
            'SET #count = #count + :delta, #version = #version + :one, #updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #count BETWEEN :minus AND :room',
          ExpressionAttributeNames: {
            '#count': 'count',
            '#version': 'version',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':delta': -3,
            ':minus': 3,
            ':room': Number.MAX_SAFE_INTEGER,
            ':one': 1,
            ':at': 'at',
          },
        },
      },
    ]);
  });

  it('answers the stored level, writing nothing more, when the marker is there already', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }));
    ddb.on(GetCommand, { Key: stockKey(key) }).resolves({ Item: stockLevelToItem(level(7, 2)) });
    expect(await stock.adjust(key, -3, 'at', noEvents, 'order:1:reserve')).toEqual(level(7, 2));
    expect(transactInputs()).toHaveLength(1);
  });

  it('refuses a take the count cannot cover, as the unkeyed adjust does', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed' }));
    ddb.on(GetCommand, { Key: stockKey(key) }).resolves({ Item: stockLevelToItem(level(2, 5)) });
    await expect(stock.adjust(key, -3, 'at', noEvents, 'order:1:reserve')).rejects.toMatchObject({
      code: 'INVENTORY.INSUFFICIENT_STOCK',
    });
    expect(transactInputs()).toHaveLength(1);
  });
});
