import {
  createEventBridgeHandler,
  createScheduleHandler,
} from '../../adapters/aws/lambda/eventbridge';
import { createS3ObjectCreatedHandler } from '../../adapters/aws/lambda/s3-object-created';
import { createSqsJobsHandler } from '../../adapters/aws/lambda/sqs-jobs';
import { createWebSocketHandler } from '../../adapters/aws/lambda/websocket';
import { createReactor } from '../../domain/shared/reaction';
import { dispatchObjectCreated } from '../composition/object-dispatch';
import { composeRules } from '../composition/rules';
import { scheduledJobs } from '../composition/schedules';
import type { LambdaApp } from './composition';
import type { LiveFunction } from './live';

/*
 * Each function's door over the composed app, apart from its module-scope wiring (functions/) so
 * tests drive the very handlers the bundles export, on stand-in stores.
 */

/**
 * S3 notifications of objects created under a module's prefix: its handler does the work. The
 * shared object-created function takes the prefixes no module gives a function of its own;
 * `ownFunction` (images, documents) takes only the prefixes that name it.
 */
export const objectCreatedHandler = ({ composed, logger }: LambdaApp, ownFunction?: string) => {
  const handlers = composed.objectHandlers.filter((handler) => handler.ownFunction === ownFunction);
  const dispatch = dispatchObjectCreated(handlers, logger);
  return createS3ObjectCreatedHandler({ logger, onCreated: ({ key }) => dispatch(key) });
};

/**
 * The target of every domain event (each module's reactions, deduped on the event id) and of
 * each event rule, which EventBridge evaluated: that rule's target runs, by the rule's name.
 */
export const eventBridgeTargetHandler = ({ composed, store, logger, config }: LambdaApp) =>
  createEventBridgeHandler({
    react: createReactor(composed.reactions, store.processed, logger),
    runRule: composeRules(composed, {
      processed: store.processed,
      logger,
      config: { source: config.eventSource },
    }).runRule,
    logger,
  });

/** One rule per schedule names its job in detail.job: the store heartbeat and each module's. */
export const scheduleHandler = ({ composed, store, logger }: LambdaApp) =>
  createScheduleHandler({
    jobs: Object.fromEntries(
      scheduledJobs(composed, { healthChecks: store.healthChecks, logger }, 'aws').map((job) => [
        job.name,
        job.run,
      ]),
    ),
    logger,
  });

/** The jobs queue's event source (ReportBatchItemFailures): the module consuming jobs. */
export const sqsJobsHandler = ({ composed, logger }: LambdaApp) => {
  const [consumer] = composed.consumers;
  if (!consumer) throw new Error('No module consumes jobs in this app');
  return createSqsJobsHandler({ ...consumer, logger });
};

/** The WebSocket API's routes ($connect, $disconnect, sendMessage, $default): the live feed. */
export const liveSocketHandler = ({ feed, handshake, logger }: LiveFunction) =>
  createWebSocketHandler({ feed, handshake, logger });

/**
 * Every domain event on the bus, to the live clients subscribed to its type (PostToConnection).
 * No dedupe mark: the feed is best-effort and at-least-once, and clients dedupe on event.id.
 */
export const liveBroadcastHandler = ({ feed, logger }: LiveFunction) =>
  createEventBridgeHandler({
    react: async (event) => {
      const summary = await feed.deliver(event);
      logger.info({ eventId: event.id, type: event.type, ...summary }, 'live event delivered');
    },
    logger,
  });
