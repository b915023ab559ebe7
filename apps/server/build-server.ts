import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { pino } from 'pino';
import { mountHttpApi } from '../../adapters/fastify/fastify-door';
import { signedObjectsRoute } from '../../adapters/fastify/signed-objects.route';
import { buildHttpApi } from '../../adapters/http/build-api';
import { type HttpApi, MAX_BODY_BYTES } from '../../adapters/http/http-api';
import type { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import type { InventoryService } from '../../domain/inventory/inventory-service';
import { outOfStockAlert } from '../../domain/inventory/out-of-stock-alert';
import type { OrderService } from '../../domain/orders/order-service';
import { idempotentConsumer } from '../../domain/shared/idempotent-consumer';
import type { UserService } from '../../domain/users/user-service';
import type { Clock } from '../../ports/clock.port';
import type { HealthCheck } from '../../ports/health-check.port';
import { TOKENS } from '../../ports/tokens';
import { BackgroundImports } from './background-imports';
import type { ServerConfig } from './config';
import { type ContainerOptions, createContainer, INFRA } from './container';
import { LoggedNotifier } from './logged-notifier';
import { objectStoreFactories } from './object-stores';
import { storeFactories } from './stores';
import type { StoreAdapters } from './stores/store-adapters';

export interface BuildOptions extends ContainerOptions {
  config: ServerConfig;
  /** Store settings (table names, endpoints) are read from here; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Defaults to pino on stdout at config.logLevel; Fastify needs a pino instance. */
  logger?: pino.Logger;
}

export interface Server {
  app: FastifyInstance;
  /** Where the server's lines go (Fastify itself has no logger). */
  logger: pino.Logger;
  api: HttpApi;
  container: Container;
  bus: InProcessEventBus;
  store: StoreAdapters;
  /** Uploads being imported in this process. */
  imports: BackgroundImports;
  /** Absent when the store's platform delivers events itself (DynamoDB Streams). */
  relay: OutboxRelay | undefined;
  /**
   * Starts event delivery (and so delivers what a previous run left in the outbox) and resumes
   * the uploads a previous run accepted but did not import.
   */
  start(): void;
  /** Stops accepting, finishes in-flight requests, flushes the outbox, closes the store. */
  close(): Promise<void>;
}

/** Builds the app without listening, so tests can `inject` and main can `listen`. */
export const buildServer = async (options: BuildOptions): Promise<Server> => {
  const { config } = options;
  const logger = options.logger ?? createPinoLogger({ level: config.logLevel, flushEveryMs: 100 });
  const store = await storeFactories[config.store]({
    dataDir: config.dataDir,
    env: options.env ?? process.env,
  });
  const objectStore = await Promise.resolve()
    .then(() =>
      objectStoreFactories[config.objects]({
        dataDir: config.dataDir,
        env: options.env ?? process.env,
      }),
    )
    .catch(async (error: unknown) => {
      await store.close(); // already open: do not leak it when the object store cannot start
      throw error;
    });
  const container = createContainer(
    { ...store, healthChecks: [...store.healthChecks, ...objectStore.healthChecks] },
    objectStore.objects,
    logger,
    options,
  );
  // Kept in the store where it has a table for them (SQLite), else in memory; logged either way.
  const notifier = new LoggedNotifier(store.notifications ?? new MemoryNotifier(), logger);
  container.bind(TOKENS.Notifier).toConstantValue(notifier);
  const inventory = container.get<InventoryService>(TOKENS.InventoryService);
  const imports = new BackgroundImports(inventory, objectStore.objects, logger);

  const api = buildHttpApi(
    {
      users: container.get<UserService>(TOKENS.UserService),
      orders: container.get<OrderService>(TOKENS.OrderService),
      inventory,
      healthChecks: container.get<HealthCheck[]>(TOKENS.HealthChecks),
      inventoryRoutes: { afterUpload: (record) => imports.start(record) },
      notifications: notifier,
    },
    { logger, cors: { origins: config.corsOrigins }, accessLog: config.accessLog },
  );

  // No logger for Fastify itself: adapters/http writes the access and failure lines with their
  // request ids, and main.ts the lifecycle ones. Given one, Fastify would still do per-request
  // logger work (a child or a check of ours, response timing listeners) for request.log, which
  // nothing here reads: about 0.7 us of the 15 a cached GET costs.
  const app = Fastify({
    genReqId: () => randomUUID(),
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
  });
  await app.register(swagger, {
    mode: 'static',
    specification: { document: (await api.openApiDocument()) as never },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  let shuttingDown = false;
  mountHttpApi(app, api, { closing: () => shuttingDown });
  if (objectStore.verifySignedUrl) {
    // OBJECTS=fs: nobody else can serve the URLs its presignGet hands out.
    await app.register(signedObjectsRoute, {
      objects: objectStore.objects,
      verify: objectStore.verifySignedUrl,
      closing: () => shuttingDown,
      logger,
      accessLog: config.accessLog,
    });
  }

  const bus = container.get<InProcessEventBus>(INFRA.Bus);
  bus.subscribe('event-log', '*', async (event) => {
    logger.info(
      { eventId: event.id, type: event.type, aggregateId: event.aggregateId },
      'event delivered',
    );
  });
  bus.subscribe(
    'out-of-stock-alert',
    'inventory.out_of_stock',
    idempotentConsumer('out-of-stock-alert', store.processed, outOfStockAlert(notifier)),
  );
  const relay =
    store.outbox &&
    new OutboxRelay(store.outbox.store, bus, container.get<Clock>(TOKENS.Clock), logger, {
      pollIntervalMs: config.outboxPollMs,
    });
  if (relay) store.outbox?.onCommit(() => relay.kick());

  let closing: Promise<void> | undefined;
  return {
    app,
    logger,
    api,
    container,
    bus,
    store,
    imports,
    relay,
    start: () => {
      relay?.start();
      imports.resumeUnfinished();
    },
    close: () => {
      closing ??= (async () => {
        shuttingDown = true;
        await app.close();
        await imports.drain();
        // A store that already failed must not keep the process from closing.
        await relay
          ?.stop()
          .catch((error: unknown) =>
            logger.error(
              { err: error },
              'outbox flush failed at shutdown; undelivered events stay for the next start',
            ),
          );
        await store.close();
        await objectStore.close?.();
      })();
      return closing;
    },
  };
};
