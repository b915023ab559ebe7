import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { signJwt } from '../support/auth-doors';
import type { Frame } from '../support/live-client';
import { sampleEvent } from '../support/sample-data';

/** A connected client as a door's test sees it: what it sends, and the frames it was sent. */
export interface LiveDoorClient {
  send(message: unknown): Promise<void>;
  /** The first frame not yet taken (waited for where the door is asynchronous). */
  next(): Promise<Frame>;
  /** Frames received and not taken. */
  pending(): Frame[];
  close(): Promise<void>;
}

/** One door of the live feed with AUTH required (API keys and the test JWT issuer). */
export interface LiveDoor {
  connect(auth: {
    token?: string;
    protocols?: string[];
  }): Promise<
    { client: LiveDoorClient; protocol: string | undefined } | { status: number; code: string }
  >;
  /** A committed event, handed to the door's delivery (the relay's bus, the EventBridge rule). */
  publish(event: DomainEvent): Promise<void>;
  keys: { reader: string; writer: string };
  close(): Promise<void>;
}

/**
 * The live feed's protocol (README, "Live feed"), the same scenario through every door: the
 * handshake's decisions, subscriptions and their patterns, events to the matching connections
 * only, sendMessage and its refusal, errors that keep the connection, and a disconnect.
 */
export const describeLiveScenario = (name: string, open: () => Promise<LiveDoor>) => {
  describe(`the live feed through ${name}`, () => {
    const connected = async (door: LiveDoor, auth: Parameters<LiveDoor['connect']>[0]) => {
      const result = await door.connect(auth);
      if ('status' in result) throw new Error(`refused with ${result.status} ${result.code}`);
      return result;
    };

    it('runs the protocol from handshake to disconnect', async () => {
      const door = await open();
      try {
        expect(await door.connect({})).toEqual({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
        expect(await door.connect({ token: 'ak_unknown0000_secret' })).toEqual({
          status: 401,
          code: 'AUTH.UNAUTHENTICATED',
        });
        expect(await door.connect({ token: await signJwt({ sub: 'user-1' }) })).toEqual({
          status: 403,
          code: 'AUTH.FORBIDDEN',
        });

        const { client: reader } = await connected(door, { token: door.keys.reader });
        const { client: writer, protocol } = await connected(door, {
          protocols: ['live.v1', `bearer.${door.keys.writer}`],
        });
        expect(protocol).toBe('live.v1');
        const { client: all } = await connected(door, {
          token: await signJwt({ sub: 'ops', role: 'reader' }),
        });

        // A new connection is subscribed to nothing.
        const early = sampleEvent('order.created', 'order-0');
        await door.publish(early);

        await reader.send({ action: 'subscribe', types: ['order.*'] });
        expect(await reader.next()).toEqual({ type: 'subscribed', types: ['order.*'] });
        await all.send({ action: 'subscribe', types: ['*'] });
        expect(await all.next()).toEqual({ type: 'subscribed', types: ['*'] });

        const order = sampleEvent('order.created', 'order-1');
        const user = sampleEvent('user.created', 'user-1');
        await door.publish(order);
        await door.publish(user);
        expect(await reader.next()).toEqual({ type: 'event', event: order });
        expect(await all.next()).toEqual({ type: 'event', event: order });
        expect(await all.next()).toEqual({ type: 'event', event: user });

        await writer.send({ action: 'sendMessage', data: { note: 'deploy at 5' } });
        expect(await writer.next()).toEqual({ type: 'sent', recipients: 2 });
        const message = {
          type: 'message',
          from: expect.any(String),
          data: { note: 'deploy at 5' },
        };
        expect(await reader.next()).toEqual(message);
        expect(await all.next()).toEqual(message);

        await reader.send({ action: 'sendMessage', data: 1 });
        expect(await reader.next()).toMatchObject({
          type: 'error',
          error: { code: 'LIVE.FORBIDDEN' },
        });
        await reader.send('{"action":');
        expect(await reader.next()).toMatchObject({
          type: 'error',
          error: { code: 'LIVE.INVALID_MESSAGE' },
        });
        // Still open, and a new subscribe replaces the old one.
        await reader.send({ action: 'subscribe', types: ['user.*'] });
        expect(await reader.next()).toEqual({ type: 'subscribed', types: ['user.*'] });

        await all.close();
        const later = sampleEvent('user.deleted', 'user-1');
        await door.publish(later);
        expect(await reader.next()).toEqual({ type: 'event', event: later });
        // Nothing else reached anyone: not the early event, not the order to a user.* reader.
        expect([...reader.pending(), ...writer.pending()]).toEqual([]);
        await writer.send({ action: 'sendMessage', data: 'bye' });
        expect(await writer.next()).toEqual({ type: 'sent', recipients: 1 });
        await Promise.all([reader.close(), writer.close()]);
      } finally {
        await door.close();
      }
    });
  });
};
