import type { DynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import { lazyObject, lazyPorts, once } from '../composition/lazy';
import { type OpenStore, storesByModule } from '../composition/stores/open-store';
import type { AnyModule } from '../modules/domain-module';
import { type LambdaConfig, required } from './config';

type Env = Record<string, string | undefined>;

/*
 * The AWS adapters a function's ports are made of, each loaded on first use: the SDK is the
 * slowest thing a function imports (README, Lambda figures), so a cold start that answers a
 * preflight, a 404 or a validation error pays nothing for it, and esbuild puts each dynamic
 * import in a chunk of its own.
 */

/**
 * The table (TABLE_NAME, checked now): the shared document client and the writer, made by the
 * first call, so a cold start whose request touches no data never loads the SDK.
 */
export const tableOnFirstUse = (env: Env, config: LambdaConfig): (() => Promise<DynamoDbTable>) => {
  const tableName = required(config.tableName, 'TABLE_NAME');
  return once(async () => {
    const [{ createDynamoDbClients }, { openDynamoDbTable }] = await Promise.all([
      import('../../adapters/aws/dynamodb/clients'),
      import('../../adapters/aws/dynamodb/dynamodb-store'),
    ]);
    const client = createDynamoDbClients(env).doc;
    return openDynamoDbTable({ client, tableName, transactions: config.transactions });
  });
};

/**
 * Every module's repositories on the table, each module's made (with the shared client) by the
 * first call that needs it: a first GET /users loads the users slice, not the inventory's.
 * `table` is tableOnFirstUse unless given (a benchmark builds the client during init instead).
 */
export const lazyDynamoDbStore = (
  modules: readonly AnyModule[],
  env: Env,
  config: LambdaConfig,
  table: () => Promise<DynamoDbTable> = tableOnFirstUse(env, config),
): OpenStore => ({
  kind: 'dynamodb',
  storesOf: storesByModule(
    modules,
    modules.map((module) =>
      lazyPorts(async () => {
        const [slice, opened] = await Promise.all([module.stores.dynamodb(), table()]);
        return slice.create(opened) as object;
      }),
    ),
  ),
  processed: lazyObject(async () => {
    const { DynamoDbProcessedEventStore } = await import(
      '../../adapters/aws/dynamodb/processed-event-store.dynamodb'
    );
    return new DynamoDbProcessedEventStore(await table());
  }),
  healthChecks: [
    {
      name: 'dynamodb',
      check: async () => {
        const { DynamoDbHealthCheck } = await import(
          '../../adapters/aws/dynamodb/health-check.dynamodb'
        );
        await new DynamoDbHealthCheck(await table()).check();
      },
    },
  ],
  close: () => undefined,
});

/** The bucket (BUCKET_NAME), checked when first used: only some functions touch objects. */
export const lazyS3ObjectStore = (env: Env, config: LambdaConfig): ObjectStore =>
  lazyObject(async () => {
    const bucket = required(config.bucketName, 'BUCKET_NAME');
    const [{ S3ObjectStore }, { createS3Client }] = await Promise.all([
      import('../../adapters/aws/s3/object-store.s3'),
      import('../../adapters/aws/s3/s3-client'),
    ]);
    return new S3ObjectStore({ client: createS3Client(env), bucket });
  });

/** The topic (TOPIC_ARN) notifications are published to, checked when first used. */
export const lazySnsNotifier = (config: LambdaConfig): Notifier =>
  lazyObject(async () => {
    const topicArn = required(config.topicArn, 'TOPIC_ARN');
    const [{ SNSClient }, { SnsNotifier }] = await Promise.all([
      import('@aws-sdk/client-sns'),
      import('../../adapters/aws/sns/notifier.sns'),
    ]);
    return new SnsNotifier({ client: new SNSClient({}), topicArn });
  });
