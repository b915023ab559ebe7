import { Duration, type Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { EVENT_SOURCE } from '../config';
import { addAlarms } from './alarms';
import type { FunctionFactory } from './function-factory';

export interface OperationsProps {
  fn: FunctionFactory;
  /** Where people's notifications go (the ops-notifier's are sent with `to: ops`). */
  topic: sns.ITopic;
  bus: events.IEventBus;
  failedDeliveries: sqs.IQueue;
}

/**
 * Our log lines at error level or above: pino's numeric levels (50 error, 60 fatal) and the
 * labels our Lambda logger writes (apps/aws-lambda/lambda-logger.ts), in CloudWatch Logs' JSON
 * filter syntax. Everything else never leaves the log group, so log-errors runs only on errors.
 */
export const ERROR_LINES_PATTERN = logs.FilterPattern.any(
  logs.FilterPattern.numberValue('$.level', '>=', 50),
  logs.FilterPattern.stringValue('$.level', '=', 'error'),
  logs.FilterPattern.stringValue('$.level', '=', 'fatal'),
);

/**
 * The operations side of the stack (issue 17): the `ops` topic every alarm notifies, its
 * subscriber ops-notifier (an alarm change to a notification and an ops.alarm_changed event), and
 * log-errors, subscribed to every other function's log group (not its own: its errors would feed
 * it), raising one ops.error_logged per failing request. Then the alarms (alarms.ts). Call it last
 * in the stack, so the walk finds every function, queue, API and state machine.
 */
export const addOperations = (
  stack: Stack,
  { fn, topic, bus, failedDeliveries }: OperationsProps,
) => {
  const opsTopic = new sns.Topic(stack, 'Ops', {
    displayName: 'Operations alarms',
    enforceSSL: true,
  });
  const busEnvironment = { EVENT_BUS_NAME: bus.eventBusName, EVENT_SOURCE };
  // Both are invoked asynchronously (by SNS, by CloudWatch Logs): two retries, then the queue of
  // failed deliveries, as for S3's notifications.
  const retried = (handler: lambda.Function) =>
    new lambda.EventInvokeConfig(stack, `${handler.node.id}InvokeConfig`, {
      function: handler,
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(failedDeliveries),
    });

  const notifier = fn(
    'ops-notifier',
    'Alarm changes (ops topic) to notifications and live events',
    {
      ...busEnvironment,
      TOPIC_ARN: topic.topicArn,
    },
  );
  bus.grantPutEventsTo(notifier);
  topic.grantPublish(notifier);
  opsTopic.addSubscription(new subscriptions.LambdaSubscription(notifier));
  retried(notifier);

  const logErrors = fn(
    'log-errors',
    'Error log lines of every function to one ops.error_logged per request',
    busEnvironment,
    { timeout: Duration.seconds(30) },
  );
  bus.grantPutEventsTo(logErrors);
  retried(logErrors);
  // A log group takes at most two subscription filters; this is the first of each. Every function
  // has a group of its own (stack.ts `fn`); for one made without, `logGroup` would add CDK's
  // LogRetention resource (never-expiring /aws/lambda/<name>): give it a group instead.
  for (const watched of stack.node.findAll()) {
    if (!(watched instanceof lambda.Function) || watched === logErrors) continue;
    new logs.SubscriptionFilter(stack, `${watched.node.id}ErrorLines`, {
      logGroup: watched.logGroup,
      destination: new logsDestinations.LambdaDestination(logErrors),
      filterPattern: ERROR_LINES_PATTERN,
    });
  }

  addAlarms(stack, { opsTopic });
  return { opsTopic, notifier, logErrors };
};
