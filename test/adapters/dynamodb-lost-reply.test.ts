import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { DynamoDbInventoryRepository } from '../../adapters/aws/dynamodb/inventory-repository.dynamodb';
import { type Dynalite, startDynalite } from '../support/dynalite';

/**
 * A write that commits while its reply is lost (a reset connection, a timeout) is sent again by
 * the SDK's own retry. The same wire as production: dynalite, and a middleware below the SDK's
 * retry step that drops the reply of the first UpdateItem after DynamoDB applied it.
 */
let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db?.close();
});

const AT = '2026-05-01T10:00:00.000Z';
const noEvents = () => [];

const lossyRepository = async () => {
  const clients = createDynamoDbClients(db.env);
  const lost: string[] = [];
  clients.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'UpdateItemCommand' && lost.length === 0) {
        lost.push(context.commandName);
        // What the SDK classifies as transient, so its retry strategy sends the call again.
        throw Object.assign(new Error('the reply was lost'), {
          name: 'TimeoutError',
          $metadata: {},
        });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseFirstUpdateReply' },
  );
  const options = { doc: clients.doc, tableName: await db.newTable() };
  return {
    lossy: new DynamoDbInventoryRepository(options),
    plain: new DynamoDbInventoryRepository({ ...options, doc: db.clients.doc }),
    lost,
    close: () => clients.destroy(),
  };
};

describe('DynamoDbInventoryRepository after a lost reply and the SDK retry', () => {
  it('applies an adjustment once', async () => {
    const { lossy, plain, lost, close } = await lossyRepository();
    try {
      const key = { store: 'north', item: 'apples' };
      await plain.set({ ...key, count: 10 }, AT, noEvents);
      const adjusted = await lossy.adjust(key, -3, AT, noEvents);
      expect(lost).toEqual(['UpdateItemCommand']); // the reply was indeed lost once
      expect(adjusted).toMatchObject({ count: 7, version: 2 });
      expect(await plain.find(key)).toMatchObject({ count: 7, version: 2 });
      // Later adjustments are not mistaken for replays.
      expect(await plain.adjust(key, -3, AT, noEvents)).toMatchObject({ count: 4, version: 3 });
      expect(await lossy.adjust(key, -3, AT, noEvents)).toMatchObject({ count: 1, version: 4 });
    } finally {
      close();
    }
  });
});
