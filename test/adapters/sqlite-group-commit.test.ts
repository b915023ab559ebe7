import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { modules } from '../../apps/modules/modules';
import { usersModule } from '../../apps/modules/users/users.module';
import { EmailTakenError } from '../../domain/users/user-errors';
import { sampleEvent, sampleUser } from '../support/sample-data';
import { tempDir } from '../support/temp-dir';

describe('SQLite group commit: writes that arrive together share one transaction', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Awaited<ReturnType<typeof openSqliteStore>>;
  beforeEach(async () => {
    dir = tempDir('group-');
    store = await openSqliteStore(modules, join(dir.path, 'app.db'));
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('commits writes of one turn together, each answered only after that commit', async () => {
    const { users } = storesOf(store, usersModule);
    const people = Array.from({ length: 20 }, (_, i) => sampleUser({ email: `p${i}@example.com` }));
    const before = { ...store.db.group.stats };
    const writes = people.map((user) => users.insert(user, [sampleEvent('user.created', user.id)]));
    // Queued, not yet run: nothing is visible until the group commits.
    expect(await users.findById(people[0]!.id)).toBeNull();
    await Promise.all(writes);
    expect(store.db.group.stats.groups - before.groups).toBe(1);
    expect(store.db.group.stats.writes - before.writes).toBe(20);
    for (const user of people) expect(await users.findById(user.id)).toEqual(user);
    expect(await new SqliteOutbox(store.db).pendingCount()).toBe(20);
  });

  it('rolls back only the write that is refused, its events with it, and answers the others', async () => {
    const { users } = storesOf(store, usersModule);
    const ada = sampleUser({ email: 'ada@example.com' });
    const twin = sampleUser({ email: 'ADA@example.com' });
    const bob = sampleUser({ email: 'bob@example.com' });
    const results = await Promise.allSettled([
      users.insert(ada, [sampleEvent('user.created', ada.id)]),
      users.insert(twin, [sampleEvent('user.created', twin.id)]),
      users.insert(bob, [sampleEvent('user.created', bob.id)]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(EmailTakenError);
    expect(await users.findById(twin.id)).toBeNull();
    const due = await new SqliteOutbox(store.db).due(10, new Date());
    expect(due.map((entry) => entry.event.aggregateId).sort()).toEqual([ada.id, bob.id].sort());
  });

  it('keeps each read-decide-write exact when many adjust one level in the same group', async () => {
    const { stock } = storesOf(store, inventoryModule);
    const at = '2026-01-01T00:00:00.000Z';
    await stock.set({ store: 'Oslo', item: 'milk', count: 10 }, at, () => []);
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        stock.adjust({ store: 'Oslo', item: 'milk' }, -1, at, () => []),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(await stock.find({ store: 'Oslo', item: 'milk' })).toMatchObject({
      count: 0,
      version: 11,
    });
  });

  it('rejects every write of a group whose transaction cannot start', async () => {
    const { users } = storesOf(store, usersModule);
    const writes = [sampleUser(), sampleUser()].map((user) => users.insert(user, []));
    store.close();
    for (const result of await Promise.allSettled(writes)) {
      expect(result.status).toBe('rejected');
    }
  });
});
