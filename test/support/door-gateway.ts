import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpHandler } from '@azure/functions';
import type { LambdaHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import type { DoorRequest } from '../http/http-scenario';
import {
  azureRequest,
  hostResponse,
  resultBytes,
  resultHeaders,
  silentContext,
  toV1Event,
  V1_STAGE,
} from './doors';

/*
 * A serverless door on a real HTTP port, as serverless-offline runs a Lambda locally: each
 * request a client (a browser) sends becomes the platform's own input (a REST API event cloned
 * from the real fixture; the Azure SDK's HttpRequest), handed to the function in this process,
 * and its output goes back as the HTTP response, bytes as they are. It is NOT API Gateway or
 * the Functions host: no throttling, no stage variables, no authorizers, no request size limits;
 * only what a client of the door depends on (the stage in the path, the usage-plan key) is kept.
 */

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the gateway turns each request into: the method, the path as sent, raw headers, bytes. */
type Dispatch = (request: DoorRequest & { body?: Uint8Array }) => Promise<Reply>;

export interface DoorGateway {
  /** The base URL a client is given: the REST API's invoke URL (with its stage), or the app's. */
  url: string;
  close(): Promise<void>;
}

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

/** Headers as the client sent them (their case kept, as API Gateway hands them on). */
const headersOf = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!;
    const value = request.rawHeaders[i + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
};

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const toDoorRequest = async (request: IncomingMessage) => {
  const body = await readBody(request);
  return {
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: headersOf(request),
    ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
  };
};

/** A reply written on a raw socket: what an upgrade request gets from a door with no WebSocket. */
const writeRaw = (socket: Socket, reply: Reply) => {
  const lines = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}`];
  for (const [name, value] of Object.entries(reply.headers)) {
    if (!['content-length', 'connection', 'transfer-encoding'].includes(name)) {
      lines.push(`${name}: ${value}`);
    }
  }
  lines.push(`content-length: ${reply.body.length}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n')), reply.body]));
};

const serve = async (dispatch: Dispatch, basePath: string): Promise<DoorGateway> => {
  const answer = async (request: IncomingMessage): Promise<Reply> => {
    try {
      return await dispatch(await toDoorRequest(request));
    } catch (error) {
      // API Gateway's answer to a function that throws (the Functions host's is a 500); the
      // test's output says why.
      console.error('door gateway: the function threw', error);
      return json(502, { message: 'Internal server error' });
    }
  };
  const server = createServer((request, response) => {
    void answer(request).then((reply) => {
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
    });
  });
  // Neither door speaks WebSocket (API Gateway's WebSocket API is another service, Azure has
  // none): an upgrade is one more GET to the function, whose answer ends the handshake.
  server.on('upgrade', (request: IncomingMessage, socket: Socket) => {
    void answer(request).then((reply) => writeRaw(socket, reply));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Paths open without the usage-plan key, as the stack deploys them (GET only). */
const KEYLESS = new Set(['/health', '/openapi.json']);

/**
 * The Lambda HTTP function behind a REST API (payload 1.0) on stage `prod`, as the stack deploys
 * it: every path under `/prod` to the function (binary media types `*\/*`: bodies base64 both
 * ways), anything else answered as API Gateway does. With `apiKey`, requests need it in
 * `x-api-key` (the usage plan) except preflights, `/health` and `/openapi.json`; refused with
 * API Gateway's own 403, which carries no CORS headers. Preflights go to the function, whose CORS
 * decides; the deployed API answers them itself from the same header list (cdk-stack.test.ts).
 */
export const startLambdaGateway = (
  handler: LambdaHttpHandler,
  options: { apiKey?: string } = {},
): Promise<DoorGateway> => {
  const stage = `/${V1_STAGE}`;
  return serve(async (request) => {
    if (request.path !== stage && !request.path.startsWith(`${stage}/`)) {
      return json(403, { message: 'Missing Authentication Token' });
    }
    const path = request.path.slice(stage.length) || '/';
    const sentKey = Object.entries(request.headers ?? {}).find(
      ([name]) => name.toLowerCase() === 'x-api-key',
    )?.[1];
    const keyless =
      request.method === 'OPTIONS' ||
      (request.method === 'GET' && KEYLESS.has(new URL(path, 'http://x').pathname));
    if (options.apiKey !== undefined && !keyless && sentKey !== options.apiKey) {
      return json(403, { message: 'Forbidden' });
    }
    const result = await handler(toV1Event({ ...request, path }), { awsRequestId: randomUUID() });
    return {
      status: result.statusCode ?? 200,
      headers: resultHeaders(result),
      body: resultBytes(result),
    };
  }, stage);
};

/**
 * An Azure Functions v4 HTTP handler behind the host (host.json: routePrefix "", one catch-all
 * route): the request as the SDK's HttpRequest with the gateway's own URL, the result as the
 * worker turns it into the host's reply.
 */
export const startAzureGateway = async (handler: HttpHandler): Promise<DoorGateway> => {
  let origin = '';
  const gateway = await serve(async (request) => {
    const response = await hostResponse(
      await handler(azureRequest(request, origin), silentContext()),
    );
    return { status: response.status, headers: response.headers, body: response.bytes };
  }, '');
  origin = gateway.url;
  return gateway;
};
