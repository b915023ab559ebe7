import { liveSocketHandler } from '../handlers';
import { withInvocationLogging } from '../lambda-logger';
import { composeLive } from '../live';

// The WebSocket API's routes. Credentials are required unless AUTH=off is set, as for the HTTP
// function: $connect has no API key of the usage plan (browsers cannot send the header).
const app = composeLive(process.env, 'live-socket', {}, 'required');

export const handler = withInvocationLogging(app.logger, liveSocketHandler(app));
