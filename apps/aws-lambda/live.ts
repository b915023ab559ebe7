import {
  decideLiveHandshake,
  type LiveHandshake,
  type LiveHandshakeRequest,
} from '../../adapters/http/auth/live-handshake';
import type { LiveFeed } from '../../domain/live';
import type { LivePush } from '../../ports/live-push.port';
import { authenticatorFor } from '../composition/authenticator';
import { lazyObject } from '../composition/lazy';
import { type AuthMode, loadAuthConfig } from '../config/auth-env';
import { type LiveServices, liveModule } from '../modules/live/live.module';
import { composeLambda, type LambdaApp, type LambdaOverrides } from './composition';
import { type LambdaConfig, required } from './config';

type Env = Record<string, string | undefined>;

export interface LiveFunction extends LambdaApp {
  feed: LiveFeed;
  handshake(request: LiveHandshakeRequest): Promise<LiveHandshake>;
}

/** PostToConnection on the stage's callback URL; the SDK client is loaded by the first frame. */
const lazyApiGatewayPush = (config: LambdaConfig): LivePush => {
  const endpoint = required(config.liveCallbackUrl, 'LIVE_CALLBACK_URL');
  return lazyObject(async () => {
    const [{ ApiGatewayManagementApiClient }, { ApiGatewayLivePush }] = await Promise.all([
      import('@aws-sdk/client-apigatewaymanagementapi'),
      import('../../adapters/aws/apigateway/live-push.apigateway'),
    ]);
    return new ApiGatewayLivePush(new ApiGatewayManagementApiClient({ endpoint }));
  });
};

/**
 * The live feed's functions (live-socket, live-broadcast): every module composed as in any
 * function, the feed over the table's connections and PostToConnection, and the handshake with
 * the HTTP function's credentials (AUTH unset means `unsetAuth`: the deployed socket function
 * passes `required`, as the HTTP function does).
 */
export const composeLive = (
  env: Env,
  service: string,
  overrides: LambdaOverrides & { push?: LivePush } = {},
  unsetAuth: AuthMode = 'off',
): LiveFunction => {
  const auth = loadAuthConfig(env);
  const app = composeLambda(env, service, ['TABLE_NAME'], overrides);
  const feed = app.composed
    .services<LiveServices>(liveModule)
    .feedWith(overrides.push ?? lazyApiGatewayPush(app.config));
  const authenticator =
    (auth.mode ?? unsetAuth) === 'required' ? authenticatorFor(app.composed, auth.jwt) : undefined;
  return { ...app, feed, handshake: (request) => decideLiveHandshake(authenticator, request) };
};
