import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxStore } from '../../ports/outbox.port';
import type { UserRepository } from '../../ports/user-repository.port';
import { sampleEvent, sampleUser } from '../support/sample-data';

export interface UserRepositoryHarness {
  users: UserRepository;
  /** Where the repository writes the events of a change (absent where the platform derives them, e.g. streams). */
  outbox?: OutboxStore;
  close?: () => Promise<void> | void;
}

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

/** What every UserRepository promises, run against each adapter. */
export const describeUserRepositoryContract = (
  name: string,
  create: () => Promise<UserRepositoryHarness> | UserRepositoryHarness,
) => {
  describe(`UserRepository contract: ${name}`, () => {
    let h: UserRepositoryHarness;
    const pendingEventIds = async () =>
      h.outbox ? (await h.outbox.due(1000, FAR_FUTURE)).map((entry) => entry.event.id) : [];

    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('reads back what it stored, by id and by email in any case', async () => {
      const user = sampleUser({ email: 'Mixed.Case@Example.com', age: null });
      await h.users.insert(user, []);
      expect(await h.users.findById(user.id)).toEqual(user);
      expect(await h.users.findByEmail('mixed.case@example.COM')).toEqual(user);
      expect(await h.users.findById('missing')).toBeNull();
      expect(await h.users.findByEmail('missing@example.com')).toBeNull();
    });

    it('writes the events of a change with it', async () => {
      const user = sampleUser();
      const event = sampleEvent('user.created', user.id);
      await h.users.insert(user, [event]);
      if (h.outbox) expect(await pendingEventIds()).toEqual([event.id]);
    });

    it('refuses a second user with the same email in another case, and writes nothing', async () => {
      const first = sampleUser({ email: 'taken@example.com' });
      await h.users.insert(first, []);
      const second = sampleUser({ email: 'TAKEN@example.com' });
      await expect(h.users.insert(second, [sampleEvent()])).rejects.toMatchObject({
        code: 'USER.EMAIL_TAKEN',
      });
      expect(await h.users.findById(second.id)).toBeNull();
      expect(await pendingEventIds()).toEqual([]);
    });

    it('updates on the expected version and refuses a stale one without writing', async () => {
      const user = sampleUser();
      await h.users.insert(user, []);
      const v2 = { ...user, name: 'Renamed', version: 2 };
      await h.users.update(v2, 1, []);
      expect(await h.users.findById(user.id)).toEqual(v2);
      const stale = { ...user, name: 'Stale', version: 2 };
      await expect(h.users.update(stale, 1, [sampleEvent()])).rejects.toMatchObject({
        code: 'USER.VERSION_MISMATCH',
      });
      expect(await h.users.findById(user.id)).toEqual(v2);
      expect(await pendingEventIds()).toEqual([]);
    });

    it('lets exactly one of two concurrent writers of the same version win', async () => {
      const user = sampleUser();
      await h.users.insert(user, []);
      const results = await Promise.allSettled([
        h.users.update({ ...user, name: 'A', version: 2 }, 1, []),
        h.users.update({ ...user, name: 'B', version: 2 }, 1, []),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { code: 'USER.VERSION_MISMATCH' },
      });
    });

    it('answers USER.NOT_FOUND when updating or deleting a missing user', async () => {
      await expect(h.users.update(sampleUser(), 1, [])).rejects.toMatchObject({
        code: 'USER.NOT_FOUND',
      });
      await expect(h.users.delete('missing', 1, [])).rejects.toMatchObject({
        code: 'USER.NOT_FOUND',
      });
    });

    it('moves the email guard when the email changes', async () => {
      const user = sampleUser({ email: 'old@example.com' });
      const other = sampleUser({ email: 'other@example.com' });
      await h.users.insert(user, []);
      await h.users.insert(other, []);
      await expect(
        h.users.update({ ...user, email: 'OTHER@example.com', version: 2 }, 1, [sampleEvent()]),
      ).rejects.toMatchObject({ code: 'USER.EMAIL_TAKEN' });
      expect((await h.users.findById(user.id))?.email).toBe('old@example.com');
      await h.users.update({ ...user, email: 'new@example.com', version: 2 }, 1, []);
      expect((await h.users.findByEmail('new@example.com'))?.id).toBe(user.id);
      expect(await h.users.findByEmail('old@example.com')).toBeNull();
      await expect(
        h.users.insert(sampleUser({ email: 'old@example.com' }), []),
      ).resolves.toBeUndefined();
    });

    it('deletes on the expected version, frees the email, and refuses a stale one', async () => {
      const user = sampleUser({ email: 'gone@example.com' });
      await h.users.insert(user, []);
      await expect(h.users.delete(user.id, 7, [])).rejects.toMatchObject({
        code: 'USER.VERSION_MISMATCH',
      });
      const event = sampleEvent('user.deleted', user.id);
      await h.users.delete(user.id, 1, [event]);
      expect(await h.users.findById(user.id)).toBeNull();
      expect(await h.users.findByEmail('gone@example.com')).toBeNull();
      if (h.outbox) expect(await pendingEventIds()).toEqual([event.id]);
      await expect(
        h.users.insert(sampleUser({ email: 'gone@example.com' }), []),
      ).resolves.toBeUndefined();
    });

    it('pages through every user once, oldest first, with an opaque cursor', async () => {
      const stored = Array.from({ length: 25 }, () => sampleUser());
      for (const user of [...stored].reverse()) await h.users.insert(user, []);
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.users.list({ limit: 10, cursor });
        sizes.push(page.items.length);
        seen.push(...page.items.map((user) => user.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(sizes).toEqual([10, 10, 5]);
      expect(seen).toEqual(stored.map((user) => user.id));
    });

    it('returns an empty last page with a null cursor', async () => {
      expect(await h.users.list({ limit: 5 })).toEqual({ items: [], nextCursor: null });
      const user = sampleUser();
      await h.users.insert(user, []);
      expect(await h.users.list({ limit: 1 })).toEqual({ items: [user], nextCursor: null });
    });

    it('rejects a cursor it did not issue', async () => {
      for (const cursor of ['garbage', Buffer.from('{"x":1}').toString('base64url')]) {
        await expect(h.users.list({ limit: 5, cursor })).rejects.toMatchObject({
          code: 'PAGINATION.INVALID_CURSOR',
        });
      }
    });
  });
};
