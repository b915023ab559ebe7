import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  HttpResponse as AzureHttpResponse,
  type HttpHandler,
  HttpRequest,
  type HttpResponseInit,
  InvocationContext,
} from '@azure/functions';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  EventBridgeEvent,
  S3Event,
} from 'aws-lambda';
import { expect } from 'vitest';
import type { LambdaHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import type { DomainEvent } from '../../domain/shared/domain-event';
import {
  type DoorRequest,
  type DoorResponse,
  decodeResponse,
  encodeBody,
} from '../http/http-scenario';

/*
 * How each serverless door is fed in tests: a DoorRequest becomes the platform's own
 * input (a cloned real API Gateway event, the Azure SDK's HttpRequest) and the platform's
 * output becomes what a client would receive.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws-events');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
const V1 = load<APIGatewayProxyEvent>('apigw-request.json');
const V2 = load<APIGatewayProxyEventV2>('apigw-v2-request-no-authorizer.json');

type Result = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2;

/** Splits a door path into path and the query as API Gateway hands it over (decoded, per key). */
const splitUrl = (path: string) => {
  const url = new URL(path, 'https://api.example.com');
  const multi: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) multi[key] = url.searchParams.getAll(key);
  return { pathname: url.pathname, rawQuery: url.search.slice(1), multi };
};

/**
 * The stage of the REST API door: the client's base URL is `https://<api>.execute-api.<region>
 * .amazonaws.com/prod`, so what it calls `/users` reaches API Gateway as `/prod/users`.
 */
export const V1_STAGE = 'prod';

/**
 * A REST API request as API Gateway sends it through `ANY /{proxy+}` on stage `prod`
 * with binary media types `*\/*`: every body base64-encoded, every header in both maps.
 * `path` lacks the stage, `requestContext.path` (the path the client called) has it.
 */
export const toV1Event = (request: DoorRequest): APIGatewayProxyEvent => {
  const event = structuredClone(V1);
  const { headers, body } = encodeBody(request);
  const { pathname, multi } = splitUrl(request.path);
  const multiHeaders: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(event.multiValueHeaders)) {
    if (name.toLowerCase() !== 'content-type') multiHeaders[name] = values ?? [];
  }
  for (const [name, value] of Object.entries(headers)) multiHeaders[name] = [value];
  event.httpMethod = request.method;
  event.path = pathname;
  event.resource = pathname === '/' ? '/' : '/{proxy+}';
  event.pathParameters = pathname === '/' ? null : { proxy: decodeURIComponent(pathname.slice(1)) };
  event.multiValueHeaders = multiHeaders;
  event.headers = Object.fromEntries(
    Object.entries(multiHeaders).map(([name, values]) => [name, values.at(-1)]),
  );
  const hasQuery = Object.keys(multi).length > 0;
  event.multiValueQueryStringParameters = hasQuery ? multi : null;
  event.queryStringParameters = hasQuery
    ? Object.fromEntries(Object.entries(multi).map(([key, values]) => [key, values.at(-1)]))
    : null;
  event.body = body === undefined ? null : Buffer.from(body).toString('base64');
  event.isBase64Encoded = body !== undefined;
  event.requestContext = {
    ...event.requestContext,
    httpMethod: request.method,
    path: `/${V1_STAGE}${pathname}`,
    stage: V1_STAGE,
    resourcePath: event.resource,
    requestId: randomUUID(),
  };
  return event;
};

/** An HTTP API request on the `$default` route and stage: lower-case headers, cookies apart. */
export const toV2Event = (request: DoorRequest): APIGatewayProxyEventV2 => {
  const event = structuredClone(V2);
  const { headers, body } = encodeBody(request);
  const { pathname, rawQuery } = splitUrl(request.path);
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const { cookie, ...rest } = lower;
  event.headers = {
    ...event.headers,
    'content-length': String(Buffer.byteLength(body ?? '')),
    ...rest,
  };
  if (cookie) event.cookies = cookie.split('; ');
  event.rawPath = pathname;
  event.rawQueryString = rawQuery;
  event.requestContext.http = {
    ...event.requestContext.http,
    method: request.method,
    path: pathname,
  };
  event.requestContext.requestId = randomUUID();
  if (typeof body === 'string') event.body = body;
  else if (body !== undefined) {
    // Binary bodies reach Lambda base64-encoded, as an HTTP API sends them.
    event.body = Buffer.from(body).toString('base64');
    event.isBase64Encoded = true;
  }
  return event;
};

/** A domain event as an EventBridge rule hands it to its target (the event as `detail`). */
export const ruleTarget = (event: DomainEvent): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: randomUUID(),
  'detail-type': event.type,
  source: 'one-core',
  account: '123456789012',
  time: event.occurredAt,
  region: 'eu-west-1',
  resources: [],
  detail: event,
});

/**
 * The `Scheduled Event` a schedule rule delivers to its Lambda target
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html); the rule's
 * input may set `detail`, as the stack's do with `{ job }`.
 */
export const scheduledEvent = (
  ruleArn: string,
  detail: unknown = {},
): EventBridgeEvent<'Scheduled Event', unknown> => ({
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-01-01T03:00:00Z',
  region: 'eu-west-1',
  resources: [ruleArn],
  detail,
});

/** The fixture's record for our key, as S3 writes it: URL-encoded, spaces as '+'. */
export const s3EventFor = (key: string, size: number): S3Event => {
  const event = structuredClone(load<S3Event>('s3-event.json'));
  const record = event.Records[0]!;
  record.eventName = 'ObjectCreated:Put';
  record.s3.object.key = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
  record.s3.object.size = size;
  return { Records: [record] };
};

/**
 * A Location as the door's client holds it: relative to its base URL. Every door takes paths
 * from the API's root (`/users`) and a client resolves Location against the host, so a door
 * served under a base path must answer with it (`/prod/users/1`); it is checked, then taken
 * off, so every door can be compared on what the link names.
 */
const underBase = (location: string, basePath: string): string => {
  if (basePath === '') return location;
  expect(location.slice(0, basePath.length + 1), `Location ${location}`).toBe(`${basePath}/`);
  return location.slice(basePath.length);
};

/** A Lambda result's headers as API Gateway sends them: both maps merged, lower-case names. */
export const resultHeaders = (result: Result): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if ('multiValueHeaders' in result) {
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
      headers[name.toLowerCase()] = values.map(String).join(', ');
    }
  }
  return headers;
};

/** A Lambda result's body as bytes on the wire: API Gateway decodes a base64 one. */
export const resultBytes = (result: Result): Buffer =>
  Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');

/** The result as a client sees it: API Gateway merges both header maps and decodes base64. */
export const fromResult = (result: Result, basePath = ''): DoorResponse => {
  expect(result.statusCode).toEqual(expect.any(Number));
  expect(typeof result.body).toBe('string');
  const headers = resultHeaders(result);
  if (headers.location !== undefined) headers.location = underBase(headers.location, basePath);
  return decodeResponse(result.statusCode ?? 200, headers, resultBytes(result).toString('utf8'));
};

/**
 * A Lambda HTTP handler as a door, fed REST API (payload 1.0, stage `prod`) or HTTP API (2.0,
 * `$default` stage) events. Locations come back relative to the door's base URL (`underBase`).
 */
export const lambdaSend =
  (handler: LambdaHttpHandler, format: 'v1' | 'v2') =>
  async (request: DoorRequest): Promise<DoorResponse> =>
    fromResult(
      await handler(format === 'v1' ? toV1Event(request) : toV2Event(request), {
        awsRequestId: randomUUID(),
      }),
      format === 'v1' ? `/${V1_STAGE}` : '',
    );

export const silentContext = (invocationId: string = randomUUID()) =>
  new InvocationContext({ invocationId, functionName: 'http', logHandler: () => undefined });

/** The SDK's HttpRequest for a door request, as the host builds it for `origin` (`func start`'s by default). */
export const azureRequest = (request: DoorRequest, origin = 'http://localhost:7071') => {
  const { headers, body } = encodeBody(request);
  return new HttpRequest({
    method: request.method,
    url: `${origin}${request.path}`,
    headers,
    ...(body === undefined
      ? {}
      : { body: typeof body === 'string' ? { string: body } : { bytes: body } }),
  });
};

/** What the worker does with a handler's result before the host writes it (toRpcHttp): status, headers, bytes. */
export const hostResponse = async (init: unknown) => {
  const response = new AzureHttpResponse(init as HttpResponseInit);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
};

/** What the worker does with a handler's result before the host writes it, as a door response. */
export const asHostSends = async (init: unknown) => {
  const { status, headers, bytes } = await hostResponse(init);
  return decodeResponse(status, headers, bytes.toString('utf8'));
};

/** An Azure v4 HTTP handler as a door: the SDK's own HttpRequest and InvocationContext. */
export const azureSend =
  (handler: HttpHandler) =>
  async (request: DoorRequest): Promise<DoorResponse> =>
    asHostSends(await handler(azureRequest(request), silentContext()));

/** The context a blob trigger's invocation gets for `container/key` (its trigger metadata). */
export const blobContext = (container: string, key: string, size: number) =>
  new InvocationContext({
    invocationId: randomUUID(),
    functionName: 'objectCreated',
    logHandler: () => undefined,
    triggerMetadata: {
      blobTrigger: `${container}/${key}`,
      uri: `http://127.0.0.1/devstoreaccount1/${container}/${key}`,
      properties: { contentLength: size },
      metadata: {},
    },
  });
