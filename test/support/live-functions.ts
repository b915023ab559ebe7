import {
  type ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { liveBroadcastHandler, liveSocketHandler } from '../../apps/aws-lambda/handlers';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeLive } from '../../apps/aws-lambda/live';
import { accessModule } from '../../apps/modules/access/access.module';
import { JWT } from './auth-doors';
import type { Dynalite } from './dynalite';
import type { Frame } from './live-client';

/** The stage's callback URL, where PostToConnection goes (on a client mock in the tests). */
export const LIVE_CALLBACK = 'https://gy415nuibc.execute-api.us-east-1.amazonaws.com/prod';

/**
 * The live-socket and live-broadcast functions composed as their bundles do, AUTH required (API
 * keys, the test JWT issuer), the connections in a fresh table on dynalite; a reader's and a
 * writer's API key made in it.
 */
export const liveFunctionsOn = async (db: Dynalite) => {
  const tableName = await db.newTable();
  const env = {
    ...db.env,
    TABLE_NAME: tableName,
    LIVE_CALLBACK_URL: LIVE_CALLBACK,
    AUTH: 'required',
    JWT_SECRET: JWT.secret,
    JWT_ISSUER: JWT.issuer,
    JWT_AUDIENCE: JWT.audience,
  };
  const logger = createLambdaLogger({ level: 'silent' });
  const app = composeLive(env, 'live-socket', { logger }, 'required');
  const apiKeys = app.composed.services(accessModule).apiKeys;
  return {
    tableName,
    socket: liveSocketHandler(app),
    broadcast: liveBroadcastHandler(composeLive(env, 'live-broadcast', { logger })),
    keys: {
      reader: (await apiKeys.create('live reader', 'reader')).key,
      writer: (await apiKeys.create('live writer', 'writer')).key,
    },
  };
};

/** The frames PostToConnection was asked to send, in order, with their connection. */
export const postedFrames = (
  management: AwsClientStub<ApiGatewayManagementApiClient>,
): { to: string | undefined; frame: Frame }[] =>
  management.commandCalls(PostToConnectionCommand).map((call) => ({
    to: call.args[0].input.ConnectionId,
    frame: JSON.parse(new TextDecoder().decode(call.args[0].input.Data as Uint8Array)),
  }));
