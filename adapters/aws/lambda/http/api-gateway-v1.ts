import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../../http/http-types';
import { isRecord } from './detect-event';
import {
  encodeResponseBody,
  lowerCaseName,
  malformedEvent,
  pathFromTemplate,
  readBody,
  readListMap,
  readStringMap,
  stripPrefix,
} from './event-parts';

export interface TranslateOptions {
  /** The awsRequestId of the invocation: the request id when the client sent none. */
  awsRequestId?: string | undefined;
  /**
   * A custom domain's base-path mapping (`/v1`) to remove when the event does not
   * name the matched route template (a `$default` route). Routes through `{proxy+}`
   * need none: the path is rebuilt from the template.
   */
  basePath?: string | undefined;
}

type Headers = HttpRequest['headers'];

/** Repeated headers are joined with ", " (RFC 9110 §5.3), cookies with "; " (RFC 6265 §5.4). */
const append = (headers: Headers, key: string, value: string) => {
  const prior = headers[key];
  headers[key] = prior === undefined ? value : `${prior}${key === 'cookie' ? '; ' : ', '}${value}`;
};

/**
 * `multiValueHeaders` holds every occurrence; `headers` only the last, so it is the fallback.
 * One pass checks and copies (this runs on every invocation; a REST event carries every
 * header twice).
 */
const headersOf = (event: APIGatewayProxyEvent): Headers => {
  const headers: Headers = {};
  const multi: unknown = event.multiValueHeaders;
  if (multi !== null && multi !== undefined) {
    if (!isRecord(multi)) throw malformedEvent('multiValueHeaders must be an object');
    for (const name in multi) {
      const list = multi[name];
      if (list === null || list === undefined) continue;
      if (!Array.isArray(list)) throw malformedEvent(`multiValueHeaders.${name} must be a list`);
      const key = lowerCaseName(name);
      const only = list.length === 1 ? list[0] : undefined;
      if (typeof only === 'string' && headers[key] === undefined) {
        headers[key] = only; // the usual case: one value, first of its name
        continue;
      }
      for (const value of list) {
        if (typeof value !== 'string') {
          throw malformedEvent(`multiValueHeaders.${name} must be a list of strings`);
        }
        append(headers, key, value);
      }
    }
    return headers;
  }
  const single = readStringMap(event.headers, 'headers');
  for (const name in single) {
    const value = single[name];
    if (typeof value === 'string') append(headers, lowerCaseName(name), value);
  }
  return headers;
};

/** Values arrive decoded; a repeated key becomes a list, as Fastify's parser makes it. */
const queryOf = (event: APIGatewayProxyEvent): HttpRequest['query'] => {
  const query: HttpRequest['query'] = {};
  const multi = readListMap(
    event.multiValueQueryStringParameters,
    'multiValueQueryStringParameters',
  );
  if (multi) {
    for (const key in multi) {
      const values = multi[key];
      if (values?.length) query[key] = values.length === 1 ? values[0] : [...values];
    }
    return query;
  }
  const single = readStringMap(event.queryStringParameters, 'queryStringParameters');
  for (const key in single) {
    const value = single[key];
    if (typeof value === 'string') query[key] = value;
  }
  return query;
};

const decoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * REST APIs hand `path` over as the client encoded it but path parameters decoded, so a
 * parameter holding an encoded `/` (`Store%20%231%2FNorth`) comes back from the template as
 * two segments. When `path` holds escapes, its shortest suffix that decodes to the rebuilt
 * path is that path as sent (what remains before it is the base path, if any).
 */
const keepEncoding = (raw: unknown, rebuilt: string): string => {
  if (typeof raw !== 'string' || !raw.includes('%')) return rebuilt;
  const target = decoded(rebuilt);
  for (let at = raw.lastIndexOf('/'); at !== -1; at = raw.lastIndexOf('/', at - 1)) {
    const suffix = raw.slice(at);
    if (decoded(suffix) === target) return suffix;
    if (at === 0) break;
  }
  return rebuilt;
};

/**
 * `path` carries a custom domain's base path (`/v1/users`) but not the stage, while
 * `requestContext.path` carries the stage (`/prod/users`): the route template filled
 * with its parameters is the one path free of both.
 */
const pathOf = (event: APIGatewayProxyEvent, basePath: string | undefined): string => {
  const parameters = readStringMap(event.pathParameters, 'pathParameters');
  const fromTemplate = pathFromTemplate(event.resource, parameters);
  if (fromTemplate !== undefined) return keepEncoding(event.path, fromTemplate);
  const stage = event.requestContext.stage;
  // HTTP API routes on payload 1.0 keep a named stage in `path`; REST APIs never do.
  const path =
    (event as { version?: string }).version === '1.0' &&
    typeof stage === 'string' &&
    stage !== '$default'
      ? stripPrefix(event.path, `/${stage}`)
      : event.path;
  return stripPrefix(path, basePath);
};

/** API Gateway payload 1.0 (REST API proxy integration) -> the neutral request. */
export const apiGatewayV1ToRequest = (
  event: APIGatewayProxyEvent,
  options: TranslateOptions = {},
): HttpRequest => {
  const context = isRecord(event.requestContext) ? event.requestContext : undefined;
  return {
    method: event.httpMethod.toUpperCase(),
    path: pathOf(event, options.basePath),
    query: queryOf(event),
    headers: headersOf(event),
    body: readBody(event.body, event.isBase64Encoded),
    platformRequestId:
      options.awsRequestId ??
      (typeof context?.requestId === 'string' ? context.requestId : undefined),
  };
};

/**
 * The neutral response -> payload 1.0. Set-Cookie values cannot share one header, so
 * they go in `multiValueHeaders`, which REST APIs always accept.
 */
export const responseToApiGatewayV1 = (response: HttpResponse): APIGatewayProxyResult => {
  const result: APIGatewayProxyResult = {
    statusCode: response.status,
    headers: response.headers,
    ...encodeResponseBody(response.body),
  };
  if (response.cookies?.length) result.multiValueHeaders = { 'set-cookie': response.cookies };
  return result;
};
