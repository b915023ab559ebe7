import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { MemoryLiveConnectionStore } from '../../adapters/memory/live-connection-store.memory';
import {
  LiveFeed,
  type LiveRole,
  MAX_MESSAGE_DATA_BYTES,
  matchesTypePattern,
} from '../../domain/live';
import type { LivePush } from '../../ports/live-push.port';
import { capturingLogger } from '../support/capturing-logger';
import { sampleEvent } from '../support/sample-data';

/**
 * The feed with no platform: connections in memory, and a push (the door's boundary) that
 * records the frames each connection was sent; ids in `gone` answer as a closed socket would.
 */
const world = () => {
  const frames = new Map<string, unknown[]>();
  const gone = new Set<string>();
  const failing = new Set<string>();
  const push: LivePush = {
    post: async (id, frame) => {
      if (failing.has(id)) throw new Error('network down');
      if (gone.has(id)) return 'gone';
      frames.set(id, [...(frames.get(id) ?? []), JSON.parse(frame)]);
      return 'sent';
    },
  };
  const connections = new MemoryLiveConnectionStore();
  const { logger, lines } = capturingLogger('warn');
  const feed = new LiveFeed({ connections, push, clock: new ManualClock(), logger });
  const connect = async (id: string, role: LiveRole = 'open', types?: string[]) => {
    await feed.connect(id, role);
    if (types) await feed.receive(id, JSON.stringify({ action: 'subscribe', types }));
    frames.delete(id);
  };
  return {
    feed,
    frames,
    gone,
    failing,
    connections,
    lines,
    connect,
    sent: (id: string) => frames.get(id) ?? [],
  };
};

describe('event-type patterns', () => {
  it.each([
    ['order.*', 'order.created', true],
    ['order.*', 'order.status_changed', true],
    ['order.*', 'orders.created', false],
    ['*', 'inventory.out_of_stock', true],
    ['inventory.out_of_stock', 'inventory.out_of_stock', true],
    ['inventory.out_of_stock', 'inventory.out_of_stockX', false],
    ['*.created', 'user.created', true],
    ['*.created', 'user.created.again', false],
    ['o*.*d', 'order.created', true],
    ['a*a', 'a', false],
    ['user.*.x', 'user.x', false],
    ['**', '', true],
  ])('%s against %s: %s', (pattern, type, expected) => {
    expect(matchesTypePattern(pattern, type)).toBe(expected);
  });
});

describe('the live feed', () => {
  it('registers a connection subscribed to nothing, so it receives no event until it subscribes', async () => {
    const w = world();
    await w.connect('c1');
    await w.feed.deliver(sampleEvent('order.created'));
    expect(w.sent('c1')).toEqual([]);
    await w.feed.receive('c1', '{"action":"subscribe","types":["order.*","order.*"]}');
    expect(w.sent('c1')).toEqual([{ type: 'subscribed', types: ['order.*'] }]);
  });

  it('delivers an event to every connection whose patterns match its type, and to no other', async () => {
    const w = world();
    await w.connect('orders', 'reader', ['order.*']);
    await w.connect('all', 'reader', ['*']);
    await w.connect('stock', 'reader', ['inventory.out_of_stock']);
    const event = sampleEvent('order.created', 'o-1');
    expect(await w.feed.deliver(event)).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(w.sent('orders')).toEqual([{ type: 'event', event }]);
    expect(w.sent('all')).toEqual([{ type: 'event', event }]);
    expect(w.sent('stock')).toEqual([]);
  });

  it('replaces the subscriptions on a second subscribe', async () => {
    const w = world();
    await w.connect('c1', 'reader', ['order.*']);
    await w.feed.receive('c1', '{"action":"subscribe","types":["user.created"]}');
    await w.feed.deliver(sampleEvent('order.created'));
    const user = sampleEvent('user.created');
    await w.feed.deliver(user);
    expect(w.sent('c1')).toEqual([
      { type: 'subscribed', types: ['user.created'] },
      { type: 'event', event: user },
    ]);
  });

  it('forgets a connection its push finds gone, and still delivers to the others when one fails', async () => {
    const w = world();
    await w.connect('gone', 'reader', ['*']);
    await w.connect('broken', 'reader', ['*']);
    await w.connect('fine', 'reader', ['*']);
    w.gone.add('gone');
    w.failing.add('broken');
    const event = sampleEvent('user.created');
    expect(await w.feed.deliver(event)).toEqual({ sent: 1, gone: 1, failed: 1 });
    expect(w.sent('fine')).toEqual([{ type: 'event', event }]);
    expect((await w.connections.list()).map((c) => c.id).sort()).toEqual(['broken', 'fine']);
    expect(w.lines.some((line) => line.msg === 'live push failed')).toBe(true);
  });

  it('broadcasts sendMessage to every other connection and tells the sender how many got it', async () => {
    const w = world();
    await w.connect('sender', 'writer');
    await w.connect('a');
    await w.connect('b', 'reader', ['order.*']);
    await w.connect('closed');
    w.gone.add('closed');
    await w.feed.receive('sender', '{"action":"sendMessage","data":{"text":"hello","n":[1,2]}}');
    const message = { type: 'message', from: 'sender', data: { text: 'hello', n: [1, 2] } };
    expect(w.sent('a')).toEqual([message]);
    expect(w.sent('b')).toEqual([message]);
    expect(w.sent('sender')).toEqual([{ type: 'sent', recipients: 2 }]);
    expect(await w.connections.get('closed')).toBeUndefined();
  });

  it('refuses sendMessage from a reader with LIVE.FORBIDDEN and sends nothing to the others', async () => {
    const w = world();
    await w.connect('reader', 'reader');
    await w.connect('other');
    await w.feed.receive('reader', '{"action":"sendMessage","data":1}');
    expect(w.sent('other')).toEqual([]);
    expect(w.sent('reader')).toEqual([
      {
        type: 'error',
        error: { code: 'LIVE.FORBIDDEN', message: expect.stringContaining('writer') },
      },
    ]);
  });

  const big = 'x'.repeat(MAX_MESSAGE_DATA_BYTES);
  it.each([
    ['text that is not JSON', 'hello', 'not JSON'],
    ['JSON that is not an object', '[1,2]', 'action'],
    ['an unknown action', '{"action":"publish","types":["*"]}', 'action'],
    ['no types', '{"action":"subscribe"}', 'types'],
    ['empty types', '{"action":"subscribe","types":[]}', 'types'],
    ['a pattern with a space', '{"action":"subscribe","types":["order created"]}', 'types.0'],
    [
      'a pattern over 100 characters',
      `{"action":"subscribe","types":["${'a'.repeat(101)}"]}`,
      'types.0',
    ],
    ['21 patterns', JSON.stringify({ action: 'subscribe', types: Array(21).fill('a') }), 'types'],
    ['sendMessage without data', '{"action":"sendMessage"}', 'data'],
    ['data over 32 KiB serialized', JSON.stringify({ action: 'sendMessage', data: big }), 'larger'],
  ])('answers %s with LIVE.INVALID_MESSAGE and keeps the connection', async (_case, text, hint) => {
    const w = world();
    await w.connect('c1', 'writer', ['order.*']);
    await w.connect('other');
    await w.feed.receive('c1', text);
    const [frame] = w.sent('c1') as { type: string; error: { code: string; message: string } }[];
    expect(frame?.type).toBe('error');
    expect(frame?.error.code).toBe('LIVE.INVALID_MESSAGE');
    expect(frame?.error.message).toContain(hint);
    expect(w.sent('other')).toEqual([]);
    // Still subscribed as before.
    expect((await w.connections.get('c1'))?.patterns).toEqual(['order.*']);
  });

  it('answers a frame from a connection it does not know (expired) with an error, sending nothing on', async () => {
    const w = world();
    await w.connect('other');
    await w.feed.receive('stranger', '{"action":"sendMessage","data":1}');
    expect(w.sent('stranger')).toEqual([
      {
        type: 'error',
        error: { code: 'LIVE.INVALID_MESSAGE', message: expect.stringContaining('reconnect') },
      },
    ]);
    expect(w.sent('other')).toEqual([]);
  });

  it('forgets a connection on disconnect and records when it may be dropped by the store', async () => {
    const w = world();
    const connection = await w.feed.connect('c1', 'admin');
    expect(connection).toEqual({
      id: 'c1',
      role: 'admin',
      patterns: [],
      connectedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T02:05:00.000Z',
    });
    await w.feed.disconnect('c1');
    expect(await w.connections.list()).toEqual([]);
  });
});

describe('the live feed on hostile frames (fast-check)', () => {
  it('answers any text with exactly one frame to its sender, never throwing and never reaching the others', async () => {
    const w = world();
    await w.connect('other', 'reader', ['*']);
    await w.connect('c1', 'writer');
    const frames = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc
        .record({
          action: fc.constantFrom('subscribe', 'sendMessage', 'SUBSCRIBE', '', '__proto__'),
          types: fc.anything({ maxDepth: 2 }),
        })
        .map((message) => JSON.stringify(message)),
    );
    await fc.assert(
      fc.asyncProperty(frames, async (text) => {
        w.frames.clear();
        await w.feed.receive('c1', text);
        const [reply, ...more] = w.sent('c1') as { type: string }[];
        expect(more).toEqual([]);
        expect(['error', 'subscribed', 'sent']).toContain(reply?.type);
        if (reply?.type !== 'sent') expect(w.sent('other')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
