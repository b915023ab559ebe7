import type {
  HttpRequest as AzureHttpRequest,
  HttpResponseInit as AzureHttpResponseInit,
  Cookie,
  HttpHandler,
  InvocationContext,
} from '@azure/functions';
import { HttpError } from '../../http/error-table';
import { type HttpApi, MAX_BODY_BYTES } from '../../http/http-api';
import type { HttpRequest, HttpResponse } from '../../http/http-types';
import { withInvocation } from './invocation-logger';

/**
 * Reads the body up to one byte past the limit: enough for adapters/http to answer 413
 * (as Fastify does at its body limit) without holding a 100 MB upload in memory.
 */
const readBody = async (
  request: AzureHttpRequest,
  limit: number,
): Promise<Uint8Array | undefined> => {
  if (!request.body) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of request.body as AsyncIterable<Uint8Array>) {
      const room = limit + 1 - size;
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      size += part.byteLength;
      if (size > limit) break;
    }
  } catch {
    throw new HttpError('HTTP.BAD_REQUEST', 'The request body could not be read.');
  }
  return size === 0 ? undefined : Buffer.concat(chunks, size);
};

/**
 * Azure HttpRequest -> the neutral request. Headers come lower-case and joined (a fetch
 * Headers object); repeated query parameters become arrays, as on the other doors; the body
 * stays bytes so JSON and binary are read by adapters/http alike. The invocation id is the
 * request id whenever the client sent none.
 */
export const azureRequestToRequest = async (
  request: AzureHttpRequest,
  context: InvocationContext,
  /** The largest body any route takes (uploads take more than JSON routes). */
  maxBodyBytes = MAX_BODY_BYTES,
): Promise<HttpRequest> => {
  const query: HttpRequest['query'] = {};
  for (const [name, value] of request.query) {
    const seen = query[name];
    query[name] =
      seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  const headers: HttpRequest['headers'] = {};
  for (const [name, value] of request.headers) headers[name] = value;
  return {
    method: request.method.toUpperCase(),
    path: new URL(request.url).pathname,
    query,
    headers,
    body: await readBody(request, maxBodyBytes),
    platformRequestId: context.invocationId,
  };
};

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

/**
 * A Set-Cookie value as the Functions host wants it: an object (the host writes the header).
 * Attributes the host has no field for (Partitioned, Priority) are dropped.
 */
export const setCookieToAzure = (setCookie: string): Cookie => {
  const [pair = '', ...attributes] = setCookie.split(';');
  const at = pair.indexOf('=');
  const cookie: Cookie = {
    name: (at === -1 ? '' : pair.slice(0, at)).trim(),
    value: (at === -1 ? pair : pair.slice(at + 1)).trim(),
  };
  for (const attribute of attributes) {
    const [rawName = '', ...rest] = attribute.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'domain') cookie.domain = value;
    else if (name === 'path') cookie.path = value;
    else if (name === 'expires') cookie.expires = new Date(value);
    else if (name === 'max-age') cookie.maxAge = Number(value);
    else if (name === 'secure') cookie.secure = true;
    else if (name === 'httponly') cookie.httpOnly = true;
    else if (name === 'samesite') {
      cookie.sameSite = SAME_SITE[value.toLowerCase() as keyof typeof SAME_SITE];
    }
  }
  return cookie;
};

/** The neutral response -> Azure HttpResponseInit; a binary body is passed as bytes, untouched. */
export const responseToAzure = (response: HttpResponse): AzureHttpResponseInit => ({
  status: response.status,
  headers: response.headers,
  ...(response.body === undefined ? {} : { body: response.body }),
  ...(response.cookies?.length ? { cookies: response.cookies.map(setCookieToAzure) } : {}),
});

/**
 * The HTTP door: translate, let adapters/http decide, translate back. An error in the
 * translation itself still gets the error shape with the invocation id, never the host's page.
 */
export const azureHttpHandler =
  (api: HttpApi): HttpHandler =>
  (request, context) =>
    withInvocation(context, async () => {
      let response: HttpResponse;
      try {
        response = await api.handle(
          await azureRequestToRequest(request, context, api.maxBodyBytes),
        );
      } catch (error) {
        response = api.errorResponse(error, context.invocationId);
        response.headers['x-request-id'] = context.invocationId;
      }
      return responseToAzure(response);
    });
