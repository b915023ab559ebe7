import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: frames are asserted field by field
export type Frame = any;

const connected = (ws: WebSocket) => {
  const frames: Frame[] = [];
  const waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    const waiter = waiters.find((w) => w.match(frame));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return {
    ws,
    frames,
    closed,
    send: (message: unknown) =>
      ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (match: (frame: Frame) => boolean = () => true): Promise<Frame> => {
      const index = frames.findIndex(match);
      if (index >= 0) return Promise.resolve(frames.splice(index, 1)[0]);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    /** Subscribes and waits for the reply. */
    subscribe: async function (types: string[]) {
      this.send({ action: 'subscribe', types });
      return this.next((frame) => frame.type === 'subscribed');
    },
    close: async () => {
      ws.close();
      await closed;
    },
  };
};

export type LiveClient = ReturnType<typeof connected>;

/** The HTTP answer to a refused handshake: its status and error body. */
export interface RefusedHandshake {
  status: number;
  body: Frame;
}

/**
 * A live-feed client over a real socket (the `ws` package), or the HTTP answer that refused
 * it. Every frame it receives is kept; `next` waits for the first one not yet taken that matches.
 */
export const openLiveClient = (url: string, protocols?: string[]) =>
  new Promise<LiveClient | RefusedHandshake>((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const client = connected(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_request, response: IncomingMessage) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
    ws.once('error', reject);
  });

export const liveClient = async (url: string, protocols?: string[]): Promise<LiveClient> => {
  const opened = await openLiveClient(url, protocols);
  if ('status' in opened) throw new Error(`handshake refused with ${opened.status}`);
  return opened;
};
