import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventBus } from '../../../adapters/aws/eventbridge/event-bus.eventbridge';
import { createDynamoDbStreamHandler } from '../../../adapters/aws/lambda/dynamodb-stream';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { withInvocationLogging } from '../lambda-logger';

// Every invocation publishes, so the client is built during init (module scope), not lazily.
const { config, logger } = lambdaRuntime(process.env, 'dynamodb-stream');
const bus = new EventBridgeEventBus({
  client: new EventBridgeClient({}),
  eventBusName: required(config.eventBusName, 'EVENT_BUS_NAME'),
  source: config.eventSource,
});

export const handler = withInvocationLogging(logger, createDynamoDbStreamHandler({ bus, logger }));
