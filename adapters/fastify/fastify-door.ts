import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/error-table';
import { type HttpApi, MAX_BODY_BYTES, requestIdFrom } from '../http/http-api';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { loggedPath } from './transport-errors';

/**
 * Node already lower-cases header names and joins repeated request headers with ", "
 * (only set-cookie stays an array, and clients do not send it), so the object is
 * used as is rather than copied on every request.
 */
export const fastifyToRequest = (request: FastifyRequest): HttpRequest => {
  const queryAt = request.url.indexOf('?');
  return {
    method: request.method,
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    query: request.query as HttpRequest['query'],
    headers: request.headers as HttpRequest['headers'],
    body: request.body as Buffer | undefined,
    // Fastify's id (see genReqId in apps/server): one id per request, shared with its own logs.
    platformRequestId: request.id,
  };
};

export const responseToFastify = (response: HttpResponse, reply: FastifyReply): FastifyReply => {
  reply.code(response.status).headers(response.headers);
  if (response.cookies?.length) reply.header('set-cookie', response.cookies);
  return reply.send(response.body);
};

/** Fastify's own errors that come before our handler (body limits, broken headers), by status. */
const fastifyErrorCode = (error: FastifyError) =>
  error.statusCode === 429
    ? 'RATE.LIMITED'
    : error.statusCode === 413
      ? 'HTTP.PAYLOAD_TOO_LARGE'
      : error.statusCode === 415
        ? 'HTTP.UNSUPPORTED_MEDIA_TYPE'
        : 'HTTP.BAD_REQUEST';

export interface MountOptions {
  /**
   * True once shutdown began. Node closes only the sockets idle at close(); a keep-alive
   * socket whose request was in flight would hold the process until the client's
   * timeout, so its response tells the client to go.
   */
  closing?: () => boolean;
}

/**
 * Mounts the transport-neutral API on Fastify. Each route of the table is registered
 * natively, so Fastify's router matches once; anything else (unknown paths, wrong
 * methods, CORS preflights) goes to the API's own matcher for the same answers as
 * on the other doors. Bodies stay raw so adapters/http parses them as everywhere.
 * Fastify only translates; it decides nothing.
 */
export const mountHttpApi = (
  app: FastifyInstance,
  api: HttpApi,
  options: MountOptions = {},
): void => {
  const closing = options.closing ?? (() => false);
  const send = (response: HttpResponse, reply: FastifyReply) => {
    if (closing()) response.headers.connection = 'close';
    return responseToFastify(response, reply);
  };

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (_req, body, done) => done(null, body),
  );
  for (const route of api.routes) {
    app.route({
      method: route.method,
      url: route.path,
      ...(route.upload ? { bodyLimit: route.upload.maxBytes } : {}),
      handler: (request, reply) =>
        api
          .handleMatched(route, request.params, fastifyToRequest(request))
          .then((response) => send(response, reply)),
    });
  }
  app.setNotFoundHandler(async (request, reply) =>
    send(await api.handle(fastifyToRequest(request)), reply),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.statusCode !== undefined && error.statusCode < 500) {
      // Body limits, unreadable bodies: the client's fault, answered and logged as any 4xx.
      return send(
        api.transportError(new HttpError(fastifyErrorCode(error), error.message), {
          method: request.method,
          path: loggedPath(request.url),
          requestId: request.headers['x-request-id'],
          fallbackId: request.id,
        }),
        reply,
      );
    }
    // The same rule as every other answer: only a safe id is echoed (a 413 echoed <script>).
    const id = requestIdFrom(request.headers['x-request-id'], request.id);
    const response = api.errorResponse(error, id);
    response.headers['x-request-id'] = id;
    return send(response, reply);
  });
};
