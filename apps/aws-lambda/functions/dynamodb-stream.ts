import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeEventBus } from '../../../adapters/aws/eventbridge/event-bus.eventbridge';
import { createDynamoDbStreamHandler } from '../../../adapters/aws/lambda/dynamodb-stream';
import { dynamoDbItemKinds } from '../../composition/stores/dynamodb';
import { modules } from '../../modules/modules';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { withInvocationLogging } from '../lambda-logger';

// Every invocation publishes, so the client is built during init (module scope), not lazily;
// the item kinds (each module's event rules) are loaded there too.
const { config, logger } = lambdaRuntime(process.env, 'dynamodb-stream');
const bus = new EventBridgeEventBus({
  client: new EventBridgeClient({}),
  eventBusName: required(config.eventBusName, 'EVENT_BUS_NAME'),
  source: config.eventSource,
});
const kinds = await dynamoDbItemKinds(modules);

export const handler = withInvocationLogging(
  logger,
  createDynamoDbStreamHandler({ bus, logger, kinds }),
);
