import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  apiGatewayV1ToRequest,
  responseToApiGatewayV1,
} from '../../adapters/aws/lambda/http/api-gateway-v1';
import {
  apiGatewayV2ToRequest,
  responseToApiGatewayV2,
} from '../../adapters/aws/lambda/http/api-gateway-v2';
import {
  isApiGatewayV1Event,
  isApiGatewayV2Event,
} from '../../adapters/aws/lambda/http/detect-event';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import type { HttpRequest } from '../../adapters/http/http-types';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger, withInvocationLogging } from '../../apps/aws-lambda/lambda-logger';
import { lazyPorts, once } from '../../apps/composition/lazy';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import { modules } from '../../apps/modules/modules';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws-events');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
const V1 = load<APIGatewayProxyEvent>('apigw-request.json');
const V2 = load<APIGatewayProxyEventV2>('apigw-v2-request-no-authorizer.json');

/** The REST API fixture, cloned, with `overrides` applied on top (requestContext merged). */
const v1Event = (
  overrides: Partial<Omit<APIGatewayProxyEvent, 'requestContext'>> & {
    requestContext?: Partial<APIGatewayProxyEvent['requestContext']>;
  } = {},
): APIGatewayProxyEvent => {
  const event = structuredClone(V1);
  const { requestContext, ...rest } = overrides;
  return { ...event, ...rest, requestContext: { ...event.requestContext, ...requestContext } };
};

const v2Event = (
  overrides: Partial<Omit<APIGatewayProxyEventV2, 'requestContext'>> & {
    requestContext?: Partial<APIGatewayProxyEventV2['requestContext']>;
  } = {},
): APIGatewayProxyEventV2 => {
  const event = structuredClone(V2);
  const { requestContext, ...rest } = overrides;
  return { ...event, ...rest, requestContext: { ...event.requestContext, ...requestContext } };
};

/** A function URL event: payload 2.0 on a lambda-url domain, always `$default`. */
const functionUrlEvent = (
  overrides: Partial<Omit<APIGatewayProxyEventV2, 'requestContext'>> = {},
): APIGatewayProxyEventV2 => {
  const event = v2Event(overrides);
  event.requestContext.domainName = 'abcdefghij.lambda-url.us-east-1.on.aws';
  event.requestContext.domainPrefix = 'abcdefghij';
  event.requestContext.authentication = undefined;
  event.headers.host = 'abcdefghij.lambda-url.us-east-1.on.aws';
  return event;
};

describe('event detection', () => {
  it('tells payload 1.0 from 2.0 on the real fixtures', () => {
    expect(isApiGatewayV1Event(V1)).toBe(true);
    expect(isApiGatewayV2Event(V1)).toBe(false);
    expect(isApiGatewayV2Event(V2)).toBe(true);
    expect(isApiGatewayV1Event(V2)).toBe(false);
  });

  it('does not take rawPath alone for payload 2.0, nor an ALB event for 1.0', () => {
    expect(isApiGatewayV2Event({ ...v1Event(), rawPath: '/v1/users' })).toBe(false);
    const alb = { ...v1Event(), requestContext: { elb: { targetGroupArn: 'arn:aws:tg' } } };
    expect(isApiGatewayV1Event(alb)).toBe(false);
  });
});

describe('apiGatewayV1ToRequest', () => {
  it('reads the REST API fixture: method, path, query, lower-case headers, body, request id', () => {
    const request = apiGatewayV1ToRequest(v1Event(), { awsRequestId: 'aws-1' });
    expect(request).toMatchObject({
      method: 'POST',
      path: '/hello/world',
      query: { name: 'me' },
      body: '{\r\n\t"a": 1\r\n}',
      platformRequestId: 'aws-1',
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'x-forwarded-for': '54.240.196.186, 54.182.214.83',
      headername: 'headerValue',
    });
    expect(Object.keys(request.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('falls back to API Gateway request id without a Lambda context', () => {
    expect(apiGatewayV1ToRequest(v1Event()).platformRequestId).toBe(
      'deef4878-7910-11e6-8f14-25afc3e9ae33',
    );
  });

  it('joins multiValueHeaders (", "; cookies with "; ") and prefers them over headers', () => {
    const event = v1Event({
      headers: { Accept: 'text/html', Cookie: 'b=2' },
      multiValueHeaders: {
        Accept: ['application/json', 'text/plain'],
        Cookie: ['a=1', 'b=2'],
        'X-Trace': ['one'],
        'x-trace': ['two'],
      },
    });
    expect(apiGatewayV1ToRequest(event).headers).toEqual({
      accept: 'application/json, text/plain',
      cookie: 'a=1; b=2',
      'x-trace': 'one, two',
    });
  });

  it('reads headers alone when multiValueHeaders is absent', () => {
    const event = v1Event({ headers: { 'X-Only': 'yes' }, multiValueHeaders: undefined as never });
    expect(apiGatewayV1ToRequest(event).headers).toEqual({ 'x-only': 'yes' });
  });

  it('turns repeated query keys into lists from multiValueQueryStringParameters', () => {
    const event = v1Event({
      queryStringParameters: { tag: 'b', limit: '2' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], limit: ['2'], q: ['a b&c'] },
    });
    expect(apiGatewayV1ToRequest(event).query).toEqual({ tag: ['a', 'b'], limit: '2', q: 'a b&c' });
  });

  it('decodes a base64 body to bytes', () => {
    const json = '{"name":"Ada","email":"ada@example.com"}';
    const request = apiGatewayV1ToRequest(
      v1Event({ body: Buffer.from(json).toString('base64'), isBase64Encoded: true }),
    );
    expect(request.body).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(request.body as Uint8Array).toString('utf8')).toBe(json);
  });

  it('routes on the resource, not the stage prefix of requestContext.path', () => {
    const event = v1Event({
      path: '/users',
      resource: '/{proxy+}',
      pathParameters: { proxy: 'users' },
      requestContext: { path: '/prod/users', stage: 'prod' },
    });
    expect(apiGatewayV1ToRequest(event).path).toBe('/users');
  });

  it('drops a custom domain base-path mapping that `path` carries', () => {
    const event = v1Event({
      path: '/v1/users/42',
      resource: '/{proxy+}',
      pathParameters: { proxy: 'users/42' },
      requestContext: { path: '/v1/users/42', stage: 'prod', domainName: 'api.example.com' },
    });
    expect(apiGatewayV1ToRequest(event).path).toBe('/users/42');
  });

  it('fills an explicit resource template and re-encodes decoded parameters', () => {
    const event = v1Event({
      path: '/users/a b',
      resource: '/users/{id}',
      pathParameters: { id: 'a b%' },
    });
    expect(apiGatewayV1ToRequest(event).path).toBe('/users/a%20b%25');
  });

  it('keeps an encoded / inside a segment: `path` as sent, not the decoded parameter', () => {
    const event = v1Event({
      path: '/v1/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
      resource: '/{proxy+}',
      pathParameters: { proxy: 'inventory/Store #1/North/Bolt, M8' },
      requestContext: { path: '/v1/inventory/Store%20%231%2FNorth/Bolt%2C%20M8', stage: 'prod' },
    });
    expect(apiGatewayV1ToRequest(event).path).toBe('/inventory/Store%20%231%2FNorth/Bolt%2C%20M8');
  });

  it('maps the root resource to /', () => {
    const event = v1Event({ path: '/v1', resource: '/', pathParameters: null });
    expect(apiGatewayV1ToRequest(event).path).toBe('/');
  });

  it('removes a named stage from an HTTP API payload 1.0 `$default` route', () => {
    const event = {
      ...v1Event({ path: '/dev/users', resource: '$default', pathParameters: null }),
      version: '1.0',
      requestContext: { ...V1.requestContext, stage: 'dev' },
    };
    expect(apiGatewayV1ToRequest(event).path).toBe('/users');
  });
});

describe('the base path: what the client called before the routed path', () => {
  /** An HTTP API `$default` route on payload 1.0: the REST shape plus `version`. */
  const httpV1 = (path: string, stage: string) => ({
    ...v1Event({
      path,
      resource: '$default',
      pathParameters: null,
      requestContext: { path, stage },
    }),
    version: '1.0',
  });
  /** `/users/42` through `{proxy+}` on stage prod, given `path` and `requestContext.path`. */
  const proxied = (path: string, called: string, domainName?: string) =>
    v1Event({
      path,
      pathParameters: { proxy: 'users/42' },
      requestContext: { path: called, stage: 'prod', ...(domainName ? { domainName } : {}) },
    });
  it.each<[string, APIGatewayProxyEvent, string, string]>([
    [
      'REST API on the execute-api endpoint: the stage is in requestContext.path only',
      proxied('/users/42', '/prod/users/42'),
      '/users/42',
      '/prod',
    ],
    [
      'REST API through a custom domain mapped at /v1: both paths carry it, not the stage',
      proxied('/v1/users/42', '/v1/users/42', 'api.example.com'),
      '/users/42',
      '/v1',
    ],
    [
      'REST API through a custom domain mapped at its root',
      proxied('/users/42', '/users/42', 'api.example.com'),
      '/users/42',
      '',
    ],
    [
      'REST API, an explicit resource and a trailing slash {proxy+} would drop',
      v1Event({
        path: '/users/42/',
        resource: '/users/{id}',
        pathParameters: { id: '42' },
        requestContext: { path: '/prod/users/42/', stage: 'prod' },
      }),
      '/users/42',
      '/prod',
    ],
    [
      'REST API, the root resource on a stage',
      v1Event({
        path: '/',
        resource: '/',
        pathParameters: null,
        requestContext: { path: '/prod/', stage: 'prod' },
      }),
      '/',
      '/prod',
    ],
    [
      'REST API, a segment holding an encoded /',
      v1Event({
        path: '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
        pathParameters: { proxy: 'inventory/Store #1/North/Bolt, M8' },
        requestContext: {
          path: '/prod/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
          stage: 'prod',
        },
      }),
      '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
      '/prod',
    ],
    [
      'HTTP API on payload 1.0, `$default` route on a named stage: `path` keeps the stage',
      httpV1('/dev/users', 'dev'),
      '/users',
      '/dev',
    ],
    ['HTTP API on payload 1.0, `$default` stage', httpV1('/users', '$default'), '/users', ''],
  ])('payload 1.0: %s', (_shape, event, path, basePath) => {
    const request = apiGatewayV1ToRequest(event);
    expect([request.path, request.basePath]).toEqual([path, basePath]);
  });

  it.each<[string, APIGatewayProxyEventV2, string, string]>([
    ['HTTP API `$default` stage', v2Event({ rawPath: '/users/42' }), '/users/42', ''],
    [
      'HTTP API named stage, `$default` route: rawPath keeps the stage',
      v2Event({ rawPath: '/dev/users/42', requestContext: { stage: 'dev' } }),
      '/users/42',
      '/dev',
    ],
    [
      'HTTP API named stage, a proxy route',
      v2Event({
        routeKey: 'ANY /{proxy+}',
        rawPath: '/dev/users/42',
        pathParameters: { proxy: 'users/42' },
        requestContext: { stage: 'dev', routeKey: 'ANY /{proxy+}' },
      }),
      '/users/42',
      '/dev',
    ],
    ['a function URL', functionUrlEvent({ rawPath: '/users/42' }), '/users/42', ''],
  ])('payload 2.0: %s', (_shape, event, path, basePath) => {
    const request = apiGatewayV2ToRequest(event);
    expect([request.path, request.basePath]).toEqual([path, basePath]);
  });
});

describe('apiGatewayV2ToRequest', () => {
  it('reads the HTTP API fixture', () => {
    const request = apiGatewayV2ToRequest(v2Event(), { awsRequestId: 'aws-2' });
    expect(request).toMatchObject({
      method: 'GET',
      path: '/',
      query: {},
      body: undefined,
      platformRequestId: 'aws-2',
    });
    expect(request.headers['user-agent']).toBe('curl/7.58.0');
  });

  it('joins the cookies array back into one cookie header', () => {
    const request = apiGatewayV2ToRequest(v2Event({ cookies: ['a=1', 'b=two'] }));
    expect(request.headers.cookie).toBe('a=1; b=two');
  });

  it('reads rawQueryString: repeated keys as lists, + and %XX decoded, a stray % kept', () => {
    const event = v2Event({
      rawQueryString: 'tag=a&tag=b&tag=c&q=a+b%26c&email=ADA%40example.com&flag&bad=%E0%A4%A',
      queryStringParameters: { tag: 'a,b,c' },
    });
    expect(apiGatewayV2ToRequest(event).query).toEqual({
      tag: ['a', 'b', 'c'],
      q: 'a b&c',
      email: 'ADA@example.com',
      flag: '',
      bad: '%E0%A4%A',
    });
  });

  it('removes a named stage from rawPath on the $default route', () => {
    const event = v2Event({
      rawPath: '/dev/users/42',
      requestContext: { stage: 'dev', http: { ...V2.requestContext.http, path: '/dev/users/42' } },
    });
    expect(apiGatewayV2ToRequest(event).path).toBe('/users/42');
  });

  it('rebuilds the path from a proxy route key, whatever the API mapping', () => {
    const event = v2Event({
      routeKey: 'ANY /{proxy+}',
      rawPath: '/v1/users/42',
      pathParameters: { proxy: 'users/42' },
    });
    expect(apiGatewayV2ToRequest(event).path).toBe('/users/42');
  });

  it('strips a configured base path when only rawPath is known', () => {
    const event = v2Event({ rawPath: '/v1/users' });
    expect(apiGatewayV2ToRequest(event, { basePath: '/v1' }).path).toBe('/users');
  });

  it('reads a function URL event, base64 body included', () => {
    const event = functionUrlEvent({
      rawPath: '/users',
      rawQueryString: 'limit=5',
      body: Buffer.from('{"a":1}').toString('base64'),
      isBase64Encoded: true,
    });
    event.requestContext.http.method = 'POST';
    const request = apiGatewayV2ToRequest(event);
    expect(request).toMatchObject({ method: 'POST', path: '/users', query: { limit: '5' } });
    expect(Buffer.from(request.body as Uint8Array).toString()).toBe('{"a":1}');
  });
});

describe('headers looked up one by one (LazyHeadersRequest)', () => {
  /** Header names as clients and CloudFront send them, some colliding once lower-cased. */
  const NAMES = [
    'Accept',
    'accept',
    'Origin',
    'ORIGIN',
    'Cookie',
    'cookie',
    'X-Request-Id',
    'x-request-id',
    'Content-Type',
    'If-Match',
    'X-Amz-Cf-Id',
    'Via',
  ];
  const value = fc.stringMatching(/^[ -~]{0,12}$/);
  const headerSets = fc.dictionary(
    fc.constantFrom(...NAMES),
    fc.array(value, { minLength: 1, maxLength: 3 }),
  );
  const LOOKED_UP = [...new Set(NAMES.map((name) => name.toLowerCase())), 'absent', 'ccept'];

  /** Every name read through header() first, then `headers` built, then header() again. */
  const agrees = (request: HttpRequest) => {
    const before = LOOKED_UP.map((name) => request.header?.(name));
    const whole = LOOKED_UP.map((name) => request.headers[name]);
    const after = LOOKED_UP.map((name) => request.header?.(name));
    expect(before).toEqual(whole);
    expect(after).toEqual(whole);
  };

  it('payload 1.0: header(name) is headers[name], from multiValueHeaders or from headers alone', () => {
    fc.assert(
      fc.property(headerSets, (lists) => {
        agrees(apiGatewayV1ToRequest(v1Event({ multiValueHeaders: lists })));
        const single = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v.at(-1)!]));
        agrees(
          apiGatewayV1ToRequest(
            v1Event({ headers: single, multiValueHeaders: undefined as never }),
          ),
        );
      }),
    );
  });

  it('payload 2.0: header(name) is headers[name], cookies included', () => {
    fc.assert(
      fc.property(headerSets, fc.array(value, { maxLength: 3 }), (lists, cookies) => {
        const headers = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, v[0]!]));
        agrees(apiGatewayV2ToRequest(v2Event({ headers, cookies })));
      }),
    );
  });

  it('a route that reads If-Match gets it through a REST event in any case', async () => {
    const api = composeHttp(
      {},
      {
        store: await openMemoryStore(modules),
        logger: createLambdaLogger({ level: 'silent' }),
      },
    ).api;
    const handler = createHttpHandler(api);
    const created = await handler(
      v1Event({
        httpMethod: 'POST',
        path: '/users',
        resource: '/{proxy+}',
        pathParameters: { proxy: 'users' },
        multiValueHeaders: { 'Content-Type': ['application/json'] },
        body: JSON.stringify({ name: 'Lazy', email: 'lazy@example.com' }),
      }),
    );
    const { id } = JSON.parse(created.body!);
    const patch = (ifMatch: string) =>
      handler(
        v1Event({
          httpMethod: 'PATCH',
          path: `/users/${id}`,
          resource: '/{proxy+}',
          pathParameters: { proxy: `users/${id}` },
          multiValueHeaders: { 'CONTENT-type': ['application/json'], 'IF-MATCH': [ifMatch] },
          body: JSON.stringify({ name: 'Lazier' }),
        }),
      );
    expect((await patch('"7"')).statusCode).toBe(409);
    const ok = await patch('"1"');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers?.etag).toBe('"2"');
  });
});

describe('responses', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

  it('payload 1.0: text as is, bytes as base64, Set-Cookie in multiValueHeaders', () => {
    expect(
      responseToApiGatewayV1({
        status: 201,
        headers: { 'content-type': 'application/json', etag: '"1"' },
        body: '{"ok":true}',
        cookies: ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      }),
    ).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', etag: '"1"' },
      multiValueHeaders: {
        'set-cookie': ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
    const binary = responseToApiGatewayV1({
      status: 200,
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    expect(binary).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from(png).toString('base64'),
    });
    expect(binary.multiValueHeaders).toBeUndefined();
  });

  it('payload 2.0: bytes as base64, cookies in `cookies`, no body as empty text', () => {
    const binary = responseToApiGatewayV2({
      status: 200,
      headers: { 'content-type': 'image/png' },
      body: png,
      cookies: ['session=abc; HttpOnly'],
    });
    expect(binary).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      cookies: ['session=abc; HttpOnly'],
      body: Buffer.from(png).toString('base64'),
      isBase64Encoded: true,
    });
    expect(responseToApiGatewayV2({ status: 204, headers: {} })).toEqual({
      statusCode: 204,
      headers: {},
      body: '',
      isBase64Encoded: false,
    });
  });
});

/** The store behind the createHttpHandler cases (composed once, as a function's init does). */
const handlerStore = await openMemoryStore(modules);

describe('createHttpHandler', () => {
  const warnings: string[] = [];
  const logger = createLambdaLogger({ level: 'warn', write: (line) => warnings.push(line) });
  const { api } = composeHttp(
    { CORS_ORIGINS: 'https://app.example.com' },
    { store: handlerStore, logger },
  );
  const handler = createHttpHandler(api, { logger });
  const context = { awsRequestId: 'c0ffee00-0000-4000-8000-000000000001' };

  beforeEach(() => {
    warnings.length = 0;
  });

  it('serves a REST API event with a base64 JSON body: 201, Location, ETag', async () => {
    const body = JSON.stringify({ name: 'Ada', email: 'ada@example.com' });
    const result = await handler(
      v1Event({
        httpMethod: 'POST',
        path: '/users',
        resource: '/{proxy+}',
        pathParameters: { proxy: 'users' },
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
      context,
    );
    expect(result).toMatchObject({ statusCode: 201, isBase64Encoded: false });
    const user = JSON.parse(result.body!);
    expect(user).toMatchObject({ name: 'Ada', version: 1 });
    expect(result.headers).toMatchObject({
      location: `/users/${user.id}`,
      etag: '"1"',
      'x-request-id': context.awsRequestId,
    });
  });

  it('serves an HTTP API event with a query string and a preflight through CORS', async () => {
    const found = await handler(
      v2Event({ rawPath: '/users', rawQueryString: 'email=ADA%40example.com' }),
      context,
    );
    expect(found.statusCode).toBe(200);
    expect(JSON.parse(found.body!)).toMatchObject({ items: [{ email: 'ada@example.com' }] });
    const preflight = await handler(
      v2Event({
        rawPath: '/users',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
        requestContext: { http: { ...V2.requestContext.http, method: 'OPTIONS' } },
      }),
      context,
    );
    expect(preflight).toMatchObject({
      statusCode: 204,
      headers: { 'access-control-allow-origin': 'https://app.example.com' },
    });
  });

  it('answers a function URL event in payload 2.0 with the error shape on 404', async () => {
    const result = await handler(functionUrlEvent({ rawPath: '/nowhere' }), context);
    expect(result).toMatchObject({ statusCode: 404, isBase64Encoded: false });
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'HTTP.ROUTE_NOT_FOUND', message: expect.any(String) },
      requestId: context.awsRequestId,
    });
  });

  const withoutMethod = () => {
    const event: Partial<APIGatewayProxyEvent> = v1Event();
    delete event.httpMethod;
    return event;
  };
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a string', 'GET /users'],
    ['an array', [V1]],
    ['a REST event without httpMethod', withoutMethod()],
    ['a REST event whose body is an object', v1Event({ body: { a: 1 } as never })],
    [
      'a REST event whose headers hold a number',
      v1Event({ multiValueHeaders: { a: [1] } as never }),
    ],
    ['a REST event with isBase64Encoded "yes"', v1Event({ isBase64Encoded: 'yes' as never })],
    ['an HTTP API event whose body is a number', v2Event({ body: 42 as never })],
    ['an HTTP API event whose cookies are a string', v2Event({ cookies: 'a=1' as never })],
    ['an HTTP API event whose headers are a list', v2Event({ headers: ['x'] as never })],
    [
      'an HTTP API event whose rawQueryString is an object',
      v2Event({ rawQueryString: {} as never }),
    ],
    ['an ALB event', { ...v1Event(), requestContext: { elb: { targetGroupArn: 'arn' } } }],
    ['an SQS batch', load('sqs-event.json')],
  ])('answers %s with 400 HTTP.BAD_REQUEST, never a throw', async (_name, event) => {
    const result = await handler(event, context);
    expect(result).toMatchObject({
      statusCode: 400,
      isBase64Encoded: false,
      headers: {
        'content-type': expect.stringMatching(/^application\/json/),
        'x-request-id': context.awsRequestId,
      },
    });
    expect(JSON.parse(result.body!)).toEqual({
      error: { code: 'HTTP.BAD_REQUEST', message: expect.any(String) },
      requestId: context.awsRequestId,
    });
    expect(warnings.join('')).toContain('unreadable HTTP event');
  });

  it('answers a malformed event with a generated request id when there is no context', async () => {
    const result = await handler({});
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!).requestId).toMatch(/^[\w-]{36}$/);
  });

  it('answers 500 in the error shape, without internals, when the API itself fails', async () => {
    const broken = Object.create(api) as typeof api;
    broken.handle = () => Promise.reject(new Error('secret detail at db.ts:12'));
    const result = await createHttpHandler(broken)(v2Event(), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(JSON.parse(result.body!).error.code).toBe('INTERNAL');
  });
});

describe('Location: the path the client called, stage or base path included', () => {
  const { api } = composeHttp(
    {},
    { store: handlerStore, logger: createLambdaLogger({ level: 'silent' }) },
  );
  let created = 0;
  /** A POST /users body with an email no other case has taken. */
  const newUser = () => {
    created += 1;
    return JSON.stringify({ name: 'Loc', email: `loc${created}@example.com` });
  };
  const restPost = (
    path: string,
    requestContext: Partial<APIGatewayProxyEvent['requestContext']>,
  ) =>
    v1Event({
      httpMethod: 'POST',
      path,
      resource: '/{proxy+}',
      pathParameters: { proxy: 'users' },
      multiValueHeaders: { 'Content-Type': ['application/json'] },
      body: newUser(),
      requestContext,
    });
  const httpPost = (
    rawPath: string,
    stage: string,
    make: typeof v2Event = v2Event,
  ): APIGatewayProxyEventV2 => {
    const event = make({
      rawPath,
      headers: { 'content-type': 'application/json' },
      body: newUser(),
    });
    event.requestContext.stage = stage;
    event.requestContext.http = { ...event.requestContext.http, method: 'POST', path: rawPath };
    return event;
  };

  it.each<[string, string, () => unknown, string?]>([
    [
      'REST API, execute-api endpoint, stage prod',
      '/prod',
      () => restPost('/users', { path: '/prod/users', stage: 'prod' }),
    ],
    [
      'REST API, custom domain with base path /v1',
      '/v1',
      () =>
        restPost('/v1/users', { path: '/v1/users', stage: 'prod', domainName: 'api.example.com' }),
    ],
    [
      'REST API, custom domain mapped at its root',
      '',
      () => restPost('/users', { path: '/users', stage: 'prod', domainName: 'api.example.com' }),
    ],
    [
      'HTTP API on payload 1.0, named stage dev',
      '/dev',
      () => ({
        ...restPost('/dev/users', { path: '/dev/users', stage: 'dev' }),
        resource: '$default',
        pathParameters: null,
        version: '1.0',
      }),
    ],
    [
      'REST API, a `$default`-style event on a handler told its base path /v1',
      '/v1',
      () => ({
        ...restPost('/v1/users', { path: '/v1/users', stage: 'prod' }),
        resource: '$default',
        pathParameters: null,
      }),
      '/v1',
    ],
    ['HTTP API, `$default` stage', '', () => httpPost('/users', '$default')],
    ['HTTP API, named stage dev', '/dev', () => httpPost('/dev/users', 'dev')],
    ['a Lambda function URL', '', () => httpPost('/users', '$default', functionUrlEvent)],
  ])('%s: POST /users answers location %s/users/<id>', async (_shape, base, event, configured) => {
    const handler = createHttpHandler(api, { basePath: configured });
    const result = await handler(event(), { awsRequestId: 'loc-1' });
    expect(result.statusCode, result.body).toBe(201);
    const { id } = JSON.parse(result.body!);
    expect(result.headers?.location).toBe(`${base}/users/${id}`);
  });
});

describe('the HTTP function composition (apps/aws-lambda)', () => {
  it('refuses to start without TABLE_NAME, or with a bad setting, in one line naming it', () => {
    expect(() => composeHttp({})).toThrow(/TABLE_NAME is required/);
    expect(() =>
      composeHttp({ TABLE_NAME: 't', CORS_ORIGINS: 'https://app.example.com/' }),
    ).toThrow(/CORS_ORIGINS: "https:\/\/app.example.com\/" is not an origin/);
    expect(() => composeHttp({ TABLE_NAME: 't', LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => composeHttp({ TABLE_NAME: 't', DYNAMODB_TRANSACTIONS: 'maybe' })).toThrow(
      /^Invalid configuration: DYNAMODB_TRANSACTIONS: .+ \(got "maybe"\)$/,
    );
  });

  it.each([
    [{}, ['/nope']],
    [{ ACCESS_LOG: 'all' }, ['/health', '/nope']],
  ])('with %j writes a request line for %j', async (env, paths) => {
    const lines: string[] = [];
    const logger = createLambdaLogger({ level: 'info', write: (line) => lines.push(line) });
    const { api } = composeHttp(env, {
      store: await openMemoryStore(modules),
      logger,
    });
    const handler = createHttpHandler(api, { logger });
    await handler(v2Event({ rawPath: '/health' }), { awsRequestId: 'req-1' });
    await handler(v2Event({ rawPath: '/nope' }), { awsRequestId: 'req-2' });
    const access = lines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'request completed');
    expect(access.map((line) => line.path)).toEqual(paths);
  });

  it('logs JSON lines tagged with the invocation, errors with their stack', async () => {
    const lines: string[] = [];
    const logger = createLambdaLogger({
      level: 'info',
      service: 'http',
      write: (line) => lines.push(line),
    });
    const { api } = composeHttp({}, { store: await openMemoryStore(modules), logger });
    const handler = withInvocationLogging(logger, createHttpHandler(api, { logger }));
    await handler(v2Event({ rawPath: '/nope' }), { awsRequestId: 'req-1' });
    logger.child({ part: 'test' }).error({ err: new Error('boom') }, 'failed');
    const [completed, failed] = lines.map((line) => JSON.parse(line));
    expect(completed).toMatchObject({
      level: 'info',
      msg: 'request completed',
      awsRequestId: 'req-1',
      requestId: 'req-1',
      status: 404,
      service: 'http',
    });
    expect(failed).toMatchObject({
      level: 'error',
      awsRequestId: 'req-1',
      part: 'test',
      err: { type: 'Error', message: 'boom', stack: expect.stringContaining('boom') },
    });
  });
});

describe('lazily loaded ports (apps/composition/lazy.ts)', () => {
  const repository = {
    findById: async (id: string) => ({ id }),
    list: async () => ({ items: [], nextCursor: null }),
  };

  it('loads on the first call only, and again after a failed load', async () => {
    let loads = 0;
    const load = once(async () => {
      loads += 1;
      if (loads === 1) throw new Error('cold network');
      return { users: repository };
    });
    const stand = lazyPorts(load).users;
    expect(loads).toBe(0);
    await expect(stand.findById('a')).rejects.toThrow('cold network');
    await expect(stand.findById('b')).resolves.toEqual({ id: 'b' });
    await expect(stand.list()).resolves.toEqual({ items: [], nextCursor: null });
    expect(loads).toBe(2);
  });

  it('is not a thenable, so an async function can return it as it is', async () => {
    const stand = lazyPorts(async () => ({ users: repository }));
    const returned = await (async () => stand.users)();
    expect(returned).toBe(stand.users);
    await expect(returned.findById('c')).resolves.toEqual({ id: 'c' });
  });

  it('refuses to be spread or listed, which would drop every port unseen', () => {
    const stores = lazyPorts(async () => ({ users: repository }));
    expect(() => ({ ...stores })).toThrow(/name each port/);
    expect(() => Object.keys(stores)).toThrow(/name each port/);
    expect(stores.users).toBeDefined();
  });
});
