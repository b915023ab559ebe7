import type Database from 'better-sqlite3';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { emailKey, type User } from '../../domain/users/user';
import {
  EmailTakenError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../../domain/users/user-errors';
import type { UserRepository } from '../../ports/user-repository.port';
import { afterFromCursor, cursorAfter } from './key-cursor';
import { isUniqueViolation, type SqliteDatabase } from './sqlite-database';

const COLUMNS = 'id, name, email, age, status, created_at, updated_at, version';

/** A row in COLUMNS order, as a raw statement returns it. */
type UserTuple = [string, string, string, number | null, User['status'], string, string, number];

/** Reads come back raw: no keyed row object to build and drop on every point read. */
const tupleToUser = ([
  id,
  name,
  email,
  age,
  status,
  createdAt,
  updatedAt,
  version,
]: UserTuple): User => ({
  id,
  name,
  email,
  age,
  status,
  createdAt,
  updatedAt,
  version,
});

export class SqliteUserRepository implements UserRepository {
  // Prepared once: statement compilation is the cost worth hoisting off the request path.
  private readonly byId: Database.Statement<[string], UserTuple>;
  private readonly byEmail: Database.Statement<[string], UserTuple>;
  private readonly page: Database.Statement<[string, number], UserTuple>;
  private readonly versionOf: Database.Statement<[string], { version: number }>;
  private readonly insertRow: Database.Statement;
  private readonly updateRow: Database.Statement;
  private readonly deleteRow: Database.Statement<[string, number]>;

  constructor(private readonly store: SqliteDatabase) {
    const db = store.db;
    this.byId = db.prepare<[string], UserTuple>(`SELECT ${COLUMNS} FROM users WHERE id = ?`).raw();
    this.byEmail = db
      .prepare<[string], UserTuple>(`SELECT ${COLUMNS} FROM users WHERE email_key = ?`)
      .raw();
    this.page = db
      .prepare<[string, number], UserTuple>(
        `SELECT ${COLUMNS} FROM users WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .raw();
    this.versionOf = db.prepare('SELECT version FROM users WHERE id = ?');
    this.insertRow = db.prepare(
      `INSERT INTO users (id, email_key, name, email, age, status, created_at, updated_at, version)
       VALUES (@id, @emailKey, @name, @email, @age, @status, @createdAt, @updatedAt, @version)`,
    );
    this.updateRow = db.prepare(
      `UPDATE users SET email_key = @emailKey, name = @name, email = @email, age = @age,
       status = @status, updated_at = @updatedAt, version = @version
       WHERE id = @id AND version = @expectedVersion`,
    );
    this.deleteRow = db.prepare('DELETE FROM users WHERE id = ? AND version = ?');
  }

  async insert(user: User, events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.store.transact(events, () =>
        this.insertRow.run({ ...user, emailKey: emailKey(user.email) }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError(user.email);
      throw error;
    }
  }

  async update(user: User, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    try {
      await this.store.transact(events, () => {
        const params = { ...user, emailKey: emailKey(user.email), expectedVersion };
        if (this.updateRow.run(params).changes === 0) this.conflict(user.id, expectedVersion);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError(user.email);
      throw error;
    }
  }

  async delete(id: string, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    await this.store.transact(events, () => {
      if (this.deleteRow.run(id, expectedVersion).changes === 0) this.conflict(id, expectedVersion);
    });
  }

  async findById(id: string): Promise<User | null> {
    const row = this.byId.get(id);
    return row ? tupleToUser(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = this.byEmail.get(emailKey(email));
    return row ? tupleToUser(row) : null;
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const users = this.page.all(afterFromCursor(page.cursor), page.limit + 1).map(tupleToUser);
    return { items: users.slice(0, page.limit), nextCursor: cursorAfter(users, page.limit) };
  }

  /** Throwing inside the transaction rolls back the outbox rows too. */
  private conflict(id: string, expectedVersion: number): never {
    const row = this.versionOf.get(id);
    if (!row) throw new UserNotFoundError(id);
    throw new UserVersionMismatchError(id, expectedVersion, row.version);
  }
}
