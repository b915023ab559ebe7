import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll } from 'vitest';
import { accessModule } from '../../apps/modules/access/access.module';
import { JWT } from '../support/auth-doors';
import { ruleTarget } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { type Frame, openLiveClient } from '../support/live-client';
import { liveFunctionsOn, postedFrames } from '../support/live-functions';
import { startTestServer } from '../support/test-server';
import { connectEvent, disconnectEvent, messageEvent } from '../support/websocket-events';
import { describeLiveScenario, type LiveDoor, type LiveDoorClient } from './live-scenario';

/** The server over real sockets on loopback, with the rate limit and the connection cap on. */
describeLiveScenario('the server (GET /ws, real sockets)', async (): Promise<LiveDoor> => {
  const server = await startTestServer({
    auth: 'required',
    jwt: JWT,
    rateLimit: { perSecond: 100, burst: 200 },
    maxConnectionsPerIp: 20,
  });
  const { apiKeys } = server.composed.services(accessModule);
  const base = (await server.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
  return {
    keys: {
      reader: (await apiKeys.create('live reader', 'reader')).key,
      writer: (await apiKeys.create('live writer', 'writer')).key,
    },
    connect: async ({ token, protocols }) => {
      const query = token ? `?token=${encodeURIComponent(token)}` : '';
      const opened = await openLiveClient(`${base}/ws${query}`, protocols);
      if ('status' in opened) return { status: opened.status, code: opened.body.error.code };
      const client: LiveDoorClient = {
        send: async (message) => opened.send(message),
        next: () => opened.next(),
        pending: () => opened.frames,
        close: opened.close,
      };
      return { client, protocol: opened.ws.protocol || undefined };
    },
    publish: (event) => server.bus.publish([event]),
    close: server.dispose,
  };
});

/*
 * The Lambda functions as the bundles compose them, the connections on dynalite; the frames are
 * the PostToConnection calls (aws-sdk-client-mock: no emulator speaks the management API). Each
 * invocation posts its frames before it returns, so `next` never waits.
 */
const management = mockClient(ApiGatewayManagementApiClient);
let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  management.restore();
  await db?.close();
});

describeLiveScenario(
  'the Lambda functions (WebSocket event fixtures)',
  async (): Promise<LiveDoor> => {
    management.reset();
    management.on(PostToConnectionCommand).resolves({});
    const { socket, broadcast, keys } = await liveFunctionsOn(db);
    const framesTo = (id: string): Frame[] =>
      postedFrames(management)
        .filter((posted) => posted.to === id)
        .map((posted) => posted.frame);
    let connections = 0;
    return {
      keys,
      connect: async ({ token, protocols }) => {
        connections += 1;
        const id = `Conn${connections}AcC4EowCHnA=`;
        const result = await socket(connectEvent(id, { token, protocols: protocols?.join(', ') }));
        if (result.statusCode !== 200) {
          return { status: result.statusCode, code: JSON.parse(result.body!).error.code };
        }
        let taken = 0;
        const pending = () => framesTo(id).slice(taken);
        const client: LiveDoorClient = {
          send: async (message) => {
            await socket(messageEvent(id, message));
          },
          next: async () => {
            const [frame] = pending();
            if (!frame) throw new Error(`no frame was posted to ${id}`);
            taken += 1;
            return frame;
          },
          pending,
          close: async () => {
            await socket(disconnectEvent(id));
          },
        };
        return { client, protocol: result.headers?.['Sec-WebSocket-Protocol'] };
      },
      publish: async (event) => {
        await broadcast(ruleTarget(event));
      },
      close: async () => undefined,
    };
  },
);
