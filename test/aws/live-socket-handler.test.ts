import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { liveBroadcastHandler, liveSocketHandler } from '../../apps/aws-lambda/handlers';
import { ruleTarget } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { liveFunctionsOn, postedFrames } from '../support/live-functions';
import { sampleEvent } from '../support/sample-data';
import {
  WS_CONNECT as CONNECT,
  connectEvent,
  WS_DISCONNECT as DISCONNECT,
  WS_MESSAGE as MESSAGE,
  messageEvent,
} from '../support/websocket-events';

/*
 * The live feed's two functions as the bundles compose them, on dynalite for the connections.
 * The management API (PostToConnection) has no emulator: its calls are checked with
 * aws-sdk-client-mock, a GoneException standing for a client that left without a $disconnect.
 */
describe('the live-socket and live-broadcast functions (real WebSocket event shapes, dynalite)', () => {
  const management = mockClient(ApiGatewayManagementApiClient);
  let db: Dynalite;
  let tableName: string;
  let socket: ReturnType<typeof liveSocketHandler>;
  let broadcast: ReturnType<typeof liveBroadcastHandler>;
  let readerKey: string;
  let writerKey: string;

  const posted = () => postedFrames(management);
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
    const functions = await liveFunctionsOn(db);
    ({ tableName, socket, broadcast } = functions);
    ({ reader: readerKey, writer: writerKey } = functions.keys);
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
