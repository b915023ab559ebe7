import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiGatewayWebSocketEvent } from '../../adapters/aws/lambda/websocket';

/** The real API Gateway WebSocket events (test/fixtures/aws-events/SOURCE.md). */
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/aws-events', name), 'utf8'),
  ) as ApiGatewayWebSocketEvent;
export const WS_CONNECT = fixture('apigw-websocket-request.json');
export const WS_DISCONNECT = fixture('apigw-websocket-request-disconnect.json');
export const WS_MESSAGE = fixture('apigw-websocket-request-send-message.json');

/** The $connect fixture for another connection, with a query token or a subprotocol header. */
export const connectEvent = (
  connectionId: string,
  auth: { token?: string | undefined; protocols?: string | undefined } = {},
) => {
  const event = structuredClone(WS_CONNECT);
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

/** The message fixture from another connection, routed as API Gateway routes its `action`. */
export const messageEvent = (connectionId: string, body: unknown) => {
  const event = structuredClone(WS_MESSAGE);
  event.requestContext.connectionId = connectionId;
  const action = (body as { action?: unknown } | null)?.action;
  event.requestContext.routeKey = action === 'sendMessage' ? 'sendMessage' : '$default';
  event.body = typeof body === 'string' ? body : JSON.stringify(body);
  return event;
};

/** The $disconnect fixture for another connection. */
export const disconnectEvent = (connectionId: string) => {
  const event = structuredClone(WS_DISCONNECT);
  event.requestContext.connectionId = connectionId;
  return event;
};
