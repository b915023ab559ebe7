import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Container } from 'inversify';
import type { pino } from 'pino';
import { registerAdminConsole } from '../../adapters/fastify/admin-console';
import { capConnectionsPerAddress } from '../../adapters/fastify/connection-cap';
import { docsOptions } from '../../adapters/fastify/docs';
import { mountHttpApi } from '../../adapters/fastify/fastify-door';
import { mountLiveSocket } from '../../adapters/fastify/live-socket';
import { registerRateLimit } from '../../adapters/fastify/rate-limit';
import { signedObjectsRoute } from '../../adapters/fastify/signed-objects.route';
import { transportErrorOptions } from '../../adapters/fastify/transport-errors';
import { buildHttpApi } from '../../adapters/http/build-api';
import { type HttpApi, MAX_BODY_BYTES } from '../../adapters/http/http-api';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { JobWorker } from '../../adapters/local/job-worker';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { startSchedules } from '../../adapters/local/scheduler.croner';
import { MemoryLiveConnectionStore } from '../../adapters/memory/live-connection-store.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { createReactor } from '../../domain/shared/reaction';
import type { Clock } from '../../ports/clock.port';
import { TOKENS } from '../../ports/tokens';
import { authenticatorFor } from '../composition/authenticator';
import type { ComposedApp } from '../composition/compose-modules';
import { dispatchObjectCreated, resumeUnfinished } from '../composition/object-dispatch';
import { composeRules, ordersOptionsOf, ruleSettingsFromEnv } from '../composition/rules';
import { scheduledJobs } from '../composition/schedules';
import type { OpenStore } from '../composition/stores/open-store';
import { CONSOLE_DIST } from '../console/paths';
import type { AnyModule } from '../modules/domain-module';
import { type LiveServices, liveModule } from '../modules/live/live.module';
import { modules as allModules } from '../modules/modules';
import { BackgroundWork } from './background-work';
import type { ServerConfig } from './config';
import { APP, type ContainerOptions, createContainer } from './container';
import { LoggedNotifier } from './logged-notifier';
import { objectStoreFactories } from './object-stores';
import { storeOpeners } from './stores';

export interface BuildOptions extends ContainerOptions {
  config: ServerConfig;
  /** Store settings (table names, endpoints) are read from here; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Defaults to pino on stdout at config.logLevel; Fastify needs a pino instance. */
  logger?: pino.Logger;
  /** The domains served; every module of apps/modules/modules.ts by default. */
  modules?: readonly AnyModule[];
  /**
   * The built admin console served at /admin; dist/console (`npm run build:console`) by default.
   * `false`: none, for an app that never listens (the CLI), which has no page to serve or miss.
   */
  consoleDir?: string | false;
}

export interface Server {
  app: FastifyInstance;
  /** Where the server's lines go (Fastify itself has no logger). */
  logger: pino.Logger;
  api: HttpApi;
  container: Container;
  /** Every module composed on this server's ports. */
  composed: ComposedApp;
  bus: InProcessEventBus;
  store: OpenStore;
  /** Work running after its response (uploads being imported). */
  background: BackgroundWork;
  /** Absent when the store's platform delivers events itself (DynamoDB Streams). */
  relay: OutboxRelay | undefined;
  /** One per job queue a module consumes: they run from start() to close(). */
  workers: JobWorker[];
  /**
   * Starts event delivery (and so delivers what a previous run left in the outbox), resumes the
   * work on objects a previous run accepted but did not finish, and starts the schedules.
   */
  start(): void;
  /** Stops accepting, finishes in-flight requests, flushes the outbox, closes the store. */
  close(): Promise<void>;
}

/** Whether the host is reachable from this machine only. */
export const isLoopback = (host: string): boolean =>
  /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i.test(host);

/**
 * AUTH wins when set. Unset, a server reachable from other machines requires credentials, and
 * one on loopback (the README's `npm start`) runs open, with one line saying so.
 */
const authMode = (config: ServerConfig, logger: pino.Logger): 'required' | 'off' => {
  if (config.auth) return config.auth;
  if (!isLoopback(config.host)) return 'required';
  logger.warn(
    { host: config.host },
    'AUTH is off: listening on loopback, every route is open without credentials; set AUTH=required (or a non-loopback HOST) to require API keys or JWTs',
  );
  return 'off';
};

/** Builds the app without listening, so tests can `inject` and main can `listen`. */
export const buildServer = async (options: BuildOptions): Promise<Server> => {
  const { config } = options;
  const logger = options.logger ?? createPinoLogger({ level: config.logLevel, flushEveryMs: 100 });
  const env = options.env ?? process.env;
  const modules = options.modules ?? allModules;
  const store = await storeOpeners[config.store](modules, { dataDir: config.dataDir, env });
  const objectStore = await Promise.resolve()
    .then(() => objectStoreFactories[config.objects]({ dataDir: config.dataDir, env }))
    .catch(async (error: unknown) => {
      await store.close(); // already open: do not leak it when the object store cannot start
      throw error;
    });
  // Kept in the store where it has a table for them (SQLite), else in memory; logged either way.
  const notifier = new LoggedNotifier(store.notifications ?? new MemoryNotifier(), logger);
  const background = new BackgroundWork(logger);
  let dispatch: ((key: string) => Promise<unknown>) | undefined;
  // Made below from the composed reactions; the jobs only call it once the server runs.
  let relay: OutboxRelay | undefined;
  const container = createContainer(
    {
      modules,
      store,
      objects: objectStore.objects,
      notifier,
      logger,
      // The server's object-created trigger: what a route stored is handled after its response.
      routes: {
        objectCreated: (key) => background.run('object handling', () => dispatch!(key), { key }),
        scheduledJobs: () => scheduledJobs(composed, { healthChecks, logger }, 'server'),
      },
      outbox: store.outbox && { redrive: async () => (relay ? relay.drain() : 0) },
    },
    {
      ...options,
      moduleOptions: {
        ...(config.messaging ? { messaging: config.messaging } : {}),
        ...ordersOptionsOf(ruleSettingsFromEnv(env)),
        ...options.moduleOptions,
      },
    },
  );
  const composed = container.get<ComposedApp>(APP.Composed);
  dispatch = dispatchObjectCreated(composed.objectHandlers, logger);
  const healthChecks = [...store.healthChecks, ...objectStore.healthChecks];
  const authenticator =
    authMode(config, logger) === 'required' ? authenticatorFor(composed, config.jwt) : undefined;
  const api = buildHttpApi(
    {
      routes: composed.routes,
      errors: composed.errors,
      healthChecks,
      notifications: notifier,
    },
    {
      logger,
      cors: { origins: config.corsOrigins },
      accessLog: config.accessLog,
      uploadQuotaBytesPerDay: config.uploadQuotaBytesPerDay,
      authenticator,
    },
  );

  // No logger for Fastify itself: adapters/http writes the access and failure lines with their
  // request ids, and main.ts the lifecycle ones. Given one, Fastify would still do per-request
  // logger work (a child or a check of ours, response timing listeners) for request.log, which
  // nothing here reads, on every request (README, Performance).
  const bodyTimeoutMs = config.bodyTimeoutMs ?? 30_000;
  const app = Fastify({
    genReqId: () => randomUUID(),
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    // Off unless TRUST_PROXY names the proxies in front: request.ip then comes from their
    // X-Forwarded-For, so the rate limit counts each client rather than the proxy.
    trustProxy: config.trustProxy ?? false,
    // A client that stalls mid-body is answered 408 and closed at the deadline. Node checks
    // deadlines every connectionsCheckingInterval, so that is a fraction of the deadline.
    requestTimeout: bodyTimeoutMs,
    http: {
      headersTimeout: Math.min(bodyTimeoutMs, 60_000),
      connectionsCheckingInterval: Math.max(50, Math.min(bodyTimeoutMs / 4, 30_000)),
    },
    ...transportErrorOptions(api),
  });
  capConnectionsPerAddress(app.server, api, config.maxConnectionsPerIp ?? 100);
  await registerRateLimit(app, config.rateLimit ?? { perSecond: 100, burst: 200 });
  await app.register(swagger, {
    mode: 'static',
    specification: { document: (await api.openApiDocument()) as never },
  });
  await app.register(swaggerUi, docsOptions);
  if (options.consoleDir !== false) {
    await registerAdminConsole(app, { dir: options.consoleDir ?? CONSOLE_DIST, logger });
  }
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

  // The live feed (issue #17) on /ws, when the live module is served: its sockets live in this
  // process, so its connections do too, whatever the record store.
  const live = modules.includes(liveModule)
    ? await mountLiveSocket(app, {
        feedWith: (push) =>
          composed
            .services<LiveServices>(liveModule)
            .feedWith(push, new MemoryLiveConnectionStore()),
        authenticator,
        api,
        logger,
        maxBufferedBytes: config.liveMaxBufferedBytes ?? 1024 * 1024,
        closeGraceMs: config.liveCloseGraceMs,
        heartbeatMs: config.liveHeartbeatMs,
      })
    : undefined;

  const bus = new InProcessEventBus();
  // Every delivered event to the live clients, straight from the relay: not a module reaction,
  // which would write a dedupe mark per event for a feed that is best-effort anyway.
  if (live) bus.subscribe('live', '*', live.deliver);
  bus.subscribe('reactions', '*', createReactor(composed.reactions, store.processed, logger));
  // The event rules (domain/messaging/rules), evaluated here as EventBridge does on AWS.
  bus.subscribe(
    'rules',
    '*',
    composeRules(composed, {
      processed: store.processed,
      logger,
      config: ruleSettingsFromEnv(env),
    }).deliver,
  );
  relay =
    store.outbox &&
    new OutboxRelay(store.outbox.store, bus, container.get<Clock>(TOKENS.Clock), logger, {
      pollIntervalMs: config.outboxPollMs,
    });
  if (relay) store.outbox?.onCommit(() => relay.kick());
  const workers = composed.consumers.map(
    (consumer) =>
      new JobWorker(consumer, logger, {
        pollIntervalMs: config.jobsPollMs,
        visibilitySeconds: config.jobsVisibilitySeconds,
      }),
  );
  let schedules: ReturnType<typeof startSchedules> | undefined;

  let closing: Promise<void> | undefined;
  return {
    app,
    logger,
    api,
    container,
    composed,
    bus,
    store,
    background,
    relay,
    workers,
    start: () => {
      relay?.start();
      for (const worker of workers) worker.start();
      background.run('resuming unfinished work', () =>
        resumeUnfinished(composed.objectHandlers, objectStore.objects, logger),
      );
      schedules ??= startSchedules(
        scheduledJobs(composed, { healthChecks, logger }, 'server'),
        logger,
      );
    },
    close: () => {
      closing ??= (async () => {
        shuttingDown = true;
        await app.close();
        await schedules?.stop();
        await background.drain();
        await Promise.all(workers.map((worker) => worker.stop()));
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
