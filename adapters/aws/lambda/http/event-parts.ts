import { HttpError } from '../../../http/error-table';
import type { HttpRequest } from '../../../http/http-types';
import { isRecord } from './detect-event';

/** What every translator throws on a field it cannot read: answered with 400, never a crash. */
export const malformedEvent = (problem: string): HttpError =>
  new HttpError('HTTP.BAD_REQUEST', `The event could not be read: ${problem}.`);

/** A map of strings (headers, query, path parameters); null or absent is empty. */
export const readStringMap = (
  value: unknown,
  field: string,
): Record<string, string | undefined> | undefined => {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) throw malformedEvent(`${field} must be an object`);
  for (const key in value) {
    const item = value[key];
    if (typeof item !== 'string' && item !== null && item !== undefined) {
      throw malformedEvent(`${field}.${key} must be a string`);
    }
  }
  return value as Record<string, string | undefined>;
};

/** A map of string lists (multiValueHeaders, multiValueQueryStringParameters). */
export const readListMap = (
  value: unknown,
  field: string,
): Record<string, string[] | undefined> | undefined => {
  if (value === null || value === undefined) return undefined;
  if (!isRecord(value)) throw malformedEvent(`${field} must be an object`);
  for (const key in value) {
    const list = value[key];
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) throw malformedEvent(`${field}.${key} must be a list of strings`);
    for (let at = 0; at < list.length; at += 1) {
      if (typeof list[at] !== 'string') {
        throw malformedEvent(`${field}.${key} must be a list of strings`);
      }
    }
  }
  return value as Record<string, string[] | undefined>;
};

type Headers = HttpRequest['headers'];

/**
 * A neutral request whose headers stay in the event until read. A REST API event carries every
 * header twice in the client's case, and copying them under lower-case names cost a fifth of an
 * invocation, while the request path reads only two or three names (`x-request-id`, `origin`,
 * `content-type`): `header(name)` looks one up in the event, and `headers` is built on first
 * read (a route that reads If-Match) and then answers every lookup. The event is checked when
 * translated, so a malformed one is still refused before the API runs. The base path is read
 * from the event the same way, on first use: only an answer with a Location needs it.
 */
export abstract class LazyHeadersRequest implements HttpRequest {
  private built: Headers | undefined;
  private base: string | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: HttpRequest['query'],
    readonly body: HttpRequest['body'],
    readonly platformRequestId: string | undefined,
  ) {}

  get headers(): Headers {
    this.built ??= this.buildHeaders();
    return this.built;
  }

  header(name: string): string | undefined {
    return this.built === undefined ? this.findHeader(name) : this.built[name];
  }

  get basePath(): string {
    this.base ??= this.findBasePath();
    return this.base;
  }

  /** Every header under its lower-case name. */
  protected abstract buildHeaders(): Headers;
  /** What `buildHeaders()[name]` would hold, without building it. */
  protected abstract findHeader(name: string): string | undefined;
  /** The stage or base path the client's URL carried before `path` (see HttpRequest). */
  protected abstract findBasePath(): string;
}

/**
 * Whether an event's header name folds to `lowerName`. Header names are ASCII tokens (RFC 9110
 * §5.1), whose lower case has the same length: most names are passed over on their length.
 */
export const namesHeader = (name: string, lowerName: string): boolean =>
  name.length === lowerName.length && lowerCaseName(name) === lowerName;

const lowerNames = new Map<string, string>();
const MAX_REMEMBERED_NAMES = 512;

/**
 * Header names, lower-cased once per distinct name. A fresh `toLowerCase()` string is a
 * new property key every time, which costs V8 a hash and a lookup on each use; the
 * remembered one is already internalized. Bounded, so odd names cannot grow it forever.
 */
export const lowerCaseName = (name: string): string => {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size < MAX_REMEMBERED_NAMES) lowerNames.set(name, lower);
  }
  return lower;
};

/** Base64 bodies (binary media types, function URLs) are decoded to bytes; text stays text. */
export const readBody = (body: unknown, isBase64Encoded: unknown): HttpRequest['body'] => {
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') {
    throw malformedEvent('isBase64Encoded must be a boolean');
  }
  if (body === null || body === undefined) return undefined;
  if (typeof body !== 'string') throw malformedEvent('body must be a string or null');
  return isBase64Encoded ? Buffer.from(body, 'base64') : body;
};

/** Characters a path segment may carry unencoded (RFC 3986 §3.3 pchar), plus `/`. */
const PATH_SAFE = /^[\w\-.~!$&'()*+,;=:@/]*$/;

const encodePath = (value: string) =>
  PATH_SAFE.test(value) ? value : value.split('/').map(encodeURIComponent).join('/');

const TEMPLATE_PARAM = /\{([^}+]+)\+?\}/g;

/**
 * The path relative to the API, rebuilt from the matched route template (`/{proxy+}`,
 * `/users/{id}`) and its parameters. Unlike `path`, this carries neither the stage nor a
 * custom domain's base-path mapping (awslabs/aws-serverless-express#216). Parameters
 * arrive decoded, so they are encoded again: the neutral path is percent-encoded.
 * Undefined when the template is not a path or a parameter is missing.
 */
export const pathFromTemplate = (
  template: unknown,
  parameters: Record<string, string | undefined> | undefined,
): string | undefined => {
  if (typeof template !== 'string' || !template.startsWith('/')) return undefined;
  if (!template.includes('{')) return template;
  if (template === '/{proxy+}') {
    // The shape every proxy integration has: no need for the general replace.
    const proxy = parameters?.proxy;
    return proxy === undefined ? undefined : `/${encodePath(proxy)}`;
  }
  let missing = false;
  const path = template.replace(TEMPLATE_PARAM, (_, name: string) => {
    const value = parameters?.[name];
    if (value === undefined) missing = true;
    return value === undefined ? '' : encodePath(value);
  });
  return missing ? undefined : path;
};

const decoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/**
 * Where in `raw`, a path as the client sent it, the path `routed` begins: the shortest suffix of
 * `raw` that decodes to what `routed` decodes to, so a segment escaped differently on each side
 * (`%2C` against `,`) still matches. -1 when no suffix does.
 */
export const suffixAt = (raw: string, routed: string): number => {
  const target = decoded(routed);
  if (target === undefined) return -1;
  for (let at = raw.lastIndexOf('/'); at !== -1; at = raw.lastIndexOf('/', at - 1)) {
    if (decoded(raw.slice(at)) === target) return at;
    if (at === 0) break;
  }
  return -1;
};

const withoutTrailingSlash = (path: string) => (path.endsWith('/') ? path.slice(0, -1) : path);

/**
 * What the path the client called carried before the path the API routes: `/prod` for
 * `/prod/users/42` routed as `/users/42`, '' when they are the same or `called` does not end
 * with `routed`. A trailing slash is ignored on both sides: `{proxy+}` drops the client's.
 */
export const prefixBefore = (called: unknown, routed: string): string => {
  if (typeof called !== 'string') return '';
  const full = withoutTrailingSlash(called);
  const tail = withoutTrailingSlash(routed);
  let at = full.endsWith(tail) ? full.length - tail.length : -1;
  if (at === -1 && tail !== '') at = suffixAt(full, tail);
  return at > 0 && full.startsWith('/') ? full.slice(0, at) : '';
};

/** `/prod/users` -> `/users` for prefix `/prod`; anything else unchanged. */
export const stripPrefix = (path: string, prefix: string | undefined): string => {
  if (!prefix || prefix === '/') return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
};

/**
 * A path as sent without a named stage (`/dev/users` on stage `dev`; `$default` names none)
 * and a custom domain's base path: the route path, when no route template gives it.
 */
export const withoutStageAndBase = (
  path: string,
  stage: unknown,
  basePath: string | undefined,
): string =>
  stripPrefix(
    typeof stage === 'string' && stage !== '$default' ? stripPrefix(path, `/${stage}`) : path,
    basePath,
  );

/** Bytes go out base64 with `isBase64Encoded`; API Gateway decodes them for the client. */
export const encodeResponseBody = (
  body: string | Uint8Array | undefined,
): { body: string; isBase64Encoded: boolean } => {
  if (body === undefined) return { body: '', isBase64Encoded: false };
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  const bytes = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { body: bytes.toString('base64'), isBase64Encoded: true };
};
