import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { UnprocessedItemsError } from '../../adapters/aws/dynamodb/batch-items';
import {
  stockKey,
  stockLevelToItem,
  stockListKey,
} from '../../adapters/aws/dynamodb/inventory-items';
import { DynamoDbInventoryRepository } from '../../adapters/aws/dynamodb/inventory-repository.dynamodb';
import type { StockRow } from '../../domain/inventory/stock-level';
import { compareStockKeys } from '../../domain/inventory/stock-level';

/**
 * What DynamoDB receives from setMany, on the exact command inputs: dynalite answers every batch
 * in full, so the 25-put limit and the retry of unprocessed items are proven here.
 */
const TABLE = 'app-table';
const AT = '2026-05-01T10:00:00.000Z';
const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
);
const repository = (maxAttempts = 4) =>
  new DynamoDbInventoryRepository({
    doc,
    tableName: TABLE,
    batch: { maxAttempts, retryDelayMs: 0 },
  });

const rows = (count: number): StockRow[] =>
  Array.from({ length: count }, (_, i) => ({ store: `s${i % 3}`, item: `item-${i}`, count: i }));
const putsOf = (call: { args: [{ input: unknown }] }) =>
  (
    call.args[0].input as {
      RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;
    }
  ).RequestItems[TABLE] ?? [];
const writeCalls = () => ddb.commandCalls(BatchWriteCommand).map((call) => putsOf(call as never));

beforeEach(() => {
  ddb.reset();
  ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });
  ddb.on(BatchWriteCommand).resolves({});
});
afterAll(() => {
  ddb.restore();
});

describe('DynamoDbInventoryRepository.setMany', () => {
  it('reads 100 keys per BatchGetItem and writes at most 25 puts per BatchWriteItem', async () => {
    await repository().setMany(rows(260), AT, () => []);
    const gets = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input);
    expect(gets.map((input) => input.RequestItems?.[TABLE]?.Keys?.length)).toEqual([100, 100, 60]);
    expect(gets[0]?.RequestItems?.[TABLE]).toMatchObject({ ConsistentRead: true });
    const sizes = writeCalls().map((puts) => puts.length);
    expect(Math.max(...sizes)).toBe(25);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(260);
    expect(sizes).toHaveLength(11); // 4 + 4 + 3 (the last 60 rows: 25, 25, 10)
    const first = rows(1)[0]!;
    expect(writeCalls().flat()).toContainEqual({
      PutRequest: { Item: stockLevelToItem({ ...first, updatedAt: AT, version: 1 }) },
    });
  });

  it('bumps the stored version and skips rows whose count is already stored', async () => {
    const [same, changed, fresh] = rows(3) as [StockRow, StockRow, StockRow];
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          { ...stockKey(same), count: same.count, version: 7 },
          { ...stockKey(changed), count: changed.count + 5, version: 3 },
        ],
      },
    });
    await repository().setMany([same, changed, fresh], AT, () => []);
    expect(writeCalls()).toEqual([
      [
        { PutRequest: { Item: stockLevelToItem({ ...changed, updatedAt: AT, version: 4 }) } },
        { PutRequest: { Item: stockLevelToItem({ ...fresh, updatedAt: AT, version: 1 }) } },
      ],
    ]);
  });

  it('sends again exactly what BatchWriteItem left unprocessed, until none is left', async () => {
    const unprocessed = (puts: { PutRequest: { Item: Record<string, unknown> } }[]) => ({
      UnprocessedItems: { [TABLE]: puts },
    });
    const all = rows(60).map((row) => ({
      PutRequest: { Item: stockLevelToItem({ ...row, updatedAt: AT, version: 1 }) },
    }));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce(unprocessed(all.slice(0, 5)))
      .resolvesOnce(unprocessed(all.slice(30, 32)))
      .resolves({});
    await repository().setMany(rows(60), AT, () => []);
    const calls = writeCalls();
    expect(calls.slice(0, 3).map((puts) => puts.length)).toEqual([25, 25, 10]);
    // The two retries (their order depends on which answer came first).
    expect(calls.slice(3).sort((a, b) => a.length - b.length)).toEqual([
      all.slice(30, 32),
      all.slice(0, 5),
    ]);
  });

  it('retries unprocessed BatchGetItem keys before deciding what to write', async () => {
    const [a, b] = rows(2) as [StockRow, StockRow];
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [] },
        UnprocessedKeys: { [TABLE]: { Keys: [stockKey(b)] } },
      })
      .resolves({ Responses: { [TABLE]: [{ ...stockKey(b), count: b.count, version: 2 }] } });
    await repository().setMany([a, b], AT, () => []);
    const gets = ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input);
    expect(gets[1]?.RequestItems?.[TABLE]?.Keys).toEqual([stockKey(b)]);
    // b is unchanged once read, so only a is written.
    expect(writeCalls()).toEqual([
      [{ PutRequest: { Item: stockLevelToItem({ ...a, updatedAt: AT, version: 1 }) } }],
    ]);
  });

  it('gives up with a clear error after the bounded attempts, and waits for writes in flight', async () => {
    ddb.on(BatchWriteCommand).callsFake(async (input) => ({
      UnprocessedItems: { [TABLE]: input.RequestItems[TABLE].slice(0, 1) },
    }));
    const failed = repository(3).setMany(rows(60), AT, () => []);
    await expect(failed).rejects.toBeInstanceOf(UnprocessedItemsError);
    await expect(failed).rejects.toThrow(/1 of 25 items were still unprocessed after 3 attempts/);
    // Three chunks, three attempts each, all settled before the call failed.
    expect(writeCalls()).toHaveLength(9);
  });
});

describe('stock sort keys', () => {
  const byCodeUnits = compareStockKeys;
  // Every UTF-16 code unit, lone surrogates included, with the boundaries of the encoding often.
  const unit = fc.oneof(
    fc.constantFrom(0, 1, 2, 3, 0x7f, 0x80, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff),
    fc.integer({ min: 0, max: 0xffff }),
  );
  const name = fc.array(unit, { maxLength: 6 }).map((units) => String.fromCharCode(...units));
  const key = fc.record({ store: name, item: name, count: fc.constant(0) });

  it("sort in DynamoDB's UTF-8 byte order as store then item compare in code units", () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        const bytes = (row: StockRow) => Buffer.from(stockListKey(row), 'utf8');
        expect(Math.sign(Buffer.compare(bytes(a), bytes(b)))).toBe(byCodeUnits(a, b));
      }),
      { numRuns: 5000 },
    );
  });

  it('hold no surrogate, so UTF-8 keeps them exactly, and stay within 4 bytes a unit', () => {
    fc.assert(
      fc.property(key, (row) => {
        const encoded = stockListKey(row);
        expect(encoded).not.toMatch(/[\uD800-\uDFFF]/);
        expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(
          4 * (row.store.length + row.item.length) + 1,
        );
      }),
    );
  });

  it('fit a 1024-byte sort key for the longest names (100 units each)', () => {
    const worst = { store: '\uFFFF'.repeat(100), item: '\u0000'.repeat(100), count: 0 };
    expect(Buffer.byteLength(`STOCK#${stockListKey(worst)}`)).toBeLessThanOrEqual(1024);
  });
});
