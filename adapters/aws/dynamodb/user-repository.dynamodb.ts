import { isDeepStrictEqual } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { emailKey, type User } from '../../../domain/users/user';
import {
  EmailTakenError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../../../domain/users/user-errors';
import type { UserRepository } from '../../../ports/user-repository.port';
import type { DynamoDbTable } from './dynamodb-store';
import { keysetPage } from './keyset-query';
import { fitsInKey, GSI1 } from './table-design';
import { type CancellationReason, WriteCancelledError } from './transaction-writer';
import {
  emailGuardItem,
  emailGuardKey,
  itemToUser,
  USER_SORT_PREFIX,
  userKey,
  userListPartitions,
  userToItem,
} from './user-items';
import { deleteGuardOf, deleteOnVersion, putIfAbsent, putOnVersion } from './write-items';

/**
 * Users in the single table, with an email guard item (`EMAIL#<lower-case email>`) written in the
 * same TransactWriteItems as the user: the guard's `attribute_not_exists` condition is what makes
 * emails unique, and it doubles as the strongly consistent email index (a GSI could only be read
 * eventually consistently, so a user who just signed up might not be found).
 *
 * The `events` argument is deliberately not written: on AWS the table's stream is the outbox, and
 * the stream handler (adapters/aws/lambda/dynamodb-stream.ts) derives the same events from the old
 * and new images with the domain's userEventsFor. No dual write can lose or invent one.
 */
export class DynamoDbUserRepository implements UserRepository {
  constructor(private readonly options: DynamoDbTable) {}

  async insert(user: User, _events: readonly DomainEvent[]): Promise<void> {
    const table = this.options.tableName;
    try {
      await this.options.writer.write([
        putIfAbsent(table, userToItem(user)),
        putIfAbsent(table, emailGuardItem(user)),
      ]);
    } catch (error) {
      if (error instanceof WriteCancelledError) {
        if (error.conditionFailed(1)) throw new EmailTakenError(user.email);
        if (error.conditionFailed(0)) throw new Error(`User id ${user.id} is already taken.`);
      }
      throw error;
    }
  }

  async update(
    user: User,
    expectedVersion: number,
    _events: readonly DomainEvent[],
  ): Promise<void> {
    const table = this.options.tableName;
    // The old email is needed to move its guard; the write stays conditional on the version,
    // so a change between this read and the write is still caught.
    const current = this.current(user.id, expectedVersion, await this.findById(user.id));
    const emailMoves = emailKey(current.email) !== emailKey(user.email);
    try {
      await this.options.writer.write([
        putOnVersion(table, userToItem(user), expectedVersion),
        ...(emailMoves
          ? [
              deleteGuardOf(table, emailGuardKey(emailKey(current.email)), user.id),
              putIfAbsent(table, emailGuardItem(user)),
            ]
          : []),
      ]);
    } catch (error) {
      if (error instanceof WriteCancelledError) {
        const onUser = error.conditionFailed(0);
        if (onUser) return this.versionConflict(user.id, expectedVersion, onUser, user);
        if (emailMoves && error.conditionFailed(2)) throw new EmailTakenError(user.email);
      }
      throw error;
    }
  }

  async delete(
    id: string,
    expectedVersion: number,
    _events: readonly DomainEvent[],
  ): Promise<void> {
    const table = this.options.tableName;
    const current = this.current(id, expectedVersion, await this.findById(id));
    try {
      await this.options.writer.write([
        deleteOnVersion(table, userKey(id), expectedVersion),
        deleteGuardOf(table, emailGuardKey(emailKey(current.email)), id),
      ]);
    } catch (error) {
      const onUser = error instanceof WriteCancelledError && error.conditionFailed(0);
      if (onUser) return this.versionConflict(id, expectedVersion, onUser);
      throw error;
    }
  }

  async findById(id: string): Promise<User | null> {
    if (!fitsInKey(id)) return null;
    const { Item } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: userKey(id),
        ConsistentRead: true,
      }),
    );
    return Item ? itemToUser(Item) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const key = emailKey(email);
    if (!fitsInKey(key)) return null;
    const { Item: guard } = await this.options.doc.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: emailGuardKey(key),
        ConsistentRead: true,
      }),
    );
    if (typeof guard?.userId !== 'string') return null;
    const user = await this.findById(guard.userId);
    // Two reads are not one snapshot: if the user moved off this email in between, the email
    // was free at that moment, so "none" is a true answer.
    return user && emailKey(user.email) === key ? user : null;
  }

  list(page: PageRequest): Promise<Page<User>> {
    const sources = userListPartitions().map((partition) => ({
      index: GSI1,
      partition,
      prefix: USER_SORT_PREFIX,
    }));
    return keysetPage(this.options.doc, this.options.tableName, sources, page, itemToUser);
  }

  private current(id: string, expectedVersion: number, current: User | null): User {
    if (!current) throw new UserNotFoundError(id);
    if (current.version !== expectedVersion) {
      throw new UserVersionMismatchError(id, expectedVersion, current.version);
    }
    return current;
  }

  /**
   * The user entry's condition failed; its old image says why. An image equal to what was being
   * written means an earlier attempt of this very write committed (the SDK retried after a lost
   * response), so that is a success, not a conflict.
   */
  private versionConflict(
    id: string,
    expectedVersion: number,
    reason: CancellationReason,
    intended?: User,
  ): void {
    const found = reason.item ? itemToUser(reason.item) : null;
    if (!found) throw new UserNotFoundError(id);
    if (intended && isDeepStrictEqual(found, intended)) return;
    throw new UserVersionMismatchError(id, expectedVersion, found.version);
  }
}
