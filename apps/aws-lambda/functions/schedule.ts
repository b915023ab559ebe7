import { composeLambda } from '../composition';
import { scheduleHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// One rule per schedule (the stack's, from the same definitions) names its job in detail.job.
const app = composeLambda(process.env, 'schedule', ['TABLE_NAME']);

export const handler = withInvocationLogging(app.logger, scheduleHandler(app));
