import { describe, expect, it } from 'vitest';
import { openDynamoDbFromEnv } from '../../apps/server/stores/dynamodb.store';
import { startDynalite } from '../support/dynalite';
import { startS3rver } from '../support/s3rver';
import { startTestServer } from '../support/test-server';
import { describeHttpScenario, injectSend } from './http-scenario';

/**
 * The whole HTTP scenario on STORE=dynamodb and OBJECTS=s3, configured only through the
 * environment as a fleet of servers sharing one table and bucket would be, against dynalite and
 * s3rver (the scenario's health check needs both). dynalite has no TransactWriteItems,
 * hence DYNAMODB_TRANSACTIONS=sequential (not atomic; see adapters/aws/dynamodb/transaction-writer.ts).
 */
describeHttpScenario(
  'Fastify inject on STORE=dynamodb, OBJECTS=s3 (dynalite, s3rver)',
  async () => {
    const dynalite = await startDynalite();
    const s3rver = await startS3rver('fleet-bucket');
    const server = await startTestServer(
      { store: 'dynamodb', objects: 's3' },
      {
        env: {
          // dynalite accepts any credentials, s3rver only its own: s3rver's settings win, and
          // each client gets its own endpoint, as the SDK's variables allow.
          ...dynalite.env,
          ...s3rver.env,
          AWS_ENDPOINT_URL: '',
          AWS_ENDPOINT_URL_S3: s3rver.endpoint,
          AWS_ENDPOINT_URL_DYNAMODB: dynalite.env.AWS_ENDPOINT_URL ?? '',
          DYNAMODB_TABLE: await dynalite.newTable(),
          DYNAMODB_TRANSACTIONS: 'sequential',
        },
      },
    );
    return {
      send: injectSend(server.app),
      async close() {
        await server.dispose();
        await dynalite.close();
        await s3rver.stop();
      },
    };
  },
);

describe('STORE=dynamodb settings', () => {
  it('stops with one line naming the missing or bad variable', () => {
    expect(() => openDynamoDbFromEnv([], {})).toThrow(
      /^Invalid configuration: DYNAMODB_TABLE: .+ \(got undefined\)$/,
    );
    expect(() =>
      openDynamoDbFromEnv([], { DYNAMODB_TABLE: 'app-table', DYNAMODB_TRANSACTIONS: 'maybe' }),
    ).toThrow(/^Invalid configuration: DYNAMODB_TRANSACTIONS: .+ \(got "maybe"\)$/);
    expect(() => openDynamoDbFromEnv([], { DYNAMODB_TABLE: 'a b', AWS_REGION: 'x' })).toThrow(
      /^Invalid configuration: DYNAMODB_TABLE: /,
    );
  });
});
