import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connectLive,
  type LiveEvent,
  type LiveSocket,
  type LiveStatus,
} from '../../apps/console/src/live';
import { accessModule } from '../../apps/modules/access/access.module';
import { freePort } from '../support/free-port';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

/** `ws` behind the browser's WebSocket interface; a refused handshake is a close, as in a browser. */
const openSocket = (url: string, protocols: string[]): LiveSocket => {
  const socket = new WebSocket(url, protocols);
  socket.on('error', () => undefined);
  return socket;
};

/**
 * The console's live-feed client against the server's real /ws: it signs in with the key as a
 * subprotocol, subscribes to everything, and comes back by itself when the server restarts.
 */
describe('the console live feed client', () => {
  const data = tempDir('console-live-');
  afterAll(() => data.remove());

  it('receives events as they are committed, and reconnects after the server restarts', async () => {
    const port = await freePort();
    const start = () => startTestServer({ auth: 'required', port, dataDir: data.path });
    let server = await start();
    await server.app.listen({ host: '127.0.0.1', port });
    const { key } = await server.composed.services(accessModule).apiKeys.create('live', 'admin');
    const statuses: LiveStatus[] = [];
    const events: LiveEvent[] = [];
    const waitFor = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const stop = connectLive(
      `ws://127.0.0.1:${port}/ws`,
      key,
      { onEvent: (event) => events.push(event), onStatus: (status) => statuses.push(status) },
      openSocket,
    );
    try {
      await waitFor(() => statuses.includes('live'));
      const created = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Grace', email: `grace${events.length}@example.com` }),
        });
        expect(response.status).toBe(201);
        return ((await response.json()) as { id: string }).id;
      };
      const first = await created();
      await waitFor(() => events.some((event) => event.aggregateId === first));

      await server.dispose();
      await waitFor(() => statuses.at(-1) === 'retrying');
      server = await start();
      await server.app.listen({ host: '127.0.0.1', port });
      await waitFor(() => statuses.filter((status) => status === 'live').length === 2);
      const second = await created();
      await waitFor(() => events.some((event) => event.aggregateId === second));
      expect(events.filter((event) => event.type === 'user.created')).toHaveLength(2);
    } finally {
      stop();
      await server.dispose();
    }
  });

  it('keeps retrying, never live, with a key the door refuses', async () => {
    const server = await startTestServer({ auth: 'required' });
    const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const statuses: LiveStatus[] = [];
    const details: (string | undefined)[] = [];
    const stop = connectLive(
      `${base.replace('http', 'ws')}/ws`,
      'ak_wrong',
      {
        onEvent: () => undefined,
        onStatus: (status, detail) => {
          statuses.push(status);
          details.push(detail);
        },
      },
      openSocket,
    );
    try {
      while (!statuses.includes('retrying'))
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(statuses).not.toContain('live');
      expect(details.at(-1)).toMatch(/^closed \(\d+\); retrying in \d+ s$/);
    } finally {
      stop();
      await server.dispose();
    }
  });
});
