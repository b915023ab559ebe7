import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventBus } from '../../adapters/aws/eventbridge/event-bus.eventbridge';
import { createCloudWatchAlarmHandler } from '../../adapters/aws/lambda/cloudwatch-alarm';
import { createCloudWatchLogsHandler } from '../../adapters/aws/lambda/cloudwatch-logs';
import {
  type OpsAlertsPorts,
  relayAlarmChange,
  relayLoggedErrors,
} from '../../domain/operations/ops-alerts';
import { type LambdaConfig, required } from './config';

/*
 * The operations functions' doors over the domain, apart from their module-scope wiring
 * (functions/ops-notifier.ts, functions/log-errors.ts), so tests drive the very handlers the
 * bundles export with stand-in clients. Neither composes the modules: they touch no store.
 */

/** Our bus (EVENT_BUS_NAME, checked now): every invocation publishes, so it is built at init. */
export const eventBridgeBusOf = (config: LambdaConfig, client = new EventBridgeClient({})) =>
  new EventBridgeEventBus({
    client,
    eventBusName: required(config.eventBusName, 'EVENT_BUS_NAME'),
    source: config.eventSource,
  });

/** The ops topic's subscriber: each alarm change becomes an event and, if it matters, a notice. */
export const opsNotifierHandler = (ports: OpsAlertsPorts) =>
  createCloudWatchAlarmHandler({
    onAlarm: (notice) => relayAlarmChange(ports, notice),
    logger: ports.logger,
  });

/** Every function's log group subscription: one event per request with error lines. */
export const logErrorsHandler = (ports: Pick<OpsAlertsPorts, 'bus' | 'logger'>) =>
  createCloudWatchLogsHandler({
    onBatch: (batch) => relayLoggedErrors(ports, batch),
    logger: ports.logger,
  });
