import { randomUUID } from 'node:crypto';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveFeed, LiveRole } from '../../domain/live';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { LivePush } from '../../ports/live-push.port';
import type { Logger } from '../../ports/logger.port';
import { decideLiveHandshake, LIVE_SUBPROTOCOL } from '../http/auth/live-handshake';
import type { Authenticator } from '../http/auth/principal';
import { HttpError } from '../http/error-table';
import type { HttpApi } from '../http/http-api';
import { loggedPath } from './transport-errors';

/** Close codes (RFC 6455 §7.4.1, IANA registry): going away, policy, and try again later. */
const GOING_AWAY = 1001;
const POLICY_VIOLATION = 1008;
const TRY_AGAIN_LATER = 1013;

/** A frame larger than this closes the socket (1009): a sendMessage's data is at most 32 KiB. */
const MAX_FRAME_BYTES = 64 * 1024;

export interface LiveSocketOptions {
  /** The feed over this server's push (its sockets, in this process). */
  feedWith(push: LivePush): LiveFeed;
  /** The HTTP API's credential check; undefined when AUTH is off (every client is `open`). */
  authenticator: Authenticator | undefined;
  /** Refusals answer in the API's error shape. */
  api: HttpApi;
  logger: Logger;
  /** A client whose unsent frames exceed this is closed with 1013 and forgotten. */
  maxBufferedBytes: number;
  /**
   * How long a dropped client (or any client at shutdown) has to read what was sent and the
   * close frame before its socket is destroyed: one that stopped reading would otherwise hold
   * its buffer, and the server's close, until ws's 30 s close timeout.
   */
  closeGraceMs?: number;
  /**
   * Every this often each socket is pinged; one that has not answered the previous ping is
   * destroyed: a peer gone without a FIN (a dropped network) would otherwise stay listed.
   */
  heartbeatMs?: number;
}

export interface LiveSocket {
  /** Hands a committed event to the feed; never throws (the feed is best-effort). */
  deliver(event: DomainEvent): Promise<void>;
}

/** Closes a socket politely, and destroys it if the close handshake does not finish in time. */
const closeWithin = (socket: WebSocket, code: number, reason: string, graceMs: number) =>
  new Promise<void>((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    setTimeout(() => socket.terminate(), graceMs).unref();
    socket.close(code, reason);
  });

/**
 * The server's door to the live feed: GET /ws upgraded by @fastify/websocket (ws underneath, the
 * WebSocket server Node's ecosystem relies on). The handshake is checked in preValidation, so a
 * refused client gets an HTTP 401/403 in the error shape and no socket. Frames go out with
 * `send`, never awaited: a client whose buffer passes the bound is closed with 1013 and
 * forgotten, and delivery to the others never waits for it.
 */
export const mountLiveSocket = async (
  app: FastifyInstance,
  options: LiveSocketOptions,
): Promise<LiveSocket> => {
  const graceMs = options.closeGraceMs ?? 2000;
  const sockets = new Map<string, WebSocket>();
  const roles = new WeakMap<FastifyRequest, LiveRole>();

  const push: LivePush = {
    post: async (id, frame) => {
      const socket = sockets.get(id);
      if (!socket || socket.readyState !== socket.OPEN) return 'gone';
      if (socket.bufferedAmount > options.maxBufferedBytes) {
        sockets.delete(id);
        options.logger.warn(
          { connectionId: id, bufferedBytes: socket.bufferedAmount },
          'live client dropped: it is not reading its frames',
        );
        void closeWithin(socket, TRY_AGAIN_LATER, 'send buffer full', graceMs);
        return 'gone';
      }
      socket.send(frame);
      return 'sent';
    },
  };
  const feed = options.feedWith(push);

  const answered = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const [id, socket] of sockets) {
      if (!answered.delete(socket)) {
        options.logger.warn({ connectionId: id }, 'live client dropped: it answered no ping');
        socket.terminate();
      } else socket.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  // Before the plugin's own preClose (which only starts a close handshake): a client that
  // stopped reading never answers it, and Fastify's close would wait for that socket.
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    await Promise.all(
      [...sockets.values()].map((socket) =>
        closeWithin(socket, GOING_AWAY, 'server shutting down', graceMs),
      ),
    );
  });
  await app.register(websocket, {
    options: {
      maxPayload: MAX_FRAME_BYTES,
      // The client offers `live.v1, bearer.<credential>`: the credential is never echoed back.
      handleProtocols: (offered) => (offered.has(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : false),
    },
  });

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: HttpError) => {
    const response = options.api.transportError(error, {
      method: request.method,
      path: loggedPath(request.url),
      requestId: request.headers['x-request-id'],
      fallbackId: request.id,
    });
    return reply.code(response.status).headers(response.headers).send(response.body);
  };

  app.route({
    method: 'GET',
    url: '/ws',
    preValidation: async (request, reply) => {
      const { token } = request.query as { token?: unknown };
      const decision = await decideLiveHandshake(options.authenticator, {
        token: typeof token === 'string' ? token : undefined,
        protocols: request.headers['sec-websocket-protocol'],
      });
      if (!decision.accepted) return refuse(request, reply, new HttpError(decision.code));
      roles.set(request, decision.role);
    },
    // A plain GET (no Upgrade): nothing to serve but the hint.
    handler: (request, reply) =>
      refuse(
        request,
        reply,
        new HttpError('HTTP.BAD_REQUEST', 'GET /ws is a WebSocket endpoint: send an Upgrade.'),
      ),
    wsHandler: (socket, request) => {
      const role = roles.get(request);
      // preValidation decided before the upgrade; without its decision nothing is allowed.
      if (role === undefined) return socket.close(POLICY_VIOLATION, 'not authenticated');
      const id = randomUUID();
      sockets.set(id, socket);
      answered.add(socket);
      socket.on('pong', () => answered.add(socket));
      const log = (error: unknown) =>
        options.logger.error({ err: error, connectionId: id }, 'live feed call failed');
      // Frames are handled in arrival order, after the connection is registered.
      let queue = feed.connect(id, role).then(() => undefined, log);
      socket.on('message', (data) => {
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
        queue = queue.then(() => feed.receive(id, text)).catch(log);
      });
      socket.on('close', () => {
        sockets.delete(id);
        queue = queue.then(() => feed.disconnect(id)).catch(log);
      });
    },
  });

  return {
    deliver: async (event) => {
      try {
        await feed.deliver(event);
      } catch (error) {
        options.logger.error({ err: error, eventId: event.id }, 'live delivery failed');
      }
    },
  };
};
