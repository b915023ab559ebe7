import { odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { readStored } from '../../../domain/shared/stored-record';
import { emailKey, type User, userSchema } from '../../../domain/users/user';
import {
  EmailTakenError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../../../domain/users/user-errors';
import type { UserRepository } from '../../../ports/user-repository.port';
import { isStatus } from '../storage-errors';
import { prefixEnd } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';
import { emailPartition, GUARD_ROW, USER_PREFIX, USER_ROW, userPartition } from './user-keys';

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * Points where a test can stop the two-step write, to play a crash or a concurrent writer.
 * Production code passes none.
 */
export interface UserRepositoryHooks {
  /** After the email guard is held, before the user batch is sent. */
  afterGuard?(user: User): Promise<void>;
  /** After the user batch committed, before the guard of a replaced email is released. */
  afterCommit?(user: User): Promise<void>;
}

/** Bounded retries for the guard protocol: each lost race means another writer made progress. */
const MAX_ROUNDS = 8;

const toEntity = (user: User): TableEntity => ({
  partitionKey: userPartition(user.id),
  rowKey: USER_ROW,
  kind: 'user',
  id: user.id,
  name: user.name,
  email: user.email,
  // Table Storage has no null: an absent property is the null age.
  ...(user.age === null ? {} : { age: user.age }),
  status: user.status,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
  version: user.version,
});

const toUser = (row: Row): User =>
  readStored(
    userSchema,
    {
      id: row.id,
      name: row.name,
      email: row.email,
      age: row.age ?? null,
      status: row.status,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
    },
    'user',
  );

const isUser = (row: Row | null): row is Row => row?.kind === 'user';
const holds = (row: Row | null, key: string): boolean =>
  isUser(row) && emailKey(row.email as string) === key;

/**
 * Users on Table Storage. A user, its outbox entities and its fence live in the partition
 * `user|<id>`, so a change and its events are one entity-group transaction. Email uniqueness
 * needs a guard keyed by the email, which is another partition: creating a user or changing
 * its email is therefore two writes, guard first, then the user batch. Nothing can make the
 * two atomic, so the protocol makes every interleaving safe instead (README, "Table Storage"):
 *
 * - A guard names its owner. It counts only while the owner holds that email: a crash
 *   between the two writes leaves an orphan guard, which the next claimant reclaims.
 * - Reclaiming first fences the owner, so an owner that was merely slow cannot still commit:
 *   an absent owner gets a tombstone in its `user` row (its pending `create` then fails), an
 *   existing one gets its ETag changed (its pending conditional update then fails and retries).
 * - Guards are only deleted conditionally (If-Match), after that check.
 *
 * A delete replaces the row with a `deleted` marker rather than deleting it: the SDK's batch
 * delete sends no ETag (TableClient.submitTransaction drops it), and a delete must be
 * conditional on the version read.
 */
export class TableUserRepository implements UserRepository {
  constructor(
    private readonly store: TableStore,
    private readonly hooks: UserRepositoryHooks = {},
  ) {}

  async insert(user: User, events: readonly DomainEvent[]): Promise<void> {
    await this.acquireGuard(emailKey(user.email), user.id, user.email);
    await this.hooks.afterGuard?.(user);
    try {
      await this.store.transact(userPartition(user.id), [['create', toEntity(user)]], events);
    } catch (error) {
      // The `user` row exists: a claimant fenced us after reclaiming our guard as an orphan.
      if (isStatus(error, 409)) throw new EmailTakenError(user.email);
      throw error;
    }
  }

  async update(user: User, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    const newKey = emailKey(user.email);
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const current = await this.currentRow(user.id, expectedVersion);
      const oldKey = emailKey(current.email as string);
      const moving = oldKey !== newKey;
      if (moving) await this.acquireGuard(newKey, user.id, user.email);
      await this.hooks.afterGuard?.(user);
      try {
        await this.store.transact(
          userPartition(user.id),
          [['update', toEntity(user), 'Replace', { etag: current.etag }]],
          events,
        );
      } catch (error) {
        if (!isStatus(error, 404, 412)) throw error;
        // Changed, deleted or fenced since read: the next round re-reads and decides.
        if (moving) await this.releaseIfOrphan(newKey);
        continue;
      }
      await this.hooks.afterCommit?.(user);
      // Committed: a failure to release now only leaves an orphan, which the next claimant
      // of that email reclaims, so it must not turn a done change into an error.
      if (moving) await this.releaseIfOrphan(oldKey).catch(() => undefined);
      return;
    }
    throw new UserVersionMismatchError(user.id, expectedVersion);
  }

  async delete(id: string, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const current = await this.currentRow(id, expectedVersion);
      try {
        await this.store.transact(
          userPartition(id),
          [
            [
              'update',
              { partitionKey: userPartition(id), rowKey: USER_ROW, kind: 'deleted' },
              'Replace',
              { etag: current.etag },
            ],
          ],
          events,
        );
      } catch (error) {
        if (isStatus(error, 404, 412)) continue;
        throw error;
      }
      // Gone for good (ids are never reused, and the marker fences the id), so its guard can
      // go without a fence.
      await this.releaseOwnedBy(emailKey(current.email as string), id).catch(() => undefined);
      return;
    }
    throw new UserVersionMismatchError(id, expectedVersion);
  }

  async findById(id: string): Promise<User | null> {
    const row = await this.userRow(id);
    return isUser(row) ? toUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const key = emailKey(email);
    const guard = await this.guardRow(key);
    if (!guard) return null;
    const owner = await this.userRow(guard.userId as string);
    return holds(owner, key) ? toUser(owner!) : null;
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const filter = odata`PartitionKey gt ${USER_PREFIX} and PartitionKey lt ${prefixEnd(USER_PREFIX)} and RowKey eq ${USER_ROW} and kind eq ${'user'}`;
    const result = await queryPage(this.store.records, filter, page);
    return { items: result.items.map(toUser), nextCursor: result.nextCursor };
  }

  /** The user row at the expected version, or the domain error saying why not. */
  private async currentRow(id: string, expectedVersion: number): Promise<Row> {
    const row = await this.userRow(id);
    if (!isUser(row)) throw new UserNotFoundError(id);
    if (row.version !== expectedVersion) {
      throw new UserVersionMismatchError(id, expectedVersion, row.version as number);
    }
    return row;
  }

  /** Takes the guard of `key` for `userId`, reclaiming an orphan; EmailTakenError if held. */
  private async acquireGuard(key: string, userId: string, email: string): Promise<void> {
    const guard = { partitionKey: emailPartition(key), rowKey: GUARD_ROW };
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claim = { ...guard, userId, claimedAt: new Date().toISOString() };
      try {
        await this.store.records.createEntity(claim);
        return;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
      }
      const existing = await this.guardRow(key);
      if (!existing) continue;
      if (existing.userId === userId) {
        // Ours from an earlier attempt: re-claim it, which changes its ETag so that a
        // concurrent reclaimer's conditional delete fails and looks again.
        try {
          await this.store.records.updateEntity(claim, 'Replace', { etag: existing.etag });
          return;
        } catch (error) {
          if (isStatus(error, 404, 412)) continue;
          throw error;
        }
      }
      if ((await this.releaseIfOrphan(key)) === 'held') throw new EmailTakenError(email);
    }
    throw new EmailTakenError(email);
  }

  /**
   * Deletes the guard of `key` unless its owner holds that email. The owner is fenced first,
   * so a write it has in flight (which relied on the guard) fails rather than commits.
   */
  private async releaseIfOrphan(key: string): Promise<'held' | 'released'> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const guard = await this.guardRow(key);
      if (!guard) return 'released';
      const ownerId = guard.userId as string;
      const owner = await this.userRow(ownerId);
      if (holds(owner, key)) return 'held';
      try {
        if (!owner) {
          await this.store.records.createEntity({
            partitionKey: userPartition(ownerId),
            rowKey: USER_ROW,
            kind: 'tombstone',
            fencedAt: new Date().toISOString(),
          });
        } else if (isUser(owner)) {
          await this.store.records.updateEntity(
            {
              partitionKey: userPartition(ownerId),
              rowKey: USER_ROW,
              fencedAt: new Date().toISOString(),
            },
            'Merge',
            { etag: owner.etag },
          );
        }
        await this.store.records.deleteEntity(emailPartition(key), GUARD_ROW, { etag: guard.etag });
        return 'released';
      } catch (error) {
        // Someone moved first (the owner committed, the guard changed hands): look again.
        if (!isStatus(error, 404, 409, 412)) throw error;
      }
    }
    return 'held';
  }

  /** After a delete: the guard goes if it still names the deleted user. */
  private async releaseOwnedBy(key: string, userId: string): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const guard = await this.guardRow(key);
      if (guard?.userId !== userId) return;
      try {
        await this.store.records.deleteEntity(emailPartition(key), GUARD_ROW, { etag: guard.etag });
        return;
      } catch (error) {
        if (!isStatus(error, 404, 412)) throw error;
      }
    }
  }

  private userRow(id: string): Promise<Row | null> {
    return this.store.read(userPartition(id), USER_ROW);
  }

  private guardRow(key: string): Promise<Row | null> {
    return this.store.read(emailPartition(key), GUARD_ROW);
  }
}
