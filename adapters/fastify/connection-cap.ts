import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { HttpError } from '../http/error-table';
import type { HttpApi } from '../http/http-api';
import { rawResponse } from './transport-errors';

/**
 * At most `max` open connections per client address: one client cannot hold every socket of
 * the server (slow bodies until the deadline, idle keep-alives). A connection past the cap
 * gets a 429 in the error shape and is closed. It counts the socket's address even when
 * TRUST_PROXY is set: a connection is counted as it opens, before any X-Forwarded-For has
 * arrived, and one proxy connection carries many clients. Behind a proxy every client shares
 * its address: raise the cap or turn it off (0) there, where the proxy limits clients itself.
 */
export const capConnectionsPerAddress = (server: Server, api: HttpApi, max: number): void => {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      const response = api.transportError(new HttpError('HTTP.TOO_MANY_CONNECTIONS'), {});
      response.headers['retry-after'] = '1';
      socket.end(rawResponse(response));
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
};
