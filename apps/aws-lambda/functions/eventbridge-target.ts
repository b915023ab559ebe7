import { composeLambda } from '../composition';
import { eventBridgeTargetHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';

// The rule delivers every domain event here; each module's reactions run, deduped on the event id.
const app = composeLambda(process.env, 'eventbridge-target', ['TABLE_NAME', 'TOPIC_ARN']);

export const handler = withInvocationLogging(app.logger, eventBridgeTargetHandler(app));
