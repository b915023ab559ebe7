import type {
  EventGridHandler,
  HttpHandler,
  StorageBlobHandler,
  StorageQueueHandler,
  TimerHandler,
} from '@azure/functions';
import { BlobObjectStore } from '../../adapters/azure/blob/object-store.blob';
import { blobTriggerHandler } from '../../adapters/azure/functions/blob-trigger';
import { eventGridBlobHandler } from '../../adapters/azure/functions/event-grid-trigger';
import { azureHttpHandler } from '../../adapters/azure/functions/http-door';
import { InvocationLogger, withInvocation } from '../../adapters/azure/functions/invocation-logger';
import { queueTriggerHandler } from '../../adapters/azure/functions/queue-trigger';
import { timerTriggerHandler } from '../../adapters/azure/functions/timer-trigger';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { StorageQueueNotifier } from '../../adapters/azure/queue/notifier.storage-queue';
import { TableHealthCheck } from '../../adapters/azure/tables/health-check.tables';
import { TableImportStore } from '../../adapters/azure/tables/import-store.tables';
import { TableInventoryRepository } from '../../adapters/azure/tables/inventory-repository.tables';
import { TableOrderRepository } from '../../adapters/azure/tables/order-repository.tables';
import { TableOutbox } from '../../adapters/azure/tables/outbox.tables';
import { TableProcessedEventStore } from '../../adapters/azure/tables/processed-event-store.tables';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { TableUserRepository } from '../../adapters/azure/tables/user-repository.tables';
import { CsvParseReader } from '../../adapters/csv/csv-reader.csv-parse';
import { buildHttpApi } from '../../adapters/http/build-api';
import type { HttpApi } from '../../adapters/http/http-api';
import { SystemClock } from '../../adapters/local/clock.system';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { importSummary } from '../../domain/inventory/import-record';
import { INVENTORY_PREFIX, InventoryService } from '../../domain/inventory/inventory-service';
import { outOfStockAlert } from '../../domain/inventory/out-of-stock-alert';
import { OrderService } from '../../domain/orders/order-service';
import { idempotentConsumer } from '../../domain/shared/idempotent-consumer';
import { UserService } from '../../domain/users/user-service';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Logger } from '../../ports/logger.port';
import { loadAzureConfig } from './config';

type Env = Record<string, string | undefined>;

/** How long an HTTP invocation waits for the events of its own write to reach the queue. */
const RELAY_WAIT_MS = 2000;

export interface AzureFunctionsApp {
  http: HttpHandler;
  domainEvents: StorageQueueHandler;
  objectCreated: StorageBlobHandler;
  /** The same, fed by an Event Grid BlobCreated subscription (AZURE_OBJECT_EVENTS=event-grid). */
  objectCreatedEvent: EventGridHandler;
  outboxRelay: TimerHandler;
  api: HttpApi;
  store: TableStore;
  bus: StorageQueueEventBus;
  objects: BlobObjectStore;
  notifier: StorageQueueNotifier;
  inventory: InventoryService;
  /** The domain consumers the queue trigger delivers to. */
  consumers: InProcessEventBus;
  logger: Logger;
}

export interface CompositionOverrides {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * The object graph of the function app, built once per worker (module scope, on first
 * invocation) with plain constructors: no DI container to import at cold start.
 *
 * Events: a write commits its outbox entity with the change (Table Storage batch); the relay
 * moves it to the events queue, kicked by the HTTP invocation that wrote (which waits up to
 * RELAY_WAIT_MS for it: work after the response is not guaranteed to run) and swept by the
 * timer for whatever a crashed or frozen instance left. The queue trigger hands each event to
 * the consumers, which dedupe on the event id.
 */
export const composeAzureFunctions = async (
  env: Env,
  overrides: CompositionOverrides = {},
): Promise<AzureFunctionsApp> => {
  const config = loadAzureConfig(env);
  const logger = overrides.logger ?? new InvocationLogger(config.logLevel);
  const clock = overrides.clock ?? new SystemClock();
  const ids = overrides.ids ?? new UuidV7IdGenerator();

  const store = new TableStore({
    connectionString: config.connectionString,
    tablePrefix: config.tablePrefix,
  });
  const bus = new StorageQueueEventBus({
    connectionString: config.connectionString,
    queueName: config.eventsQueue,
  });
  const objects = new BlobObjectStore({
    connectionString: config.connectionString,
    containerName: config.uploadsContainer,
  });
  const notifier = new StorageQueueNotifier({
    connectionString: config.connectionString,
    queueName: config.notificationsQueue,
  });
  // Idempotent: creates what a fresh account (or Azurite) lacks, at one round trip each.
  await Promise.all([
    store.ensureTables(),
    bus.ensureQueue(),
    objects.ensureContainer(),
    notifier.ensureQueue(),
  ]);

  const users = new TableUserRepository(store);
  const orders = new TableOrderRepository(store);
  const outbox = new TableOutbox(store);
  const processed = new TableProcessedEventStore(store);
  const inventory = new InventoryService(
    new TableInventoryRepository(store),
    new TableImportStore(store),
    objects,
    new CsvParseReader(),
    clock,
    ids,
  );
  // Uploads land in the uploads container under inventory/: the blob trigger imports them.
  const api = buildHttpApi(
    {
      users: new UserService(users, clock, ids),
      orders: new OrderService(orders, users, clock, ids),
      inventory,
      healthChecks: [new TableHealthCheck(store)],
    },
    { logger, cors: { origins: config.corsOrigins }, accessLog: config.accessLog },
  );
  const relay = new OutboxRelay(outbox, bus, clock, logger);

  const consumers = new InProcessEventBus();
  consumers.subscribe(
    'event-log',
    '*',
    idempotentConsumer('event-log', processed, async (event) => {
      logger.info(
        { eventId: event.id, type: event.type, aggregateId: event.aggregateId },
        'event delivered',
      );
    }),
  );

  consumers.subscribe(
    'out-of-stock-alert',
    'inventory.out_of_stock',
    idempotentConsumer('out-of-stock-alert', processed, outOfStockAlert(notifier)),
  );

  let commits = 0;
  store.onCommit(() => {
    commits += 1;
  });
  const relayWrites = async () => {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, RELAY_WAIT_MS);
    });
    const drained = relay.drain().then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, 'outbox relay failed; the timer will retry'),
    );
    await Promise.race([drained, waited]);
    clearTimeout(timer);
  };
  const door = azureHttpHandler(api);

  /**
   * A blob created in the uploads container, however the app heard of it: CSVs under
   * inventory/ are imported (the same call as the server's upload route and the S3 function);
   * other blobs have no consumer yet (image processing comes later). The import's events
   * (out-of-stock) leave at once rather than at the next timer sweep.
   */
  const onObjectCreated = async (key: string) => {
    if (!key.startsWith(INVENTORY_PREFIX)) return;
    const record = await inventory.importObject(key);
    logger.info(importSummary(record), 'inventory import finished');
    await relayWrites();
  };

  return {
    http: async (request, context) => {
      const before = commits;
      const response = await door(request, context);
      if (commits !== before) await withInvocation(context, relayWrites);
      return response;
    },
    domainEvents: queueTriggerHandler((event) => consumers.publish([event]), logger),
    objectCreated: blobTriggerHandler(({ object }) => onObjectCreated(object.key), logger),
    objectCreatedEvent: eventGridBlobHandler(async ({ container, key }) => {
      if (container === config.uploadsContainer) await onObjectCreated(key);
    }, logger),
    outboxRelay: timerTriggerHandler(
      'outbox-relay',
      async () => {
        outbox.requestSweep();
        const delivered = await relay.drain();
        if (delivered > 0) logger.info({ delivered }, 'outbox sweep delivered events');
      },
      logger,
    ),
    api,
    store,
    bus,
    objects,
    notifier,
    inventory,
    consumers,
    logger,
  };
};
