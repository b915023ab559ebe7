import { lambdaRuntime } from '../composition';
import { withInvocationLogging } from '../lambda-logger';
import { eventBridgeBusOf, logErrorsHandler } from '../ops';

// Every other function's log group is subscribed here with a filter that passes error lines only;
// each request with errors becomes one ops.error_logged on the bus.
const { config, logger } = lambdaRuntime(process.env, 'log-errors');

export const handler = withInvocationLogging(
  logger,
  logErrorsHandler({ bus: eventBridgeBusOf(config), logger }),
);
