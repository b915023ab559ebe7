import { randomUUID } from 'node:crypto';
import FindMyWay from 'find-my-way';
import type * as z from 'zod/mini';
import { type FieldIssue, isDomainError, ValidationError } from '../../domain/shared/domain-error';
import { issuesFromZod } from '../../domain/shared/validation';
import type { Logger } from '../../ports/logger.port';
import { type AccessLog, wantsAccessLine } from './access-log';
import { credentialOf } from './auth/credential';
import { type Authenticator, type Principal, principalKey } from './auth/principal';
import { decide, defaultAccess, type RouteAccess } from './auth/route-access';
import { type CorsOptions, CorsPolicy } from './cors';
import {
  type ErrorTable,
  HttpError,
  httpErrors,
  mergeErrorTables,
  sharedErrors,
} from './error-table';
import { type HttpRequest, type HttpResponse, headerOf } from './http-types';
import type { OpenApiInfo } from './openapi';
import type { Route, RouteInput, RouteResult, UploadedFile, UploadSpec } from './route';
import { addSecurityHeaders } from './security-headers';
import { DailyUploadQuota } from './upload-quota';

export const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** An incoming x-request-id is kept only when it is this safe to log and echo. */
export const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's x-request-id when it is safe to log and echo, else `fallback` (or a new one). */
export const requestIdFrom = (incoming: unknown, fallback?: string): string =>
  typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : (fallback ?? randomUUID());

/** A charset parameter other than UTF-8 (JSON is UTF-8 only, RFC 8259 §8.1). */
const charsetOf = (type: string): string | undefined =>
  /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(type)?.[1]?.toLowerCase();
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const MULTIPART = 'multipart/form-data';
const mediaTypeOf = (header: string | undefined) =>
  header?.split(';')[0]?.trim().toLowerCase() ?? '';
/** `image/*` accepts any image type; anything else only itself. */
const mediaTypeMatches = (accepted: string, type: string) =>
  accepted.endsWith('/*') ? type.startsWith(accepted.slice(0, -1)) : accepted === type;
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export interface HttpApiOptions {
  logger: Logger;
  /**
   * `errors` (default): only 4xx, 5xx and requests slower than a second; the load balancer,
   * gateway or platform (Lambda's REPORT line, Functions' "Executed") already records every
   * request, and a line costs about as much as the rest of a cached read. `all`: every request.
   */
  accessLog?: AccessLog;
  cors?: CorsOptions;
  info?: OpenApiInfo;
  /**
   * The status and description of every domain error code the routes can raise (each
   * module's table); the transport's and the shared codes are always included.
   */
  errors?: readonly ErrorTable[];
  /**
   * Checks credentials: given, every route but the public ones needs one (AUTH=required);
   * absent, the API is open (AUTH=off, or the server on loopback).
   */
  authenticator?: Authenticator | undefined;
  /**
   * Bytes each credential may upload per UTC day (imports, images, documents), 1 GiB by
   * default; without credentials (an open API) all uploads share one allowance.
   */
  uploadQuotaBytesPerDay?: number | undefined;
}

const GIB = 1024 * 1024 * 1024;

const REALM = 'Bearer realm="api"';
const unauthenticated = (presented: boolean) =>
  new HttpError(
    'AUTH.UNAUTHENTICATED',
    presented
      ? 'The credential is not valid: unknown, revoked, expired or not meant for this API.'
      : 'This route needs a credential: Authorization: Bearer <API key or JWT>, or x-api-key.',
    { 'www-authenticate': presented ? `${REALM}, error="invalid_token"` : REALM },
  );
const forbidden = (message = 'Your credential may not do this.') =>
  new HttpError('AUTH.FORBIDDEN', message);

const parseSection = (
  schema: z.ZodMiniType | undefined,
  value: unknown,
  location: string,
  issues: FieldIssue[],
): unknown => {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  issues.push(...issuesFromZod(result.error, [location]));
  return undefined;
};

/**
 * What a route handler gets. `headers` is read from the request only by a route that wants them
 * (If-Match), so a door that builds headers lazily copies none for the others. A class, not an
 * object literal with a getter: V8 builds such literals in the runtime, several times slower.
 */
class RouteInputOf implements RouteInput<never, never, never> {
  readonly params: never;
  readonly query: never;
  readonly body: never;

  constructor(
    params: unknown,
    query: unknown,
    body: unknown,
    private readonly request: HttpRequest,
    readonly requestId: string,
    readonly principal: Principal | undefined,
    readonly file?: UploadedFile,
  ) {
    // Checked by the route's own schemas just before: the handler's types hold.
    this.params = params as never;
    this.query = query as never;
    this.body = body as never;
  }

  get headers(): HttpRequest['headers'] {
    return this.request.headers;
  }

  get basePath(): string {
    return this.request.basePath ?? '';
  }
}

/** A route's result is fresh per call, so its headers object is taken over, not copied. */
const toResponse = (result: RouteResult): HttpResponse => {
  const headers = result.headers ?? {};
  if (result.body === undefined) return { status: result.status, headers };
  headers['content-type'] = JSON_CONTENT_TYPE;
  return { status: result.status, headers, body: JSON.stringify(result.body) };
};

/**
 * A route names what it links to from the API's root (`location: /users/42`); the client reached
 * the API under `basePath` (a stage, `/prod`), so that is where the link is. A full URL or a
 * protocol-relative one (`//host/...`) is left as it is.
 */
const underBasePath = (location: string, basePath: string | undefined): string =>
  basePath && location.charCodeAt(0) === 47 && location.charCodeAt(1) !== 47
    ? `${basePath}${location}`
    : location;

const byteLength = (body: string | Uint8Array | undefined) =>
  body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;

/**
 * The API as a function from neutral request to neutral response: routing,
 * validation, CORS, request ids and error mapping, once for every door.
 */
export class HttpApi {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  private readonly cors: CorsPolicy;
  private readonly logger: Logger;
  private readonly accessLog: AccessLog;
  private readonly authenticator: Authenticator | undefined;
  private readonly uploadQuota: DailyUploadQuota;
  private document: Promise<unknown> | undefined;
  /** The largest body any route accepts: what a door must read before adapters/http decides. */
  readonly maxBodyBytes: number;
  /** Every code this API answers with: its status and what it means. */
  readonly errors: ErrorTable;

  constructor(
    readonly routes: readonly Route[],
    private readonly options: HttpApiOptions,
  ) {
    this.logger = options.logger;
    this.accessLog = options.accessLog ?? 'errors';
    this.authenticator = options.authenticator;
    this.uploadQuota = new DailyUploadQuota(options.uploadQuotaBytesPerDay ?? GIB);
    this.cors = new CorsPolicy(options.cors ?? { origins: [] });
    this.errors = mergeErrorTables([httpErrors, sharedErrors, ...(options.errors ?? [])]);
    for (const route of routes) {
      const unknown = route.errors.filter((code) => !this.errors[code]);
      if (unknown.length > 0) {
        throw new Error(
          `Route ${route.operationId} names unknown error codes: ${unknown.join(', ')}`,
        );
      }
      this.router.on(route.method, route.path, () => undefined, route);
    }
    this.maxBodyBytes = Math.max(MAX_BODY_BYTES, ...routes.map((r) => r.upload?.maxBytes ?? 0));
  }

  /**
   * Built on first use from the routes' own zod schemas, then cached. Loaded lazily: the
   * JSON Schema converter is no cold-start cost for a function that never serves it.
   */
  openApiDocument(): Promise<unknown> {
    this.document ??= import('./openapi').then(({ buildOpenApiDocument }) =>
      buildOpenApiDocument(
        this.routes,
        this.options.info ?? { title: 'API', version: '0.0.0' },
        this.errors,
      ),
    );
    return this.document;
  }

  handle(request: HttpRequest): Promise<HttpResponse> {
    return this.run(request, (method, requestId) => this.dispatch(method, request, requestId));
  }

  /**
   * For doors whose framework has already matched one of `routes` (Fastify registers
   * each natively): the same pipeline without a second route lookup.
   */
  handleMatched(route: Route, params: unknown, request: HttpRequest): Promise<HttpResponse> {
    return this.run(request, (_method, requestId) =>
      this.execute(route, params, request, requestId),
    );
  }

  private async run(
    request: HttpRequest,
    inner: (method: string, requestId: string) => Promise<HttpResponse>,
  ): Promise<HttpResponse> {
    // A logger off at info writes no access line: no clock read for it either.
    const logging = this.logger.isLevelEnabled?.('info') !== false;
    const started = logging ? performance.now() : 0;
    const requestId = requestIdFrom(headerOf(request, 'x-request-id'), request.platformRequestId);
    const method = request.method.toUpperCase();
    let response: HttpResponse;
    let cors: Record<string, string> | undefined;
    try {
      const decision = this.cors.headersFor(request, this.allowHeader);
      cors = decision?.headers;
      response = decision?.preflight
        ? { status: 204, headers: {} }
        : await inner(method, requestId);
    } catch (error) {
      response = this.errorResponse(error, requestId);
    }
    const headers = response.headers;
    // Read only when there is a link to place: a door may compute basePath on first use.
    const location = headers.location;
    if (location !== undefined) headers.location = underBasePath(location, request.basePath);
    if (cors) Object.assign(headers, cors);
    headers['x-request-id'] = requestId;
    addSecurityHeaders(response);
    if (method === 'HEAD') response.body = undefined;
    if (response.status >= 500 || !logging) return response;
    this.accessLine(requestId, method, request.path, response.status, performance.now() - started);
    return response;
  }

  private accessLine(requestId: string, method: string, path: string, status: number, ms: number) {
    if (!wantsAccessLine(this.accessLog, status, ms)) return;
    this.logger.info(
      { requestId, method, path, status, ms: Math.round(ms * 100) / 100 },
      'request completed',
    );
  }

  /**
   * The answer to a request refused before it reached the API (by the HTTP server itself: a
   * header block too large, a URL that does not decode, a broken Content-Length): the one error
   * shape, a safe request id, the security headers and its access line, as for any other.
   */
  transportError(
    error: HttpError,
    request: {
      method?: string | undefined;
      path?: string | undefined;
      /** The client's x-request-id, used when safe. */
      requestId?: unknown;
      /** The id otherwise (the server's own for this request); a new one when absent. */
      fallbackId?: string | undefined;
    },
  ): HttpResponse {
    const requestId = requestIdFrom(request.requestId, request.fallbackId);
    const response = this.errorResponse(error, requestId);
    response.headers['x-request-id'] = requestId;
    addSecurityHeaders(response);
    this.accessLine(requestId, request.method ?? '-', request.path ?? '-', response.status, 0);
    return response;
  }

  private dispatch(method: string, request: HttpRequest, requestId: string): Promise<HttpResponse> {
    const found = this.router.find((method === 'HEAD' ? 'GET' : method) as 'GET', request.path);
    if (!found) {
      const allowed = this.allowedMethods(request.path);
      if (allowed.length === 0) {
        throw new HttpError('HTTP.ROUTE_NOT_FOUND', `No route matches ${request.path}.`);
      }
      if (method === 'OPTIONS') {
        return Promise.resolve({ status: 204, headers: { allow: allowed.join(', ') } });
      }
      throw new HttpError(
        'HTTP.METHOD_NOT_ALLOWED',
        `${method} is not allowed on ${request.path}; use ${allowed.join(', ')}.`,
        { allow: allowed.join(', ') },
      );
    }
    return this.execute(found.store as Route, found.params, request, requestId);
  }

  /** Not async on purpose: one promise per layer less on the hot path; sync throws reach run(). */
  private execute(
    route: Route,
    rawParams: unknown,
    request: HttpRequest,
    requestId: string,
  ): Promise<HttpResponse> {
    if (this.authenticator) {
      const access = route.access ?? defaultAccess(route.method);
      if (access.role !== 'public') {
        return this.authenticate(request).then((principal) => {
          const decision = decide(access, principal);
          if (decision === 'deny') throw forbidden(`This route needs the ${access.role} role.`);
          return this.executeAs(
            route,
            rawParams,
            request,
            requestId,
            principal,
            decision === 'owner' ? access : undefined,
          );
        });
      }
    }
    return this.executeAs(route, rawParams, request, requestId, undefined, undefined);
  }

  private async authenticate(request: HttpRequest): Promise<Principal> {
    const credential = credentialOf(request);
    if (credential === undefined) throw unauthenticated(false);
    if (credential === 'unreadable') throw unauthenticated(true);
    const principal = await this.authenticator!.authenticate(credential);
    if (!principal) throw unauthenticated(true);
    return principal;
  }

  private executeAs(
    route: Route,
    rawParams: unknown,
    request: HttpRequest,
    requestId: string,
    principal: Principal | undefined,
    /** Set when only the owner may pass: checked on the parsed input. */
    ownerCheck: RouteAccess | undefined,
  ): Promise<HttpResponse> {
    const issues: FieldIssue[] = [];
    const params = parseSection(route.params, rawParams, 'params', issues);
    const query = parseSection(route.query, request.query, 'query', issues);
    const body = route.body
      ? parseSection(route.body, this.readJson(request), 'body', issues)
      : undefined;
    if (issues.length > 0) throw new ValidationError(issues);
    if (ownerCheck) {
      const input = new RouteInputOf(params, query, body, request, requestId, principal);
      return Promise.resolve(ownerCheck.ownedBy!(input)).then((owner) => {
        if (principal?.kind !== 'token' || owner !== principal.subject) {
          throw forbidden('A user token may reach only its own user and their orders.');
        }
        const refusal = ownerCheck.ownerLimit?.(input);
        if (refusal !== undefined) throw forbidden(refusal);
        return this.handleParsed(route, params, query, body, request, requestId, principal);
      });
    }
    return this.handleParsed(route, params, query, body, request, requestId, principal);
  }

  private handleParsed(
    route: Route,
    params: unknown,
    query: unknown,
    body: unknown,
    request: HttpRequest,
    requestId: string,
    principal: Principal | undefined,
  ): Promise<HttpResponse> {
    if (route.upload) {
      return readUpload(route.upload, request)
        .then((file) => this.countUpload(file, principal))
        .then((file) =>
          route.handler(new RouteInputOf(params, query, body, request, requestId, principal, file)),
        )
        .then(toResponse);
    }
    return route
      .handler(new RouteInputOf(params, query, body, request, requestId, principal))
      .then(toResponse);
  }

  private countUpload(file: UploadedFile, principal: Principal | undefined): UploadedFile {
    const client = principal ? principalKey(principal) : 'open';
    const decision = this.uploadQuota.take(client, file.bytes.byteLength);
    if (!decision.ok) {
      throw new HttpError(
        'QUOTA.EXCEEDED',
        `This upload would pass today's quota of ${mib(this.uploadQuota.bytesPerDay)}; it resets at 00:00 UTC.`,
        { 'retry-after': String(decision.retryAfterSeconds) },
      );
    }
    return file;
  }

  private readJson(request: HttpRequest): unknown {
    const size = byteLength(request.body);
    if (size > MAX_BODY_BYTES) throw new HttpError('HTTP.PAYLOAD_TOO_LARGE');
    if (size === 0) return undefined;
    const type = headerOf(request, 'content-type');
    if (!type || !JSON_TYPE.test(type)) {
      throw new HttpError(
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send the body as application/json${type ? `, not ${type.split(';')[0]}` : ''}.`,
      );
    }
    const charset = charsetOf(type);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new HttpError(
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send JSON as UTF-8 (charset=utf-8 or none), not charset=${charset}.`,
      );
    }
    let text: string;
    try {
      // Fatal: bytes that are not UTF-8 are refused, not silently turned into U+FFFD.
      text = typeof request.body === 'string' ? request.body : UTF8.decode(request.body!);
    } catch {
      throw new HttpError('HTTP.MALFORMED_JSON', 'The body is not valid UTF-8.');
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new HttpError(
        'HTTP.MALFORMED_JSON',
        `The body is not valid JSON: ${(error as Error).message}`,
      );
    }
  }

  /** Bound once: no closure per request. */
  private readonly allowHeader = (path: string) => this.allowedMethods(path).join(', ');

  private allowedMethods(path: string): string[] {
    return METHODS.filter((method) => this.router.find(method, path) !== null);
  }

  /** Maps any failure to the one error shape; 5xx are logged and never show internals. */
  errorResponse(error: unknown, requestId: string): HttpResponse {
    let code: string = 'INTERNAL';
    let message = 'Something went wrong on our side; quote the requestId if you report it.';
    let details: unknown;
    let headers: Record<string, string> = {};
    if (isDomainError(error)) {
      ({ code, message, details } = error);
    } else if (error instanceof HttpError) {
      ({ code, message, details, headers } = error);
    }
    // A code missing from the table is our mistake, answered and logged as one.
    const status = this.errors[code]?.status ?? 500;
    if (status >= 500) this.logger.error({ requestId, status, code, err: error }, 'request failed');
    const response = {
      status,
      headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
      body: JSON.stringify({
        error: details === undefined ? { code, message } : { code, message, details },
        requestId,
      }),
    };
    addSecurityHeaders(response);
    return response;
  }
}

/**
 * The file of an upload route: the raw body when sent as one of the accepted types, or the one
 * file part of a multipart form, parsed by the runtime's own multipart parser (undici's
 * `Response.formData`). The body is already in memory on every door, within `maxBytes`.
 */
const readUpload = async (spec: UploadSpec, request: HttpRequest): Promise<UploadedFile> => {
  const size = byteLength(request.body);
  if (size > spec.maxBytes) {
    throw new HttpError(
      'HTTP.PAYLOAD_TOO_LARGE',
      `The upload is larger than ${mib(spec.maxBytes)}.`,
    );
  }
  const header = headerOf(request, 'content-type');
  const type = mediaTypeOf(header);
  const accepted = `${spec.contentTypes.join(' or ')}, or ${MULTIPART} with the file in field "${spec.field}"`;
  const bytes =
    typeof request.body === 'string'
      ? Buffer.from(request.body, 'utf8')
      : (request.body ?? new Uint8Array());
  if (spec.contentTypes.some((accepted) => mediaTypeMatches(accepted, type))) {
    return { bytes, contentType: type };
  }
  if (type !== MULTIPART) {
    throw new HttpError(
      'HTTP.UNSUPPORTED_MEDIA_TYPE',
      `Send the file as ${accepted}${type ? `, not ${type}` : ''}.`,
    );
  }
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': header ?? '' } }).formData();
  } catch (error) {
    throw new HttpError(
      'HTTP.BAD_REQUEST',
      `The multipart body cannot be read: ${(error as Error).message}`,
    );
  }
  const part = form.get(spec.field);
  if (!part || typeof part === 'string') {
    throw new ValidationError([
      { path: `body.${spec.field}`, message: `Expected a file in form field "${spec.field}"` },
    ]);
  }
  return {
    bytes: new Uint8Array(await part.arrayBuffer()),
    contentType: mediaTypeOf(part.type) || 'application/octet-stream',
    filename: part.name,
  };
};
