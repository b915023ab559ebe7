import type { LiveFeed } from '../../../domain/live';
import type { Logger } from '../../../ports/logger.port';
import type { LiveHandshake, LiveHandshakeRequest } from '../../http/auth/live-handshake';
import { httpErrorCodes } from '../../http/error-table';

/**
 * An API Gateway WebSocket API event (Lambda proxy integration): `$connect` carries the
 * handshake's headers and query, `$disconnect` and the message routes only the connection.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
export interface ApiGatewayWebSocketEvent {
  requestContext: {
    routeKey: string;
    eventType: string;
    connectionId: string;
    requestId?: string;
  };
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** What the route's integration answers: for $connect, the handshake's status and headers. */
export interface WebSocketResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface WebSocketHandlerDeps {
  feed: LiveFeed;
  /** The handshake's decision (adapters/http/auth/live-handshake.ts) with this app's credentials. */
  handshake(request: LiveHandshakeRequest): Promise<LiveHandshake>;
  logger: Logger;
}

/** A header of the handshake, whatever its case, from either map API Gateway fills. */
const headerOf = (event: ApiGatewayWebSocketEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  for (const [key, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (key.toLowerCase() === wanted && values?.length) return values.join(', ');
  }
  return undefined;
};

/** A client frame as text: API Gateway base64-encodes binary frames. */
export const webSocketBodyText = (event: ApiGatewayWebSocketEvent): string => {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
};

const errorResult = (
  statusCode: number,
  code: keyof typeof httpErrorCodes,
  requestId: string | undefined,
): WebSocketResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ error: { code, message: httpErrorCodes[code] }, requestId }),
});

/**
 * The WebSocket API's one function: `$connect` checks the handshake (401/403 refuse it, and an
 * accepted one echoes the selected subprotocol, without which a browser drops the socket),
 * `$disconnect` forgets the connection, and every message route (`sendMessage`, `$default`)
 * hands the frame to the feed, whose replies go out through PostToConnection. Failures are
 * logged and answered 500: API Gateway does not retry a WebSocket integration.
 */
export const createWebSocketHandler =
  ({ feed, handshake, logger }: WebSocketHandlerDeps) =>
  async (event: ApiGatewayWebSocketEvent): Promise<WebSocketResult> => {
    const { eventType, connectionId, routeKey, requestId } = event.requestContext ?? {};
    if (typeof connectionId !== 'string' || connectionId === '') {
      logger.error({ routeKey }, 'WebSocket event without a connectionId');
      return errorResult(400, 'HTTP.BAD_REQUEST', requestId);
    }
    try {
      if (eventType === 'CONNECT') {
        const decision = await handshake({
          token: event.queryStringParameters?.token,
          protocols: headerOf(event, 'sec-websocket-protocol'),
        });
        if (!decision.accepted) return errorResult(decision.status, decision.code, requestId);
        await feed.connect(connectionId, decision.role);
        return decision.protocol
          ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': decision.protocol } }
          : { statusCode: 200 };
      }
      if (eventType === 'DISCONNECT') await feed.disconnect(connectionId);
      else await feed.receive(connectionId, webSocketBodyText(event));
      return { statusCode: 200 };
    } catch (error) {
      logger.error({ err: error, connectionId, routeKey }, 'live feed call failed');
      return errorResult(500, 'INTERNAL', requestId);
    }
  };
