import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import { lazyObject, lazyPorts, once } from '../composition/lazy';
import type { OpenStore } from '../composition/stores/open-store';
import type { AnyModule } from '../modules/domain-module';
import { type LambdaConfig, required } from './config';

type Env = Record<string, string | undefined>;

/*
 * The AWS adapters a function's ports are made of, each loaded on first use: the SDK is the
 * slowest thing a function imports (README, Lambda figures), so a cold start that answers a preflight, a 404 or a validation error pays
 * nothing for it, and esbuild puts each dynamic import in a chunk of its own.
 */

/** Every module's repositories on the table, made (client included) by the first call. */
export const lazyDynamoDbStore = (
  modules: readonly AnyModule[],
  env: Env,
  config: LambdaConfig,
): OpenStore => {
  const tableName = required(config.tableName, 'TABLE_NAME');
  const open = once(async () => {
    const [{ createDynamoDbClients }, { openDynamoDbTable }, { openDynamoDbStore }] =
      await Promise.all([
        import('../../adapters/aws/dynamodb/clients'),
        import('../../adapters/aws/dynamodb/dynamodb-store'),
        import('../composition/stores/dynamodb'),
      ]);
    const client = createDynamoDbClients(env).doc;
    const table = openDynamoDbTable({ client, tableName, transactions: config.transactions });
    return openDynamoDbStore(modules, table);
  });
  return {
    kind: 'dynamodb',
    storesOf: (module) => lazyPorts(async () => (await open()).storesOf(module) as object),
    processed: lazyObject(async () => (await open()).processed),
    healthChecks: [
      {
        name: 'dynamodb',
        check: async () => {
          for (const check of (await open()).healthChecks) await check.check();
        },
      },
    ],
    close: () => undefined,
  };
};

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
