import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: frames are asserted field by field
export type Frame = any;

/**
 * A live-feed client over a real socket (the `ws` package): every frame it receives is kept, and
 * `next` waits for the first one not yet taken that matches.
 */
export const liveClient = async (url: string, protocols?: string[]) => {
  const ws = new WebSocket(url, protocols);
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
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
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

export type LiveClient = Awaited<ReturnType<typeof liveClient>>;

/** The HTTP answer to a refused handshake: its status and error body. */
export const refusedHandshake = (url: string, protocols?: string[]) =>
  new Promise<{ status: number; body: Frame }>((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    ws.once('open', () => reject(new Error('the handshake was accepted')));
    ws.once('unexpected-response', (_request, response: IncomingMessage) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
    ws.once('error', () => undefined);
  });
