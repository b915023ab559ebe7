import { lazySnsNotifier } from '../aws-ports';
import { lambdaRuntime } from '../composition';
import { required } from '../config';
import { withInvocationLogging } from '../lambda-logger';
import { eventBridgeBusOf, opsNotifierHandler } from '../ops';

// Subscribed to the ops topic, where every alarm of the stack sends its changes of state: the
// people's notification goes to the notifications topic (TOPIC_ARN, filterable by `to: ops`), the
// live event to the bus.
const { config, logger } = lambdaRuntime(process.env, 'ops-notifier');
required(config.topicArn, 'TOPIC_ARN');

export const handler = withInvocationLogging(
  logger,
  opsNotifierHandler({ bus: eventBridgeBusOf(config), notifier: lazySnsNotifier(config), logger }),
);
