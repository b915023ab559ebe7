import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { capturingLogger } from '../support/capturing-logger';
import { liveClient, openLiveClient } from '../support/live-client';
import { sendRaw } from '../support/raw-http';
import { startTestServer } from '../support/test-server';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const listening = async (server: TestServer) => {
  const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return { http: base, ws: base.replace(/^http/, 'ws') };
};

const post = async (
  base: string,
  path: string,
  body: unknown,
  headers = {},
): Promise<{ id: string }> => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
};

describe('GET /ws fed by the outbox relay (AUTH off)', () => {
  let server: TestServer;
  let url: { http: string; ws: string };
  beforeAll(async () => {
    server = await startTestServer();
    url = await listening(server);
  });
  afterAll(() => server.dispose());

  it('delivers the events a POST commits to the clients whose patterns match, and to no other', async () => {
    const orders = await liveClient(`${url.ws}/ws`);
    const everything = await liveClient(`${url.ws}/ws`);
    const stock = await liveClient(`${url.ws}/ws`);
    await orders.subscribe(['order.*']);
    await everything.subscribe(['*']);
    await stock.subscribe(['inventory.out_of_stock']);
    const user = await post(url.http, '/users', { name: 'Live', email: 'live@example.com' });
    const order = await post(url.http, '/orders', {
      userId: user.id,
      currency: 'EUR',
      items: [{ sku: 'BOOK', quantity: 1, unitPrice: 1999 }],
    });
    const created = await orders.next();
    expect(created).toEqual({
      type: 'event',
      event: expect.objectContaining({
        type: 'order.created',
        aggregateType: 'order',
        aggregateId: order.id,
      }),
    });
    expect(created.event.id).toEqual(expect.any(String));
    expect(created.event.occurredAt).toEqual(expect.any(String));
    const seen = [
      (await everything.next((f) => f.event?.type === 'user.created')).event.aggregateId,
      (await everything.next((f) => f.event?.type === 'order.created')).event.aggregateId,
    ];
    expect(seen).toEqual([user.id, order.id]);
    // No user event reached the orders client: everything it got was an order's.
    expect(orders.frames.every((f) => f.event.type.startsWith('order.'))).toBe(true);
    await Promise.all([orders.close(), everything.close()]);
    expect(stock.frames).toEqual([]);
    await stock.close();
  });

  it('answers a plain GET /ws (no Upgrade) in the error shape', async () => {
    const res = await fetch(`${url.http}/ws`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'HTTP.BAD_REQUEST' } });
  });

  it('answers an upgrade ws cannot accept (no key, an unknown version) with a 4xx, never a server error', async () => {
    const port = Number(new URL(url.http).port);
    for (const headers of [
      ['Sec-WebSocket-Version: 13'],
      ['Sec-WebSocket-Version: 99', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='],
    ]) {
      const request = [
        'GET /ws HTTP/1.1',
        'Host: 127.0.0.1',
        'Connection: Upgrade',
        'Upgrade: websocket',
        ...headers,
        '',
        '',
      ];
      const answer = await sendRaw(port, request.join('\r\n'));
      expect(answer.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(answer.status, JSON.stringify(headers)).toBeLessThan(500);
    }
  });

  it('answers bad messages with an error frame and keeps the connection open', async () => {
    const client = await liveClient(`${url.ws}/ws`);
    for (const bad of [
      'not json',
      '{"action":"dance"}',
      '{"action":"subscribe","types":["a b"]}',
    ]) {
      client.send(bad);
      expect(await client.next()).toMatchObject({
        type: 'error',
        error: { code: 'LIVE.INVALID_MESSAGE', message: expect.any(String) },
      });
    }
    client.send({ action: 'sendMessage', data: 'x'.repeat(40 * 1024) });
    expect(await client.next()).toMatchObject({ error: { code: 'LIVE.INVALID_MESSAGE' } });
    expect(await client.subscribe(['*'])).toEqual({ type: 'subscribed', types: ['*'] });
    await client.close();
  });
});

// Its own suite: two servers at once would both name the scheduler's heartbeat job.
describe('GET /ws with AUTH required', () => {
  let guarded: TestServer;
  let url: { http: string; ws: string };
  beforeAll(async () => {
    guarded = await startTestServer({ auth: 'required' });
    url = await listening(guarded);
  });
  afterAll(() => guarded.dispose());

  it('refuses a handshake with a 401 in the error shape, with its request id', async () => {
    const refused = await openLiveClient(`${url.ws}/ws`, [
      'live.v1',
      'bearer.ak_nobody0000_secret',
    ]);
    expect(refused).toEqual({
      status: 401,
      body: {
        error: { code: 'AUTH.UNAUTHENTICATED', message: expect.any(String) },
        requestId: expect.any(String),
      },
    });
  });

  const upgrade = (target: string, headers: string[] = []) =>
    [
      `GET ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...headers,
      '',
      '',
    ].join('\r\n');
  it.each([
    ['a token given twice', '/ws?token=a&token=b', []],
    ['an empty bearer subprotocol', '/ws', ['Sec-WebSocket-Protocol: live.v1, bearer.']],
    ['a subprotocol list of commas', '/ws', ['Sec-WebSocket-Protocol: ,,, ,']],
    ['a 4 KB token', `/ws?token=${'k'.repeat(4096)}`, []],
    ['a token shaped like a JWT', '/ws?token=a.b.c', []],
    ['a token of odd bytes', '/ws?token=%00%ff%2e%2e', []],
  ])('answers %s with 401, never a server error', async (_case, target, headers) => {
    const port = Number(new URL(url.http).port);
    const answer = await sendRaw(port, upgrade(target, headers));
    expect(answer.status, answer.body).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBe('AUTH.UNAUTHENTICATED');
  });
});

describe('a /ws client that stops reading', () => {
  const { logger, lines } = capturingLogger('warn');
  let server: TestServer;
  let url: { http: string; ws: string };
  beforeAll(async () => {
    server = await startTestServer(
      { liveMaxBufferedBytes: 64 * 1024, liveCloseGraceMs: 10_000 },
      { logger },
    );
    url = await listening(server);
  });
  afterAll(() => server.dispose());

  const bigEvent = (n: number): DomainEvent => ({
    id: `event-${String(n).padStart(4, '0')}`,
    type: 'load.generated',
    occurredAt: new Date(0).toISOString(),
    aggregateType: 'load',
    aggregateId: `load-${n}`,
    payload: { filler: 'x'.repeat(256 * 1024) },
  });

  it('is closed with 1013 and dropped past the buffer bound, while another client keeps receiving every event', async () => {
    const slow = await liveClient(`${url.ws}/ws`);
    const fast = await liveClient(`${url.ws}/ws`);
    await slow.subscribe(['load.*']);
    await fast.subscribe(['load.*']);
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const dropped = () =>
      lines.some((line) => line.msg === 'live client dropped: it is not reading its frames');
    const delivered: string[] = [];
    // The kernel's socket buffers take megabytes first; each event waits for the fast client.
    for (let n = 0; n < 400 && !dropped(); n += 1) {
      const event = bigEvent(n);
      await server.bus.publish([event]);
      delivered.push((await fast.next()).event.id);
      expect(delivered.at(-1)).toBe(event.id);
    }
    expect(dropped()).toBe(true);
    // Delivery goes on to the fast client; the slow one is no longer a recipient.
    await server.bus.publish([bigEvent(9999)]);
    expect((await fast.next()).event.id).toBe('event-9999');
    fast.send({ action: 'sendMessage', data: 'anyone?' });
    expect(await fast.next()).toEqual({ type: 'sent', recipients: 0 });
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(1013);
    // What it did get is a prefix of what was delivered, with no event after the drop.
    const got = slow.frames.filter((f) => f.type === 'event').map((f) => f.event.id);
    expect(delivered.slice(0, got.length)).toEqual(got);
    await fast.close();
  });
});

describe('closing the server with live clients', () => {
  it('closes every socket, a client that stopped reading included, and does not hang', async () => {
    const server = await startTestServer({ liveCloseGraceMs: 200 });
    const url = await listening(server);
    const polite = await liveClient(`${url.ws}/ws`);
    const stuck = await liveClient(`${url.ws}/ws`);
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await server.dispose();
    expect((await polite.closed).code).toBe(1001);
    (stuck.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect([1001, 1006]).toContain((await stuck.closed).code);
  });
});

describe('a /ws client that answers no ping', () => {
  it('is dropped at the next heartbeat, as a peer gone without a FIN would be', async () => {
    const server = await startTestServer({ liveHeartbeatMs: 200 });
    const url = await listening(server);
    const silent = await liveClient(`${url.ws}/ws`);
    const [onServer] = server.app.websocketServer.clients;
    const terminated = new Promise((resolve) => onServer!.once('close', resolve));
    // Paused, it reads nothing, so it answers no ping.
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await terminated;
    (silent.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await silent.closed).code).toBe(1006);
    // A client that reads (and so answers) stays through many heartbeats.
    const alive = await liveClient(`${url.ws}/ws`);
    for (let tick = 0; tick < 3; tick += 1) {
      await new Promise((resolve) => alive.ws.once('ping', resolve));
    }
    expect(await alive.subscribe(['*'])).toEqual({ type: 'subscribed', types: ['*'] });
    await alive.close();
    await server.dispose();
  });
});
