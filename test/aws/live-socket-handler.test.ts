import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiGatewayWebSocketEvent } from '../../adapters/aws/lambda/websocket';
import { liveBroadcastHandler, liveSocketHandler } from '../../apps/aws-lambda/handlers';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeLive } from '../../apps/aws-lambda/live';
import { accessModule } from '../../apps/modules/access/access.module';
import { JWT, signJwt } from '../support/auth-doors';
import { ruleTarget } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { sampleEvent } from '../support/sample-data';

/*
 * The live feed's two functions as the bundles compose them, on dynalite for the connections.
 * The management API (PostToConnection) has no emulator: its calls are checked with
 * aws-sdk-client-mock, a GoneException standing for a client that left without a $disconnect.
 */
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/aws-events', name), 'utf8'),
  ) as ApiGatewayWebSocketEvent;
const CONNECT = fixture('apigw-websocket-request.json');
const DISCONNECT = fixture('apigw-websocket-request-disconnect.json');
const MESSAGE = fixture('apigw-websocket-request-send-message.json');

/** The $connect fixture for another connection, with a query token or a subprotocol header. */
const connectEvent = (connectionId: string, auth: { token?: string; protocols?: string } = {}) => {
  const event = structuredClone(CONNECT);
  event.requestContext.connectionId = connectionId;
  event.queryStringParameters = auth.token ? { token: auth.token } : { name: 'me' };
  if (auth.protocols) {
    event.multiValueHeaders = {
      ...event.multiValueHeaders,
      'Sec-WebSocket-Protocol': [auth.protocols],
    };
  }
  return event;
};

/** The message fixture from another connection, to a route, with a body. */
const messageEvent = (connectionId: string, body: unknown, routeKey = '$default') => {
  const event = structuredClone(MESSAGE);
  event.requestContext.connectionId = connectionId;
  event.requestContext.routeKey = routeKey;
  event.body = JSON.stringify(body);
  return event;
};

const CALLBACK = 'https://gy415nuibc.execute-api.us-east-1.amazonaws.com/prod';

describe('the live-socket and live-broadcast functions (real WebSocket event shapes, dynalite)', () => {
  const management = mockClient(ApiGatewayManagementApiClient);
  let db: Dynalite;
  let tableName: string;
  let socket: ReturnType<typeof liveSocketHandler>;
  let broadcast: ReturnType<typeof liveBroadcastHandler>;
  let readerKey: string;
  let writerKey: string;

  /** The frames PostToConnection was asked to send, by connection. */
  const posted = () =>
    management.commandCalls(PostToConnectionCommand).map((call) => ({
      to: call.args[0].input.ConnectionId,
      frame: JSON.parse(new TextDecoder().decode(call.args[0].input.Data as Uint8Array)),
    }));
  const connectionItem = async (id: string) =>
    (
      await db.clients.doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: 'LIVE#CONNECTIONS', sk: `CONNECTION#${id}` },
        }),
      )
    ).Item;

  beforeAll(async () => {
    db = await startDynalite();
    tableName = await db.newTable();
    const env = {
      ...db.env,
      TABLE_NAME: tableName,
      LIVE_CALLBACK_URL: CALLBACK,
      AUTH: 'required',
      JWT_SECRET: JWT.secret,
      JWT_ISSUER: JWT.issuer,
      JWT_AUDIENCE: JWT.audience,
    };
    const logger = createLambdaLogger({ level: 'silent' });
    const socketApp = composeLive(env, 'live-socket', { logger }, 'required');
    socket = liveSocketHandler(socketApp);
    broadcast = liveBroadcastHandler(composeLive(env, 'live-broadcast', { logger }));
    const keys = socketApp.composed.services(accessModule).apiKeys;
    readerKey = (await keys.create('console', 'reader')).key;
    writerKey = (await keys.create('operator', 'writer')).key;
  });
  afterAll(async () => {
    management.restore();
    await db?.close();
  });
  beforeEach(() => {
    management.reset();
    management.on(PostToConnectionCommand).resolves({});
  });

  it('refuses the $connect fixture as it is (no credential) with 401 in the error shape', async () => {
    const result = await socket(structuredClone(CONNECT));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) },
      requestId: 'deef4878-7910-11e6-8f14-25afc3e9ae33',
    });
    expect(await connectionItem('TWegAcC4EowCHnA=')).toBeUndefined();
  });

  it('refuses a user token without a role with 403', async () => {
    const result = await socket(connectEvent('user', { token: await signJwt({ sub: 'u-1' }) }));
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body!).error.code).toBe('AUTH.FORBIDDEN');
  });

  it('registers a connection by query token, and by subprotocol with live.v1 echoed back', async () => {
    expect(await socket(connectEvent('TWegAcC4EowCHnA=', { token: readerKey }))).toEqual({
      statusCode: 200,
    });
    expect(
      await socket(connectEvent('R1kmxc2VNjMCFIA=', { protocols: `live.v1, bearer.${writerKey}` })),
    ).toEqual({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'live.v1' } });
    const item = await connectionItem('R1kmxc2VNjMCFIA=');
    expect(item).toMatchObject({ id: 'R1kmxc2VNjMCFIA=', role: 'writer', patterns: [] });
    // The TTL attribute, in epoch seconds: a little over API Gateway's 2-hour connection limit.
    expect(item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 2 * 60 * 60);
    expect(posted()).toEqual([]);
  });

  it('answers the message fixture as it is ({"a":1} on $default) with an error frame to its sender', async () => {
    expect(await socket(structuredClone(MESSAGE))).toEqual({ statusCode: 200 });
    expect(posted()).toEqual([
      {
        to: 'R1kmxc2VNjMCFIA=',
        frame: {
          type: 'error',
          error: { code: 'LIVE.INVALID_MESSAGE', message: expect.any(String) },
        },
      },
    ]);
  });

  it('subscribes through $default and replies through PostToConnection', async () => {
    await socket(messageEvent('TWegAcC4EowCHnA=', { action: 'subscribe', types: ['order.*'] }));
    expect(posted()).toEqual([
      { to: 'TWegAcC4EowCHnA=', frame: { type: 'subscribed', types: ['order.*'] } },
    ]);
    expect((await connectionItem('TWegAcC4EowCHnA='))?.patterns).toEqual(['order.*']);
  });

  it('broadcasts sendMessage to the other connections and tells the sender; a reader is refused', async () => {
    await socket(
      messageEvent('R1kmxc2VNjMCFIA=', { action: 'sendMessage', data: { hi: 1 } }, 'sendMessage'),
    );
    expect(posted()).toEqual([
      {
        to: 'TWegAcC4EowCHnA=',
        frame: { type: 'message', from: 'R1kmxc2VNjMCFIA=', data: { hi: 1 } },
      },
      { to: 'R1kmxc2VNjMCFIA=', frame: { type: 'sent', recipients: 1 } },
    ]);
    management.resetHistory();
    await socket(
      messageEvent('TWegAcC4EowCHnA=', { action: 'sendMessage', data: 1 }, 'sendMessage'),
    );
    expect(posted()).toEqual([
      {
        to: 'TWegAcC4EowCHnA=',
        frame: { type: 'error', error: { code: 'LIVE.FORBIDDEN', message: expect.any(String) } },
      },
    ]);
  });

  it('broadcasts a domain event from its EventBridge rule to the matching connections only, deleting one that is gone', async () => {
    await socket(connectEvent('left-without-disconnect', { token: readerKey }));
    await socket(messageEvent('left-without-disconnect', { action: 'subscribe', types: ['*'] }));
    await socket(messageEvent('R1kmxc2VNjMCFIA=', { action: 'subscribe', types: ['user.*'] }));
    management.reset();
    management.on(PostToConnectionCommand).resolves({});
    management
      .on(PostToConnectionCommand, { ConnectionId: 'left-without-disconnect' })
      .rejects(new GoneException({ message: 'Gone', $metadata: { httpStatusCode: 410 } }));
    const event = sampleEvent('order.created', 'order-1');
    await broadcast(ruleTarget(event));
    expect(posted().sort((a, b) => (a.to! < b.to! ? -1 : 1))).toEqual([
      { to: 'TWegAcC4EowCHnA=', frame: { type: 'event', event } },
      { to: 'left-without-disconnect', frame: { type: 'event', event } },
    ]);
    expect(await connectionItem('left-without-disconnect')).toBeUndefined();
    expect(await connectionItem('TWegAcC4EowCHnA=')).toBeDefined();
  });

  it('forgets the connection of the $disconnect fixture', async () => {
    expect(await connectionItem('R1kmxc2VNjMCFIA=')).toBeDefined();
    expect(await socket(structuredClone(DISCONNECT))).toEqual({ statusCode: 200 });
    expect(await connectionItem('R1kmxc2VNjMCFIA=')).toBeUndefined();
  });
});
