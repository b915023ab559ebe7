import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../../http/http-types';
import { isRecord } from './detect-event';
import {
  encodeResponseBody,
  LazyHeadersRequest,
  lowerCaseName,
  namesHeader,
  pathFromTemplate,
  prefixBefore,
  readBody,
  readListMap,
  readStringMap,
  suffixAt,
  withoutStageAndBase,
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
const joined = (name: string, prior: string | undefined, value: string) =>
  prior === undefined ? value : `${prior}${name === 'cookie' ? '; ' : ', '}${value}`;

type ListMap = Record<string, string[] | undefined>;
type StringMap = Record<string, string | undefined>;

/**
 * Payload 1.0 headers: `multiValueHeaders` holds every occurrence; `headers` only the last of
 * each name, so it is read only when the other is absent. Names may repeat in different cases.
 */
class RestApiRequest extends LazyHeadersRequest {
  constructor(
    private readonly event: APIGatewayProxyEvent,
    options: TranslateOptions,
    private readonly lists: ListMap | undefined,
    private readonly single: StringMap | undefined,
  ) {
    const context = isRecord(event.requestContext) ? event.requestContext : undefined;
    super(
      event.httpMethod.toUpperCase(),
      pathOf(event, options.basePath),
      queryOf(event),
      readBody(event.body, event.isBase64Encoded),
      options.awsRequestId ??
        (typeof context?.requestId === 'string' ? context.requestId : undefined),
    );
  }

  /**
   * `requestContext.path` is the path the client called: `/prod/users` on the execute-api
   * endpoint, `/v1/users` through a custom domain's `/v1` mapping, `/users` through a root
   * mapping. `path` lacks the stage of the first, so it is the fallback: an HTTP API on payload
   * 1.0 keeps its named stage there.
   */
  protected findBasePath(): string {
    const context: unknown = this.event.requestContext;
    const called = isRecord(context) ? context.path : undefined;
    return prefixBefore(called, this.path) || prefixBefore(this.event.path, this.path);
  }

  protected buildHeaders(): Headers {
    const headers: Headers = {};
    if (this.lists) {
      for (const name in this.lists) {
        const key = lowerCaseName(name);
        for (const value of this.lists[name] ?? []) headers[key] = joined(key, headers[key], value);
      }
      return headers;
    }
    for (const name in this.single) {
      const value = this.single[name];
      const key = lowerCaseName(name);
      if (typeof value === 'string') headers[key] = joined(key, headers[key], value);
    }
    return headers;
  }

  protected findHeader(lowerName: string): string | undefined {
    let found: string | undefined;
    if (this.lists) {
      for (const name in this.lists) {
        if (!namesHeader(name, lowerName)) continue;
        for (const value of this.lists[name] ?? []) found = joined(lowerName, found, value);
      }
      return found;
    }
    for (const name in this.single) {
      const value = this.single[name];
      if (typeof value === 'string' && namesHeader(name, lowerName)) {
        found = joined(lowerName, found, value);
      }
    }
    return found;
  }
}

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

/**
 * REST APIs hand `path` over as the client encoded it but path parameters decoded, so a
 * parameter holding an encoded `/` (`Store%20%231%2FNorth`) comes back from the template as
 * two segments. When `path` holds escapes, its shortest suffix that decodes to the rebuilt
 * path is that path as sent (what remains before it is the base path, if any).
 */
const keepEncoding = (raw: unknown, rebuilt: string): string => {
  if (typeof raw !== 'string' || !raw.includes('%')) return rebuilt;
  const at = suffixAt(raw, rebuilt);
  return at === -1 ? rebuilt : raw.slice(at);
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
  // HTTP API routes on payload 1.0 keep a named stage in `path`; REST APIs never do.
  const stage =
    (event as { version?: string }).version === '1.0' ? event.requestContext.stage : undefined;
  return withoutStageAndBase(event.path, stage, basePath);
};

/**
 * API Gateway payload 1.0 (REST API proxy integration) -> the neutral request. Every field is
 * checked here; headers are copied only if read whole (LazyHeadersRequest).
 */
export const apiGatewayV1ToRequest = (
  event: APIGatewayProxyEvent,
  options: TranslateOptions = {},
): HttpRequest => {
  const lists = readListMap(event.multiValueHeaders, 'multiValueHeaders');
  const single = lists ? undefined : readStringMap(event.headers, 'headers');
  return new RestApiRequest(event, options, lists, single);
};

/**
 * The neutral response -> payload 1.0. Set-Cookie values cannot share one header, so
 * they go in `multiValueHeaders`, which REST APIs always accept.
 */
export const responseToApiGatewayV1 = (response: HttpResponse): APIGatewayProxyResult => {
  // Destructured, not spread: the compiler then builds no intermediate object.
  const { body, isBase64Encoded } = encodeResponseBody(response.body);
  const result: APIGatewayProxyResult = {
    statusCode: response.status,
    headers: response.headers,
    body,
    isBase64Encoded,
  };
  if (response.cookies?.length) result.multiValueHeaders = { 'set-cookie': response.cookies };
  return result;
};
