import { SNSClient } from '@aws-sdk/client-sns';
import { createEventBridgeHandler } from '../../../adapters/aws/lambda/eventbridge';
import { SnsNotifier } from '../../../adapters/aws/sns/notifier.sns';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { eventConsumers } from '../consumers';
import { openDynamoDbStore } from '../dynamodb-store';
import { withInvocationLogging } from '../lambda-logger';

const { config, logger } = lambdaRuntime(process.env, 'eventbridge-target');
const { processed } = openDynamoDbStore(process.env, required(config.tableName, 'TABLE_NAME'));
const notifier = new SnsNotifier({
  client: new SNSClient({}),
  topicArn: required(config.topicArn, 'TOPIC_ARN'),
});
const consumers = eventConsumers({ logger, notifier });

export const handler = withInvocationLogging(
  logger,
  createEventBridgeHandler({ consumers, processed, logger }),
);
