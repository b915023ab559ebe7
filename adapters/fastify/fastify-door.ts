import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/error-table';
import { type HttpApi, MAX_BODY_BYTES } from '../http/http-api';
import type { HttpRequest, HttpResponse } from '../http/http-types';

export const fastifyToRequest = (request: FastifyRequest): HttpRequest => {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const queryAt = request.url.indexOf('?');
  return {
    method: request.method,
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    query: request.query as HttpRequest['query'],
    headers,
    body: request.body as Buffer | undefined,
  };
};

export const responseToFastify = (response: HttpResponse, reply: FastifyReply): FastifyReply => {
  reply.code(response.status).headers(response.headers);
  if (response.cookies?.length) reply.header('set-cookie', response.cookies);
  return reply.send(response.body);
};

/** Fastify's own errors that come before our handler (body limits, broken headers), by status. */
const fastifyErrorCode = (error: FastifyError) =>
  error.statusCode === 413
    ? 'HTTP.PAYLOAD_TOO_LARGE'
    : error.statusCode === 415
      ? 'HTTP.UNSUPPORTED_MEDIA_TYPE'
      : 'HTTP.BAD_REQUEST';

/**
 * Mounts the transport-neutral API on Fastify: one catch-all route, bodies kept raw
 * so adapters/http parses them exactly as on the other doors. Fastify only
 * translates; it decides nothing.
 */
export const mountHttpApi = (app: FastifyInstance, api: HttpApi): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (_req, body, done) => done(null, body),
  );
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    responseToFastify(await api.handle(fastifyToRequest(request)), reply);
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/*',
    handler,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = request.headers['x-request-id'];
    const id = typeof requestId === 'string' && requestId ? requestId : request.id;
    const failure =
      error.statusCode !== undefined && error.statusCode < 500
        ? new HttpError(fastifyErrorCode(error), error.message)
        : error;
    const response = api.errorResponse(failure, id);
    response.headers['x-request-id'] = id;
    return responseToFastify(response, reply);
  });
};
