import { join } from 'node:path';
import { SignJWT } from 'jose';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import type { Route } from '../../adapters/http/route';
import { SystemClock } from '../../adapters/local/clock.system';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import type { AccessStores } from '../../apps/modules/access/access.module';
import { accessModule } from '../../apps/modules/access/access.module';
import { modules } from '../../apps/modules/modules';
import type { Role } from '../../domain/access/api-key';
import type { ApiKeyService } from '../../domain/access/api-key-service';
import { ApiKeyService as KeyService } from '../../domain/access/api-key-service';
import type { DoorRequest, DoorResponse } from '../http/http-scenario';
import { decodeResponse, encodeBody } from '../http/http-scenario';
import { AWS_WITHOUT_EMULATOR_ENV, awsWithoutEmulator } from './aws-without-emulator';
import { type AzuriteInstance, uniqueName } from './azurite';
import { azureSend, lambdaSend } from './doors';
import { tempDir } from './temp-dir';
import { startTestServer } from './test-server';

/** The JWT issuer the auth tests trust: HS256 with a shared secret. */
export const JWT = {
  secret: 'test-secret-that-is-at-least-32-characters-long',
  issuer: 'https://issuer.example.com/',
  audience: 'one-core-api',
  clockSkewSeconds: 30,
};
const JWT_ENV = {
  AUTH: 'required',
  JWT_SECRET: JWT.secret,
  JWT_ISSUER: JWT.issuer,
  JWT_AUDIENCE: JWT.audience,
};

export const signJwt = (
  claims: { sub: string; role?: Role },
  options: { audience?: string; expiresAt?: number } = {},
) =>
  new SignJWT(claims.role ? { role: claims.role } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(JWT.issuer)
    .setAudience(options.audience ?? JWT.audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(JWT.secret));

/** A door with AUTH=required and the JWT issuer above, plus what the tests need to make keys. */
export interface AuthDoor {
  name: string;
  send(request: DoorRequest): Promise<DoorResponse>;
  routes: readonly Route[];
  keys: ApiKeyService;
  close(): Promise<void>;
}

/** The server over a real socket on loopback. */
export const serverAuthDoor = async (overrides = {}): Promise<AuthDoor> => {
  const server = await startTestServer({ auth: 'required', jwt: JWT, ...overrides });
  const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    name: 'server (real socket)',
    async send(request) {
      const { headers, body } = encodeBody(request);
      const res = await fetch(`${base}${request.path}`, { method: request.method, headers, body });
      return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
    },
    routes: server.api.routes,
    keys: server.composed.services(accessModule).apiKeys,
    close: server.dispose,
  };
};

/** The Lambda HTTP function fed REST API (1.0) events, on SQLite instead of DynamoDB. */
export const lambdaAuthDoor = async (): Promise<AuthDoor> => {
  const stubs = awsWithoutEmulator();
  const dir = tempDir('lambda-auth-');
  const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
  const { api } = composeHttp(
    { ...JWT_ENV, ...AWS_WITHOUT_EMULATOR_ENV },
    { store, logger: createLambdaLogger({ level: 'silent' }) },
  );
  return {
    name: 'Lambda (API Gateway REST events)',
    send: lambdaSend(createHttpHandler(api), 'v1'),
    routes: api.routes,
    keys: new KeyService(storesOf<AccessStores>(store, accessModule).apiKeys, new SystemClock()),
    close: async () => {
      stubs.restore();
      await store.close();
      dir.remove();
    },
  };
};

/** The Azure app on Azurite, fed the SDK's own HttpRequest. */
export const azureAuthDoor = async (azurite: AzuriteInstance): Promise<AuthDoor> => {
  const app = await composeAzureFunctions({
    ...JWT_ENV,
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_TABLES_PREFIX: uniqueName('auth'),
    AZURE_EVENTS_QUEUE: uniqueName('events'),
    LOG_LEVEL: 'silent',
  });
  return {
    name: 'Azure Functions (HttpRequest)',
    send: azureSend(app.http),
    routes: app.api.routes,
    keys: app.composed.services(accessModule).apiKeys,
    close: async () => undefined,
  };
};
