import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { importRecordToItem, stockLevelToItem } from '../../adapters/aws/dynamodb/inventory-items';
import type { Item } from '../../adapters/aws/dynamodb/item-kind';
import { orderToItem } from '../../adapters/aws/dynamodb/order-items';
import { processedKey } from '../../adapters/aws/dynamodb/processed-event-store.dynamodb';
import { emailGuardItem, userToItem } from '../../adapters/aws/dynamodb/user-items';
import {
  createDynamoDbStreamHandler,
  streamEventId,
} from '../../adapters/aws/lambda/dynamodb-stream';
import { dynamoDbItemKinds } from '../../apps/composition/stores/dynamodb';
import { modules } from '../../apps/modules/modules';
import type { StockLevel } from '../../domain/inventory/stock-level';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { User } from '../../domain/users/user';
import type { LogContext, Logger } from '../../ports/logger.port';
import { sampleImport } from '../contracts/import-store.contract';
import { memoryWorld } from '../support/memory-world';
import { sampleOrder, sampleUser } from '../support/sample-data';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws-events');
const fixture: DynamoDBStreamEvent = JSON.parse(
  readFileSync(join(FIXTURES, 'dynamodb-event.json'), 'utf8'),
);
/** ApproximateCreationDateTime of the fixture's records. */
const CREATED_S = 1480642020;
const OCCURRED_AT = new Date(CREATED_S * 1000).toISOString();

let sequence = 1405400000000002063282832n;
/** The fixture's second record (a table write, no userIdentity) carrying one of our items. */
const change = (
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { old?: Item; new?: Item },
): DynamoDBRecord => {
  const record = structuredClone(fixture.Records[1]!);
  const item = (images.new ?? images.old)!;
  sequence += 1n;
  record.eventName = eventName;
  record.eventID = `evt-${sequence}`;
  record.dynamodb = {
    ...record.dynamodb,
    Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
    SequenceNumber: String(sequence),
    ...(images.new ? { NewImage: marshall(images.new) as never } : {}),
    ...(images.old ? { OldImage: marshall(images.old) as never } : {}),
  };
  if (!images.new) delete record.dynamodb.NewImage;
  if (!images.old) delete record.dynamodb.OldImage;
  return record;
};
const batch = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

/** A bus that records what it published and fails when `fails` says so. */
const recordingBus = (
  fails: (events: readonly DomainEvent[], call: number) => boolean = () => false,
) => {
  const published: DomainEvent[][] = [];
  return {
    published,
    publish: async (events: readonly DomainEvent[]) => {
      if (fails(events, published.length + 1)) {
        published.push([]);
        throw new Error('EventBridge is down');
      }
      published.push([...events]);
    },
  };
};

/** The table's item kinds as the stream function loads them: every module's. */
const kinds = await dynamoDbItemKinds(modules);

const handle = async (event: DynamoDBStreamEvent, bus = recordingBus()) => {
  const errors: LogContext[] = [];
  const logger = { ...silent, error: (context: LogContext) => errors.push(context) };
  const response = await createDynamoDbStreamHandler({ bus, logger, kinds })(event);
  return { response, published: bus.published.flat(), calls: bus.published, errors };
};

describe('DynamoDB stream handler: images to domain events', () => {
  const ada = sampleUser({ email: 'ada@example.com', name: 'Ada', age: 36 });

  it('turns an INSERT of a user into user.created, id and time from the record', async () => {
    const record = change('INSERT', { new: userToItem(ada) });
    const { response, published } = await handle(batch(record));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(published).toEqual([
      {
        id: streamEventId(record.eventID!, 0, CREATED_S * 1000),
        occurredAt: OCCURRED_AT,
        type: 'user.created',
        aggregateType: 'user',
        aggregateId: ada.id,
        payload: { user: ada },
      },
    ]);
    expect(published[0]?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('turns a MODIFY into user.updated with the diff, and a REMOVE into user.deleted', async () => {
    const renamed: User = { ...ada, name: 'Ada L.', email: 'ada@lovelace.org', version: 2 };
    const { published } = await handle(
      batch(
        change('MODIFY', { old: userToItem(ada), new: userToItem(renamed) }),
        change('REMOVE', { old: userToItem(renamed) }),
      ),
    );
    expect(
      published.map(({ type, aggregateId, payload }) => ({ type, aggregateId, payload })),
    ).toEqual([
      {
        type: 'user.updated',
        aggregateId: ada.id,
        payload: {
          changes: {
            name: { old: 'Ada', new: 'Ada L.' },
            email: { old: 'ada@example.com', new: 'ada@lovelace.org' },
          },
          version: 2,
        },
      },
      {
        type: 'user.deleted',
        aggregateId: ada.id,
        payload: { email: 'ada@lovelace.org', version: 2 },
      },
    ]);
  });

  it('turns order changes into order.created, order.status_changed and payment.completed', async () => {
    const order = sampleOrder({ userId: ada.id, total: 1000, currency: 'EUR' });
    const confirmed = { ...order, status: 'confirmed' as const, version: 2 };
    const paid = { ...confirmed, status: 'paid' as const, version: 3 };
    const { published } = await handle(
      batch(
        change('INSERT', { new: orderToItem(order) }),
        change('MODIFY', { old: orderToItem(order), new: orderToItem(confirmed) }),
        change('MODIFY', { old: orderToItem(confirmed), new: orderToItem(paid) }),
        // A rewrite that changes no status raises nothing.
        change('MODIFY', { old: orderToItem(paid), new: orderToItem({ ...paid, version: 4 }) }),
      ),
    );
    expect(published.map((e) => [e.type, e.payload])).toEqual([
      ['order.created', { userId: ada.id, amount: 1000, currency: 'EUR', itemCount: 1 }],
      ['order.status_changed', { userId: ada.id, from: 'pending', to: 'confirmed', version: 2 }],
      ['order.status_changed', { userId: ada.id, from: 'confirmed', to: 'paid', version: 3 }],
      ['payment.completed', { orderId: order.id, userId: ada.id, amount: 1000, currency: 'EUR' }],
    ]);
  });

  it('raises nothing for email guards, processed marks (TTL removals too) or foreign items', async () => {
    const ttlRemoval = structuredClone(fixture.Records[0]!);
    const mark = { ...processedKey('mailer', 'e-1'), expiresAt: 1 };
    ttlRemoval.eventName = 'REMOVE';
    ttlRemoval.dynamodb = {
      ...ttlRemoval.dynamodb,
      Keys: marshall({ pk: mark.pk, sk: mark.sk }) as never,
      OldImage: marshall(mark) as never,
    };
    delete ttlRemoval.dynamodb.NewImage;
    const { response, calls } = await handle(
      batch(
        change('INSERT', { new: emailGuardItem(ada) }),
        change('REMOVE', { old: emailGuardItem(ada) }),
        ttlRemoval,
        ...structuredClone(fixture.Records),
      ),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });

  it('derives the same ids when a record is delivered again, so consumers can dedupe', async () => {
    const record = change('INSERT', { new: userToItem(ada) });
    const first = await handle(batch(record));
    const again = await handle(batch(structuredClone(record)));
    expect(again.published).toEqual(first.published);
  });
});

describe('DynamoDB stream handler: stock levels', () => {
  const level: StockLevel = {
    store: "Store #1/North? 'Ü' 東京",
    item: 'Bolt "hex"/#2',
    count: 3,
    updatedAt: '2026-05-01T10:00:00.000Z',
    version: 4,
  };
  const emptied: StockLevel = {
    ...level,
    count: 0,
    updatedAt: '2026-05-01T11:00:00.000Z',
    version: 5,
  };
  const outOfStock = (record: DynamoDBRecord, previousCount: number | null, version: number) => ({
    id: streamEventId(record.eventID!, 0, CREATED_S * 1000),
    occurredAt: OCCURRED_AT,
    type: 'inventory.out_of_stock',
    aggregateType: 'stock',
    aggregateId: `${level.store}/${level.item}`,
    payload: { store: level.store, item: level.item, previousCount, version },
  });

  it('raises inventory.out_of_stock once when a MODIFY takes the count from 3 to 0', async () => {
    const record = change('MODIFY', {
      old: stockLevelToItem(level),
      new: stockLevelToItem(emptied),
    });
    const { response, published } = await handle(batch(record));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(published).toEqual([outOfStock(record, 3, 5)]);
  });

  it('raises nothing when a MODIFY leaves the count at 0 (a rewrite, a repeated import)', async () => {
    const again = { ...emptied, updatedAt: '2026-05-01T12:00:00.000Z', version: 6 };
    const { calls } = await handle(
      batch(change('MODIFY', { old: stockLevelToItem(emptied), new: stockLevelToItem(again) })),
    );
    expect(calls).toEqual([]);
  });

  it('raises inventory.out_of_stock for a level INSERTed at 0, with no previous count', async () => {
    const record = change('INSERT', { new: stockLevelToItem({ ...emptied, version: 1 }) });
    const { published } = await handle(batch(record));
    expect(published).toEqual([outOfStock(record, null, 1)]);
  });

  it('raises nothing for a REMOVE, a positive count or an import record', async () => {
    const { response, calls } = await handle(
      batch(
        change('REMOVE', { old: stockLevelToItem(emptied) }),
        change('INSERT', { new: stockLevelToItem(level) }),
        change('MODIFY', {
          old: stockLevelToItem(emptied),
          new: stockLevelToItem({ ...level, version: 6 }),
        }),
        change('INSERT', { new: importRecordToItem(sampleImport()) }),
      ),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });
});

describe('DynamoDB stream handler: partial batch failures', () => {
  const inserts = (count: number) =>
    Array.from({ length: count }, () => change('INSERT', { new: userToItem(sampleUser()) }));

  it('publishes in groups of at most 10 events and reports nothing when all got through', async () => {
    const { response, calls } = await handle(batch(...inserts(12)));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls.map((events) => events.length)).toEqual([10, 2]);
  });

  it('reports the first record of the group that failed and publishes nothing after it', async () => {
    const records = inserts(25);
    const { response, calls, errors } = await handle(
      batch(...records),
      recordingBus((_events, call) => call === 2),
    );
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: records[10]?.dynamodb?.SequenceNumber }],
    });
    expect(calls.map((events) => events.length)).toEqual([10, 0]);
    expect(errors).toEqual([
      expect.objectContaining({ sequenceNumber: records[10]?.dynamodb?.SequenceNumber }),
    ]);
  });

  it('reports an unreadable record after publishing the records before it', async () => {
    const [good] = inserts(1);
    const corrupt = change('INSERT', { new: { ...userToItem(sampleUser()), version: 'one' } });
    const { response, calls } = await handle(batch(good!, corrupt, ...inserts(2)));
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: corrupt.dynamodb?.SequenceNumber }],
    });
    expect(calls.map((events) => events.length)).toEqual([1]);
  });
});

describe('DynamoDB stream handler raises what the services raise', () => {
  it('derives, from the images of each change, the events the domain services wrote', async () => {
    const world = memoryWorld();
    const records: DynamoDBRecord[] = [];
    const user = await world.users.create({ name: 'Grace', email: 'grace@example.com', age: 85 });
    records.push(change('INSERT', { new: userToItem(user) }));
    const updated = await world.users.update(user.id, {
      name: 'Grace H.',
      email: 'G@x.org',
      age: null,
    });
    records.push(change('MODIFY', { old: userToItem(user), new: userToItem(updated) }));
    const order = await world.orders.create({
      userId: user.id,
      currency: 'EUR',
      items: [{ sku: 'BOOK', quantity: 2, unitPrice: 1999 }],
    });
    records.push(change('INSERT', { new: orderToItem(order) }));
    let previous = order;
    for (const status of ['confirmed', 'paid', 'shipped'] as const) {
      const next = await world.orders.changeStatus(order.id, status);
      records.push(change('MODIFY', { old: orderToItem(previous), new: orderToItem(next) }));
      previous = next;
    }
    await world.users.delete(user.id);
    records.push(change('REMOVE', { old: userToItem(updated) }));

    const { published } = await handle(batch(...records));
    const drafts = (events: readonly DomainEvent[]) =>
      events.map(({ id: _id, occurredAt: _at, ...draft }) => draft);
    expect(world.events()).toHaveLength(8);
    expect(drafts(published)).toEqual(drafts(world.events()));
  });
});
