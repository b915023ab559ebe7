import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../../http/http-types';
import type { TranslateOptions } from './api-gateway-v1';
import {
  encodeResponseBody,
  LazyHeadersRequest,
  lowerCaseName,
  malformedEvent,
  namesHeader,
  pathFromTemplate,
  prefixBefore,
  readBody,
  readStringMap,
  withoutStageAndBase,
} from './event-parts';

const decode = (text: string): string => {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text; // a stray `%`: kept as sent, as Node's querystring does
  }
};

/**
 * `rawQueryString` is the only faithful source: `queryStringParameters` joins a
 * repeated key's values with commas. A repeated key becomes a list, as on Fastify.
 */
export const parseQueryString = (raw: string): HttpRequest['query'] => {
  const query: Record<string, string | string[]> = {};
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const key = decode(at === -1 ? pair : pair.slice(0, at));
    if (key === '__proto__') continue;
    const value = at === -1 ? '' : decode(pair.slice(at + 1));
    const prior = query[key];
    query[key] =
      prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return query;
};

const queryOf = (event: APIGatewayProxyEventV2): HttpRequest['query'] => {
  const raw: unknown = event.rawQueryString;
  if (typeof raw === 'string') return parseQueryString(raw);
  if (raw !== undefined) throw malformedEvent('rawQueryString must be a string');
  return { ...readStringMap(event.queryStringParameters, 'queryStringParameters') };
};

const cookiesOf = (event: APIGatewayProxyEventV2): string | undefined => {
  const cookies: unknown = event.cookies;
  if (cookies === undefined || cookies === null) return undefined;
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) {
    throw malformedEvent('cookies must be a list of strings');
  }
  return cookies.length > 0 ? cookies.join('; ') : undefined;
};

/**
 * Payload 2.0 headers: names arrive lower-case (an odd upper-case one is still folded, the last
 * of a name winning), and cookies come apart in `cookies`, joined back here with "; ".
 */
class HttpApiRequest extends LazyHeadersRequest {
  constructor(
    private readonly event: APIGatewayProxyEventV2,
    options: TranslateOptions,
    private readonly source: Record<string, string | undefined> | undefined,
    private readonly cookie: string | undefined,
  ) {
    const context = event.requestContext;
    super(
      context.http.method.toUpperCase(),
      pathOf(event, options.basePath),
      queryOf(event),
      readBody(event.body, event.isBase64Encoded),
      options.awsRequestId ??
        (typeof context.requestId === 'string' ? context.requestId : undefined),
    );
  }

  /**
   * `rawPath` keeps a named stage (`/dev/users`); the `$default` stage and function URLs have
   * none, so their base path is ''.
   */
  protected findBasePath(): string {
    return prefixBefore(this.event.rawPath, this.path);
  }

  protected buildHeaders(): HttpRequest['headers'] {
    const headers: HttpRequest['headers'] = {};
    for (const name in this.source) {
      const value = this.source[name];
      if (typeof value === 'string') headers[lowerCaseName(name)] = value;
    }
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    return headers;
  }

  protected findHeader(lowerName: string): string | undefined {
    if (lowerName === 'cookie' && this.cookie !== undefined) return this.cookie;
    let found: string | undefined;
    for (const name in this.source) {
      const value = this.source[name];
      if (typeof value === 'string' && namesHeader(name, lowerName)) found = value;
    }
    return found;
  }
}

/**
 * A route key such as `ANY /{proxy+}` names the matched template: filled with its
 * parameters it is the path without stage or API mapping. On `$default` the raw path
 * is all there is; it keeps a named stage (`/dev/users`), removed here.
 */
const pathOf = (event: APIGatewayProxyEventV2, basePath: string | undefined): string => {
  const routeKey = event.routeKey ?? event.requestContext.routeKey;
  const space = typeof routeKey === 'string' ? routeKey.indexOf(' /') : -1;
  if (space !== -1) {
    const parameters = readStringMap(event.pathParameters, 'pathParameters');
    const fromTemplate = pathFromTemplate(routeKey.slice(space + 1), parameters);
    if (fromTemplate !== undefined) return fromTemplate;
  }
  return withoutStageAndBase(event.rawPath, event.requestContext.stage, basePath);
};

/**
 * Payload 2.0 (HTTP API, Lambda function URL) -> the neutral request. Every field is checked
 * here; headers are copied only if read whole (LazyHeadersRequest).
 */
export const apiGatewayV2ToRequest = (
  event: APIGatewayProxyEventV2,
  options: TranslateOptions = {},
): HttpRequest =>
  new HttpApiRequest(event, options, readStringMap(event.headers, 'headers'), cookiesOf(event));

/** The neutral response -> payload 2.0; Set-Cookie values travel in `cookies`. */
export const responseToApiGatewayV2 = (
  response: HttpResponse,
): APIGatewayProxyStructuredResultV2 => {
  // Destructured, not spread: the compiler then builds no intermediate object.
  const { body, isBase64Encoded } = encodeResponseBody(response.body);
  const result: APIGatewayProxyStructuredResultV2 = {
    statusCode: response.status,
    headers: response.headers,
    body,
    isBase64Encoded,
  };
  if (response.cookies?.length) result.cookies = response.cookies;
  return result;
};
