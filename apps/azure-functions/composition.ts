import type {
  EventGridHandler,
  HttpHandler,
  StorageBlobHandler,
  StorageQueueHandler,
  TimerHandler,
} from '@azure/functions';
import { BlobObjectStore } from '../../adapters/azure/blob/object-store.blob';
import { blobTriggerHandler } from '../../adapters/azure/functions/blob-trigger';
import { drawQueueTriggerHandler } from '../../adapters/azure/functions/draw-queue-trigger';
import { eventGridBlobHandler } from '../../adapters/azure/functions/event-grid-trigger';
import { azureHttpHandler } from '../../adapters/azure/functions/http-door';
import { InvocationLogger, withInvocation } from '../../adapters/azure/functions/invocation-logger';
import { jobsTriggerHandler } from '../../adapters/azure/functions/jobs-trigger';
import { queueTriggerHandler } from '../../adapters/azure/functions/queue-trigger';
import { timerTriggerHandler } from '../../adapters/azure/functions/timer-trigger';
import type { StorageQueueDrawDispatcher } from '../../adapters/azure/queue/draw-queue.storage-queue';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { StorageQueueNotifier } from '../../adapters/azure/queue/notifier.storage-queue';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { buildHttpApi } from '../../adapters/http/build-api';
import type { HttpApi } from '../../adapters/http/http-api';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { createReactor } from '../../domain/shared/reaction';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { Logger } from '../../ports/logger.port';
import { authenticatorFor } from '../composition/authenticator';
import { type ComposedApp, composeModules } from '../composition/compose-modules';
import { dispatchObjectCreated } from '../composition/object-dispatch';
import {
  composeRules,
  ordersOptionsOf,
  reactionsAndRules,
  ruleSettingsFromEnv,
} from '../composition/rules';
import { scheduledJobs } from '../composition/schedules';
import { openTableStore } from '../composition/stores/azure-tables';
import { type AuthMode, loadAuthConfig } from '../config/auth-env';
import type { AnyModule } from '../modules/domain-module';
import { modules as allModules } from '../modules/modules';
import { loadAzureConfig } from './config';
import { lotteryOnAzure } from './lottery';

type Env = Record<string, string | undefined>;

/** How long an HTTP invocation waits for the events of its own write to reach the queue. */
const RELAY_WAIT_MS = 2000;

export interface AzureFunctionsApp {
  http: HttpHandler;
  domainEvents: StorageQueueHandler;
  /** The jobs queue's trigger: each message settled alone (the module consuming jobs). */
  jobs: StorageQueueHandler;
  objectCreated: StorageBlobHandler;
  /** The same, fed by an Event Grid BlobCreated subscription (AZURE_OBJECT_EVENTS=event-grid). */
  objectCreatedEvent: EventGridHandler;
  outboxRelay: TimerHandler;
  /** Runs each started lottery draw (the lottery queue's trigger). */
  lotteryDraws: StorageQueueHandler;
  /** One timer handler per scheduled job (the store heartbeat and every module's), by name. */
  schedules: Record<string, TimerHandler>;
  api: HttpApi;
  store: TableStore;
  bus: StorageQueueEventBus;
  objects: BlobObjectStore;
  notifier: StorageQueueNotifier;
  lotteryQueue: StorageQueueDrawDispatcher;
  /** Every module composed on Azure's ports. */
  composed: ComposedApp;
  logger: Logger;
}

export interface CompositionOverrides {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  /** The domains served; every module of apps/modules/modules.ts by default. */
  modules?: readonly AnyModule[];
  /**
   * What AUTH unset means: index.ts (the deployed app) passes `required`; compositions in
   * tests run open unless they set AUTH.
   */
  unsetAuth?: AuthMode;
}

/**
 * The function app, built once per worker (on first invocation): every module composed on
 * Azure's ports (composeModules, as every app does), with plain function calls rather than the
 * server's container, as on Lambda.
 *
 * Events: a write commits its outbox entity with the change (Table Storage batch); the relay
 * moves it to the events queue, kicked by the HTTP invocation that wrote (which waits up to
 * RELAY_WAIT_MS for it: work after the response is not guaranteed to run) and swept by the
 * timer for whatever a crashed or frozen instance left. The queue trigger hands each event to
 * every module's reactions, which dedupe on the event id.
 */
export const composeAzureFunctions = async (
  env: Env,
  overrides: CompositionOverrides = {},
): Promise<AzureFunctionsApp> => {
  const config = loadAzureConfig(env);
  const auth = loadAuthConfig(env);
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
  const modules = overrides.modules ?? allModules;
  const lottery = lotteryOnAzure(env, config.connectionString);
  // Idempotent: creates what a fresh account (or Azurite) lacks, at one round trip each.
  const [tables] = await Promise.all([
    openTableStore(modules, store),
    bus.ensureQueue(),
    objects.ensureContainer(),
    notifier.ensureQueue(),
    lottery.queue.ensureQueue(),
  ]);
  const composed = composeModules(
    modules,
    {
      clock,
      ids,
      logger,
      objects,
      notifier,
      housekeeping: tables.housekeeping,
      // The relay is made below from the composed reactions; the jobs only run after.
      outbox: { redrive: () => relay.drain() },
    },
    {
      storesOf: (module) => tables.storesOf(module),
      routes: {
        scheduledJobs: () =>
          scheduledJobs(composed, { healthChecks: tables.healthChecks, logger }, 'azure'),
      },
      options: { lottery: lottery.options, ...ordersOptionsOf(ruleSettingsFromEnv(env)) },
    },
  );
  // Uploads land in the uploads container under their module's prefix: the blob trigger runs them.
  const api = buildHttpApi(
    { routes: composed.routes, errors: composed.errors, healthChecks: tables.healthChecks },
    {
      logger,
      cors: { origins: config.corsOrigins },
      accessLog: config.accessLog,
      authenticator:
        (auth.mode ?? overrides.unsetAuth ?? 'off') === 'required'
          ? authenticatorFor(composed, auth.jwt)
          : undefined,
    },
  );
  const outbox = tables.outbox.store;
  const relay = new OutboxRelay(outbox, bus, clock, logger);
  // The queue trigger runs the reactions and evaluates the event rules, as the server does.
  const react = reactionsAndRules(
    createReactor(composed.reactions, tables.processed, logger),
    composeRules(composed, {
      processed: tables.processed,
      logger,
      config: ruleSettingsFromEnv(env),
    }).deliver,
  );
  const dispatch = dispatchObjectCreated(composed.objectHandlers, logger);

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
  const [consumer] = composed.consumers;
  const jobs: StorageQueueHandler = consumer
    ? async (message, context) => {
        try {
          await jobsTriggerHandler({ ...consumer, logger })(message, context);
        } finally {
          // What the job wrote (an order confirmed) raises events: relay them now, not at the sweep.
          await withInvocation(context, relayWrites);
        }
      }
    : async () => {
        throw new Error('No module consumes jobs in this app');
      };

  /**
   * A blob created in the uploads container, however the app heard of it: the module owning its
   * prefix handles it (the same call as the server's upload route and the S3 function), and the
   * events that raised (out-of-stock) leave at once rather than at the next timer sweep.
   */
  const onObjectCreated = async (key: string) => {
    if (await dispatch(key)) await relayWrites();
  };
  const schedules = Object.fromEntries(
    scheduledJobs(composed, { healthChecks: tables.healthChecks, logger }, 'azure').map((job) => [
      job.name,
      timerTriggerHandler(
        job.name,
        async () => {
          await job.run();
          await relayWrites();
        },
        logger,
      ),
    ]),
  );

  return {
    http: async (request, context) => {
      const before = commits;
      const response = await door(request, context);
      if (commits !== before) await withInvocation(context, relayWrites);
      return response;
    },
    domainEvents: queueTriggerHandler(react, logger),
    jobs,
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
    lotteryDraws: drawQueueTriggerHandler(lottery.run, logger),
    schedules,
    api,
    store,
    bus,
    objects,
    notifier,
    lotteryQueue: lottery.queue,
    composed,
    logger,
  };
};
