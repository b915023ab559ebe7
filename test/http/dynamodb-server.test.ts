import { describe, expect, it } from 'vitest';
import { dynamoDbStore } from '../../apps/server/stores/dynamodb.store';
import { startDynalite } from '../support/dynalite';
import { startTestServer } from '../support/test-server';
import { decodeResponse, describeHttpScenario, encodeBody } from './http-scenario';

/**
 * The whole HTTP scenario on STORE=dynamodb, configured only through the environment as a fleet
 * of servers sharing one table would be, against dynalite. dynalite has no TransactWriteItems,
 * hence DYNAMODB_TRANSACTIONS=sequential (not atomic; see adapters/aws/dynamodb/transaction-writer.ts).
 */
describeHttpScenario('Fastify inject on STORE=dynamodb (dynalite)', async () => {
  const dynalite = await startDynalite();
  const server = await startTestServer(
    { store: 'dynamodb' },
    {
      env: {
        ...dynalite.env,
        DYNAMODB_TABLE: await dynalite.newTable(),
        DYNAMODB_TRANSACTIONS: 'sequential',
      },
    },
  );
  return {
    async send(request) {
      const { headers, body } = encodeBody(request);
      const res = await server.app.inject({
        method: request.method as 'GET',
        url: request.path,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      return decodeResponse(res.statusCode, res.headers as Record<string, string>, res.body);
    },
    async close() {
      await server.dispose();
      await dynalite.close();
    },
  };
});

describe('STORE=dynamodb settings', () => {
  it('stops with one line naming the missing or bad variable', () => {
    expect(() => dynamoDbStore({ dataDir: '/unused', env: {} })).toThrow(
      /^Invalid configuration: DYNAMODB_TABLE: .+ \(got undefined\)$/,
    );
    expect(() =>
      dynamoDbStore({
        dataDir: '/unused',
        env: { DYNAMODB_TABLE: 'app-table', DYNAMODB_TRANSACTIONS: 'maybe' },
      }),
    ).toThrow(/^Invalid configuration: DYNAMODB_TRANSACTIONS: .+ \(got "maybe"\)$/);
    expect(() =>
      dynamoDbStore({ dataDir: '/unused', env: { DYNAMODB_TABLE: 'a b', AWS_REGION: 'x' } }),
    ).toThrow(/^Invalid configuration: DYNAMODB_TABLE: /);
  });
});
