import { app, type HttpMethod, type InvocationContext } from '@azure/functions';
import { cronToNcrontab } from '../composition/cron/ncrontab';
import { scheduleDefinitions } from '../composition/schedules';
import { modules } from '../modules/modules';
import { type AzureFunctionsApp, composeAzureFunctions } from './composition';
import { CONNECTION_SETTING, triggerSettings } from './config';
import { lotteryQueueName } from './lottery';

/**
 * The function app: its registrations are the host's view of our doors (HTTP, the events queue,
 * new uploads, the outbox sweep, and a timer per scheduled job). Registration runs when
 * the worker loads this file and must be synchronous; the object graph is built on the first
 * invocation and kept for the life of the worker. A failed build is forgotten, so a storage
 * hiccup at cold start does not pin the worker to an error.
 */
let pending: Promise<AzureFunctionsApp> | undefined;
const ready = (): Promise<AzureFunctionsApp> => {
  // Credentials are required unless AUTH=off is set; function-level auth stays anonymous.
  pending ??= composeAzureFunctions(process.env, { unsetAuth: 'required' }).catch(
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
};

const settings = triggerSettings(process.env);
const ALL_METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

const unavailable = (context: InvocationContext, error: unknown) => {
  context.error(
    JSON.stringify({
      level: 'error',
      msg: 'the app could not start',
      invocationId: context.invocationId,
      err: error instanceof Error ? error.message : String(error),
    }),
  );
  return {
    status: 503,
    headers: { 'x-request-id': context.invocationId, 'retry-after': '5' },
    jsonBody: {
      error: {
        code: 'SERVICE.UNAVAILABLE',
        message: 'The service is starting or cannot reach its storage; retry later.',
      },
      requestId: context.invocationId,
    },
  };
};

// host.json sets routePrefix "" and this route catches every path, so the paths are those
// of the other doors and adapters/http routes (404/405 included) as everywhere.
app.http('http', {
  route: '{*path}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: async (request, context) => {
    let composed: AzureFunctionsApp;
    try {
      composed = await ready();
    } catch (error) {
      return unavailable(context, error);
    }
    return composed.http(request, context);
  },
});

app.storageQueue('domainEvents', {
  queueName: settings.eventsQueue,
  connection: CONNECTION_SETTING,
  handler: async (message, context) => (await ready()).domainEvents(message, context),
});

app.storageQueue('jobs', {
  queueName: settings.jobsQueue,
  connection: CONNECTION_SETTING,
  handler: async (message, context) => (await ready()).jobs(message, context),
});

// New uploads: a blob trigger by default (works on Azurite and any plan, but the host reads each
// blob's bytes first), or Event Grid BlobCreated events (the host reads nothing; needs the
// subscription in the README). One function name either way.
if (settings.objectEvents === 'event-grid') {
  app.eventGrid('objectCreated', {
    handler: async (event, context) => (await ready()).objectCreatedEvent(event, context),
  });
} else {
  app.storageBlob('objectCreated', {
    path: `${settings.uploadsContainer}/{name}`,
    connection: CONNECTION_SETTING,
    handler: async (blob, context) => (await ready()).objectCreated(blob, context),
  });
}

// Lottery draws: each started draw is a message; the host redelivers it if a run is cut short.
app.storageQueue('lotteryDraws', {
  queueName: lotteryQueueName(process.env),
  connection: CONNECTION_SETTING,
  handler: async (message, context) => (await ready()).lotteryDraws(message, context),
});

app.timer('outboxRelay', {
  schedule: settings.relaySchedule,
  handler: async (timer, context) => (await ready()).outboxRelay(timer, context),
});

// One timer per scheduled job, on the cron every door shares (NCRONTAB, UTC).
for (const { name, cron } of scheduleDefinitions(modules, 'azure')) {
  app.timer(name, {
    schedule: cronToNcrontab(cron),
    handler: async (timer, context) => (await ready()).schedules[name]!(timer, context),
  });
}
