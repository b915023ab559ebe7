import { buildHttpApi } from '../../adapters/http/build-api';
import type { HttpApi } from '../../adapters/http/http-api';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import type { InventoryService } from '../../domain/inventory/inventory-service';
import { OrderService } from '../../domain/orders/order-service';
import { UserService } from '../../domain/users/user-service';
import type { HealthCheck } from '../../ports/health-check.port';
import type { OrderRepository } from '../../ports/order-repository.port';
import type { UserRepository } from '../../ports/user-repository.port';
import { lambdaRuntime } from './composition';
import { type LambdaConfig, required } from './config';
import type { LambdaLogger } from './lambda-logger';
import { deferred, once } from './lazy';

type Env = Record<string, string | undefined>;

/** What the HTTP routes need of a record store. */
export interface HttpStore {
  users: UserRepository;
  orders: OrderRepository;
  healthChecks: HealthCheck[];
}

/**
 * DynamoDB behind stand-ins: the SDK (~90 ms to import) and the table client load with
 * the first request that reads or writes, so a cold start answering a preflight, a 404
 * or a validation error pays nothing for them. esbuild puts the dynamic import in its
 * own chunk.
 */
const lazyDynamoDbStore = (env: Env, tableName: string): HttpStore => {
  const load = once(async () =>
    (await import('./dynamodb-store')).openDynamoDbStore(env, tableName),
  );
  return {
    users: deferred(async () => (await load()).users, {
      insert: true,
      update: true,
      delete: true,
      findById: true,
      findByEmail: true,
      list: true,
    }),
    orders: deferred(async () => (await load()).orders, {
      insert: true,
      update: true,
      findById: true,
      list: true,
    }),
    healthChecks: [{ name: 'dynamodb', check: async () => (await load()).healthCheck.check() }],
  };
};

/**
 * Inventory on the table and the bucket, loaded with the first inventory request (S3 client and
 * CSV parser included) in a chunk of its own. Uploads are only stored and queued here: the
 * bucket's notification runs the import in the inventory-import function.
 */
const lazyInventory = (env: Env, config: LambdaConfig): InventoryService =>
  deferred(
    async () =>
      (await import('./inventory-composition')).composeInventory(
        env,
        required(config.tableName, 'TABLE_NAME'),
        required(config.bucketName, 'BUCKET_NAME'),
      ),
    {
      get: true,
      list: true,
      set: true,
      adjust: true,
      getImport: true,
      upload: true,
      importObject: true,
      resume: true,
    },
  );

export interface HttpFunction {
  api: HttpApi;
  logger: LambdaLogger;
  config: LambdaConfig;
}

/**
 * The HTTP function's object graph, built once per execution environment. Plain
 * constructors rather than the server's inversify container: the graph is small and
 * inversify alone costs ~100 ms of cold start to import.
 */
export const composeHttp = (
  env: Env,
  overrides: { store?: HttpStore; logger?: LambdaLogger; inventory?: InventoryService } = {},
): HttpFunction => {
  const { config, logger } = lambdaRuntime(env, 'http', overrides.logger);
  const store = overrides.store ?? lazyDynamoDbStore(env, required(config.tableName, 'TABLE_NAME'));
  const clock = new SystemClock();
  const ids = new UuidV7IdGenerator();
  const api = buildHttpApi(
    {
      users: new UserService(store.users, clock, ids),
      orders: new OrderService(store.orders, store.users, clock, ids),
      inventory: overrides.inventory ?? lazyInventory(env, config),
      healthChecks: store.healthChecks,
    },
    { logger, cors: { origins: config.corsOrigins }, accessLog: config.accessLog },
  );
  return { api, logger, config };
};
