import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, type HttpErrorCode } from '../http/error-table';
import type { HttpApi } from '../http/http-api';
import type { HttpResponse } from '../http/http-types';

/** What Node's HTTP parser refused, by its error code (llhttp's HPE_*, Node's ERR_*). */
const parserErrorCode = (code: string | undefined): HttpErrorCode => {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'HTTP.HEADERS_TOO_LARGE';
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return 'HTTP.BAD_CONTENT_LENGTH';
    case 'HPE_INVALID_METHOD':
      return 'HTTP.UNKNOWN_METHOD';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'HTTP.REQUEST_TIMEOUT';
    default:
      return 'HTTP.BAD_REQUEST';
  }
};

/** Fastify's routing errors, raised before any route runs. */
const frameworkErrorCode = (code: string | undefined): HttpErrorCode =>
  code === 'FST_ERR_BAD_URL'
    ? 'HTTP.BAD_URL'
    : code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'HTTP.URI_TOO_LONG'
      : 'HTTP.BAD_REQUEST';

/** A response written straight to a socket whose request Node could not parse. */
export const rawResponse = (response: HttpResponse): string => {
  const body = typeof response.body === 'string' ? response.body : '';
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  for (const [name, value] of Object.entries(response.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close');
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
};

/** Long paths are cut in log lines: the attacker chose them. */
export const loggedPath = (url: string) => {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
};

/**
 * Fastify options that make what Node and Fastify refuse before our routes answer in our error
 * shape, with a request id and an access line, instead of Fastify's own body: a request the
 * parser cannot read (431, a bad or doubled Content-Length, CL with TE, an unknown method, the
 * body deadline) and a URL the router cannot decode or whose parameter is too long.
 */
export const transportErrorOptions = (api: HttpApi) => ({
  clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
    // A reset socket has no one to answer (https://nodejs.org/api/http.html#event-clienterror).
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const response = api.transportError(new HttpError(parserErrorCode(error.code)), {});
    if (socket.writable) socket.end(rawResponse(response));
    else socket.destroy();
  },
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const response = api.transportError(new HttpError(frameworkErrorCode(error.code)), {
      method: request.method,
      path: loggedPath(request.url),
      requestId: request.headers['x-request-id'],
    });
    reply.code(response.status).headers(response.headers).send(response.body);
  },
});
