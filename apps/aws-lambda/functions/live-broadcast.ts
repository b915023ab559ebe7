import { liveBroadcastHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';
import { composeLive } from '../live';

// Its rule delivers every domain event; each goes to the live clients subscribed to its type.
const app = composeLive(process.env, 'live-broadcast');

export const handler = withInvocationLogging(app.logger, liveBroadcastHandler(app));
