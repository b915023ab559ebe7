/** A domain event as the live feed delivers it (docs: the live feed protocol). */
export interface LiveEvent {
  id: string;
  type: string;
  occurredAt: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
}

export type LiveStatus = 'connecting' | 'live' | 'retrying';

/**
 * What the feed needs of a WebSocket: the browser's, or `ws` in the tests. The handlers' event
 * types are the feed's to choose (`never` here), so both sockets fit as they are.
 */
export interface LiveSocket {
  onopen: ((event: never) => unknown) | null;
  onmessage: ((message: never) => unknown) | null;
  onclose: ((closed: never) => unknown) | null;
  send(data: string): void;
  close(code?: number): void;
}
export type OpenSocket = (url: string, protocols: string[]) => LiveSocket;

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  onStatus(status: LiveStatus, detail?: string): void;
}

const MAX_DELAY_MS = 30_000;
/** API Gateway closes a WebSocket idle for 10 minutes: the subscription is sent again before. */
const KEEPALIVE_MS = 4 * 60_000;
const SUBSCRIBE = JSON.stringify({ action: 'subscribe', types: ['*'] });
/** Delivery is at-least-once: ids already shown are remembered, up to this many. */
const SEEN_LIMIT = 1000;

/**
 * The live feed over a WebSocket, subscribed to every event type. A browser cannot set an
 * Authorization header on a WebSocket, so the credential rides as a subprotocol
 * (`live.v1, bearer.<key>`); the door selects `live.v1` and never echoes the key. Reconnects with
 * exponential backoff and jitter, so a restarted server is not stampeded by its consoles.
 */
export const connectLive = (
  url: string,
  key: string,
  handlers: LiveHandlers,
  openSocket: OpenSocket,
): (() => void) => {
  let socket: LiveSocket | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let keepalive: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  let live = false;
  const seen = new Set<string>();

  const open = () => {
    handlers.onStatus('connecting');
    live = false;
    socket = openSocket(url, ['live.v1', `bearer.${key}`]);
    socket.onopen = () => {
      socket?.send(SUBSCRIBE);
      keepalive = setInterval(() => socket?.send(SUBSCRIBE), KEEPALIVE_MS);
    };
    socket.onmessage = (message: { data: unknown }) => {
      let frame: { type?: string; event?: LiveEvent; error?: { message?: string } };
      try {
        frame = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (frame.type === 'subscribed') {
        attempt = 0;
        if (!live) handlers.onStatus('live');
        live = true;
      } else if (frame.type === 'event' && frame.event) {
        if (seen.has(frame.event.id)) return;
        seen.add(frame.event.id);
        if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
        handlers.onEvent(frame.event);
      } else if (frame.type === 'error') {
        handlers.onStatus('live', frame.error?.message);
      }
    };
    socket.onclose = (closed: { code: number; reason: string }) => {
      socket = undefined;
      clearInterval(keepalive);
      if (stopped) return;
      const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      handlers.onStatus(
        'retrying',
        `closed (${closed.code}${closed.reason ? `: ${closed.reason}` : ''}); retrying in ${Math.round(delay / 1000)} s`,
      );
      timer = setTimeout(open, delay);
    };
  };

  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(keepalive);
    socket?.close(1000);
  };
};
