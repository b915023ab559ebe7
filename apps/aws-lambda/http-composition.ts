import { buildHttpApi } from '../../adapters/http/build-api';
import type { HttpApi } from '../../adapters/http/http-api';
import { authenticatorFor } from '../composition/authenticator';
import { type AuthMode, loadAuthConfig } from '../config/auth-env';
import { composeLambda, type LambdaOverrides } from './composition';
import type { LambdaConfig } from './config';
import type { LambdaLogger } from './lambda-logger';

type Env = Record<string, string | undefined>;

export interface HttpFunction {
  api: HttpApi;
  logger: LambdaLogger;
  config: LambdaConfig;
}

/**
 * The HTTP function: every module's routes on the table and the bucket. Uploads are only stored
 * here; the bucket's notification runs their work in the object-created function.
 */
export const composeHttp = (
  env: Env,
  overrides: LambdaOverrides = {},
  /**
   * What AUTH unset means. The deployed function (functions/http.ts) passes `required`, so it
   * is never open unless AUTH=off is set; compositions in tests run open unless they set AUTH.
   */
  unsetAuth: AuthMode = 'off',
): HttpFunction => {
  const auth = loadAuthConfig(env);
  const { config, logger, store, composed } = composeLambda(env, 'http', [], overrides);
  const api = buildHttpApi(
    { routes: composed.routes, errors: composed.errors, healthChecks: store.healthChecks },
    {
      logger,
      cors: { origins: config.corsOrigins },
      accessLog: config.accessLog,
      authenticator:
        (auth.mode ?? unsetAuth) === 'required' ? authenticatorFor(composed, auth.jwt) : undefined,
    },
  );
  return { api, logger, config };
};
