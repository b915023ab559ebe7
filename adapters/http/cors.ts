import { type HttpRequest, headerOf } from './http-types';

export interface CorsOptions {
  /** Exact origins allowed, or `*` for any. Empty: no CORS headers at all. */
  origins: readonly string[];
  maxAgeSeconds?: number;
}

/**
 * The request headers a cross-origin client may send: the admin console sends `x-api-key` (an
 * API Gateway usage-plan key) beside its bearer key, so a door whose preflight this policy answers
 * must allow it too. The REST API's own preflight answers with the same list (the CDK stack).
 */
export const CORS_ALLOW_HEADERS = [
  'content-type',
  'if-match',
  'x-request-id',
  'authorization',
  'x-api-key',
] as const;
/** The response headers a cross-origin client may read. */
export const CORS_EXPOSE_HEADERS = ['etag', 'location', 'x-request-id'] as const;

const ALLOW_HEADERS = CORS_ALLOW_HEADERS.join(', ');
const EXPOSE_HEADERS = CORS_EXPOSE_HEADERS.join(', ');

/**
 * CORS decided once for every door (Fetch standard §3.2). Returns the headers to add
 * and whether the request is a preflight to answer on the spot.
 */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly allowed: ReadonlySet<string>;
  private readonly maxAge: string;

  constructor(options: CorsOptions) {
    this.any = options.origins.includes('*');
    this.allowed = new Set(options.origins);
    this.maxAge = String(options.maxAgeSeconds ?? 600);
  }

  /** Undefined when the request is not cross-origin or its origin is not allowed. */
  headersFor(
    request: HttpRequest,
    allowMethods: (path: string) => string,
  ): { headers: Record<string, string>; preflight: boolean } | undefined {
    const origin = headerOf(request, 'origin');
    if (!origin || !(this.any || this.allowed.has(origin))) return undefined;
    const headers: Record<string, string> = {
      'access-control-allow-origin': this.any ? '*' : origin,
      'access-control-expose-headers': EXPOSE_HEADERS,
    };
    if (!this.any) headers.vary = 'Origin';
    const preflight =
      request.method === 'OPTIONS' &&
      headerOf(request, 'access-control-request-method') !== undefined;
    if (preflight) {
      headers['access-control-allow-methods'] = allowMethods(request.path);
      headers['access-control-allow-headers'] = ALLOW_HEADERS;
      headers['access-control-max-age'] = this.maxAge;
    }
    return { headers, preflight };
  }
}
