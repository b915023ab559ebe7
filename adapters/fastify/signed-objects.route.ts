import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../ports/logger.port';
import type { ObjectInfo, ObjectStore } from '../../ports/object-store.port';
import { type AccessLog, wantsAccessLine } from '../http/access-log';
import { httpErrors } from '../http/error-table';
import { requestIdFrom } from '../http/http-api';

export type SignedObjectUrlVerdict = 'valid' | 'expired' | 'invalid';

/**
 * Tells whether `expires` and `signature` from a URL's query were signed for `key` and are
 * still in date. The store that signs the URLs provides it (apps/server wires it in), so this
 * door needs no knowledge of the signing scheme and imports no other adapter family.
 */
export type SignedObjectUrlVerifier = (
  key: string,
  expires: string | undefined,
  signature: string | undefined,
) => SignedObjectUrlVerdict;

export interface SignedObjectsRouteOptions {
  objects: Pick<ObjectStore, 'get' | 'head'>;
  verify: SignedObjectUrlVerifier;
  /** Where its access lines go, by the same ACCESS_LOG rule as the API's (errors by default). */
  logger: Logger;
  accessLog?: AccessLog;
  /** True once shutdown began: the response then asks the client to close its connection. */
  closing?: () => boolean;
}

const PREFIX = '/objects/';

/** Served only by the server (the filesystem store's links); codes from the one catalogue. */
const failure = (code: 'OBJECT.URL_INVALID' | 'OBJECT.URL_EXPIRED' | 'OBJECT.NOT_FOUND') => ({
  status: httpErrors[code]!.status,
  code,
  message: httpErrors[code]!.description,
});
const failures = {
  invalid: failure('OBJECT.URL_INVALID'),
  expired: failure('OBJECT.URL_EXPIRED'),
  missing: failure('OBJECT.NOT_FOUND'),
} as const;

/** The key a `/objects/<segments>` URL names, each segment percent-decoded; undefined if malformed. */
export const objectKeyFromUrl = (url: string): string | undefined => {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (!path.startsWith(PREFIX)) return undefined;
  try {
    return path.slice(PREFIX.length).split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
};

const requestIdOf = (request: FastifyRequest): string =>
  requestIdFrom(request.headers['x-request-id'], request.id);

const queryValue = (value: unknown) => (typeof value === 'string' ? value : undefined);

const objectHeaders = (info: ObjectInfo) => ({
  'content-type': info.contentType,
  'content-length': String(info.size),
  etag: info.etag,
  'last-modified': info.lastModified.toUTCString(),
  // Uploaded content is served from the API's own origin: never let a browser sniff it into
  // HTML or run it as a page there.
  'x-content-type-options': 'nosniff',
  'content-security-policy': 'sandbox',
  // The link carries its signature: a page it is opened from must not pass it on.
  'referrer-policy': 'no-referrer',
});

/**
 * GET (and HEAD) /objects/<key>?expires=&signature=: serves the URLs a filesystem object
 * store presigns. Server-only: a filesystem store exists only behind the embedded server's
 * door, and cloud stores (S3, Blob) serve their own presigned URLs. The body is streamed
 * from the store, never buffered.
 */
export const signedObjectsRoute: FastifyPluginAsync<SignedObjectsRouteOptions> = async (
  app,
  { objects, verify, closing, logger, accessLog },
) => {
  const fail = (reply: FastifyReply, failure: (typeof failures)[keyof typeof failures]) =>
    reply
      .code(failure.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        JSON.stringify({
          error: { code: failure.code, message: failure.message },
          requestId: reply.getHeader('x-request-id'),
        }),
      );

  // Mounted outside adapters/http, so it writes the same access line itself.
  app.addHook('onResponse', async (request, reply) => {
    if (!wantsAccessLine(accessLog ?? 'errors', reply.statusCode, reply.elapsedTime)) return;
    logger.info(
      {
        requestId: reply.getHeader('x-request-id'),
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: `${PREFIX}*`,
    handler: async (request, reply) => {
      reply.header('x-request-id', requestIdOf(request));
      if (closing?.()) reply.header('connection', 'close');
      const query = request.query as Record<string, unknown>;
      const key = objectKeyFromUrl(request.url);
      if (key === undefined) return fail(reply, failures.invalid);
      const verdict = verify(key, queryValue(query.expires), queryValue(query.signature));
      if (verdict !== 'valid') return fail(reply, failures[verdict]);

      if (request.method === 'HEAD') {
        const info = await objects.head(key);
        if (!info) return fail(reply, failures.missing);
        return reply.code(200).headers(objectHeaders(info)).send();
      }
      const found = await objects.get(key);
      if (!found) return fail(reply, failures.missing);
      const { info, body } = found;
      return reply
        .code(200)
        .headers(objectHeaders(info))
        .send(body instanceof Readable ? body : Readable.from(body));
    },
  });
};
