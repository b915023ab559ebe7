import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/memory/clock.memory';
import type { ApiKeyRecord } from '../../domain/access/api-key';
import { ApiKeyService } from '../../domain/access/api-key-service';
import type { ApiKeyStore } from '../../ports/api-key-store.port';

export interface ApiKeyStoreHarness {
  apiKeys: ApiKeyStore;
  close?: () => Promise<void> | void;
}

const sampleKey = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: 'abcdefghij01',
  name: 'ci deploys',
  role: 'writer',
  hash: 'a'.repeat(64),
  createdAt: '2026-05-01T10:00:00.000Z',
  revokedAt: null,
  ...overrides,
});

export const describeApiKeyStoreContract = (
  name: string,
  create: () => Promise<ApiKeyStoreHarness> | ApiKeyStoreHarness,
) => {
  describe(`ApiKeyStore contract: ${name}`, () => {
    let h: ApiKeyStoreHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('creates once per id and reads back exactly what it stored', async () => {
      const key = sampleKey();
      expect(await h.apiKeys.create(key)).toBe(true);
      expect(await h.apiKeys.create(sampleKey({ name: 'another' }))).toBe(false);
      expect(await h.apiKeys.findById(key.id)).toEqual(key);
      expect(await h.apiKeys.findById('nosuchkey000')).toBeNull();
    });

    it('lists every key by id, revoked ones included', async () => {
      await h.apiKeys.create(sampleKey({ id: 'bbbbbbbbbbbb', role: 'admin' }));
      await h.apiKeys.create(sampleKey({ id: 'aaaaaaaaaaaa', role: 'reader' }));
      await h.apiKeys.revoke('bbbbbbbbbbbb', '2026-05-02T00:00:00.000Z');
      const listed = await h.apiKeys.list();
      expect(listed.map((k) => [k.id, k.role, k.revokedAt])).toEqual([
        ['aaaaaaaaaaaa', 'reader', null],
        ['bbbbbbbbbbbb', 'admin', '2026-05-02T00:00:00.000Z'],
      ]);
    });

    it('revokes once: the first time stays, an unknown id is false', async () => {
      await h.apiKeys.create(sampleKey());
      expect(await h.apiKeys.revoke(sampleKey().id, '2026-05-02T00:00:00.000Z')).toBe(true);
      expect(await h.apiKeys.revoke(sampleKey().id, '2026-06-01T00:00:00.000Z')).toBe(true);
      expect((await h.apiKeys.findById(sampleKey().id))?.revokedAt).toBe(
        '2026-05-02T00:00:00.000Z',
      );
      expect(await h.apiKeys.revoke('nosuchkey000', '2026-05-02T00:00:00.000Z')).toBe(false);
    });

    it('through the service: a created key verifies with its role until revoked; others never', async () => {
      const service = new ApiKeyService(
        h.apiKeys,
        new ManualClock(new Date('2026-05-01T00:00:00Z')),
      );
      const { record, key } = await service.create('deploys', 'admin');
      expect(record.hash).not.toContain(key.slice(16));
      expect(JSON.stringify(await h.apiKeys.list())).not.toContain(key);
      expect(await service.verify(key)).toEqual({
        keyId: record.id,
        name: 'deploys',
        role: 'admin',
      });
      // Same public id, another secret: the hash decides.
      const forged = `${key.slice(0, -4)}AAAA`;
      expect(await service.verify(forged)).toBeUndefined();
      expect(await service.verify('ak_short')).toBeUndefined();
      await service.revoke(record.id);
      expect(await service.verify(key)).toBeUndefined();
    });
  });
};
