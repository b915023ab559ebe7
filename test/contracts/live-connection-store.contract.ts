import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveConnection } from '../../domain/live';
import type { LiveConnectionStore } from '../../ports/live-connection-store.port';

export interface LiveConnectionStoreHarness {
  connections: LiveConnectionStore;
  close?: () => Promise<void> | void;
}

/** A connection as a door registers it (API Gateway's ids end in `=`). */
export const liveConnection = (id: string, more: Partial<LiveConnection> = {}): LiveConnection => ({
  id,
  role: 'reader',
  patterns: [],
  connectedAt: '2026-01-01T10:00:00.000Z',
  expiresAt: '2026-01-01T12:05:00.000Z',
  ...more,
});

const byId = (list: LiveConnection[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

/** What every store of live connections promises, run against each adapter. */
export const describeLiveConnectionStoreContract = (
  name: string,
  create: () => Promise<LiveConnectionStoreHarness> | LiveConnectionStoreHarness,
) => {
  describe(`LiveConnectionStore contract: ${name}`, () => {
    let h: LiveConnectionStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('gives back a connection as it was put, and nothing for an unknown id', async () => {
      const connection = liveConnection('TWegAcC4EowCHnA=', { role: 'writer' });
      await h.connections.put(connection);
      expect(await h.connections.get('TWegAcC4EowCHnA=')).toEqual(connection);
      expect(await h.connections.get('R1kmxc2VNjMCFIA=')).toBeUndefined();
    });

    it('replaces a connection put again under the same id', async () => {
      await h.connections.put(liveConnection('c1', { patterns: ['order.*'] }));
      await h.connections.put(liveConnection('c1', { role: 'open' }));
      expect(await h.connections.get('c1')).toEqual(liveConnection('c1', { role: 'open' }));
    });

    it('replaces the subscriptions of a connection, and refuses to create one that is not there', async () => {
      await h.connections.put(liveConnection('c1', { patterns: ['user.created'] }));
      expect(await h.connections.setSubscriptions('c1', ['order.*', '*'])).toBe(true);
      expect((await h.connections.get('c1'))?.patterns).toEqual(['order.*', '*']);
      expect(await h.connections.setSubscriptions('ghost', ['*'])).toBe(false);
      expect(await h.connections.get('ghost')).toBeUndefined();
    });

    it('lists every connection and forgets a deleted one (deleting an absent one is no error)', async () => {
      for (const id of ['a', 'b', 'c']) await h.connections.put(liveConnection(id));
      await h.connections.setSubscriptions('b', ['inventory.out_of_stock']);
      await h.connections.delete('a');
      await h.connections.delete('never-there');
      expect(byId(await h.connections.list())).toEqual([
        liveConnection('b', { patterns: ['inventory.out_of_stock'] }),
        liveConnection('c'),
      ]);
      expect(await h.connections.get('a')).toBeUndefined();
    });

    it('lists nothing when no client is connected', async () => {
      expect(await h.connections.list()).toEqual([]);
    });
  });
};
