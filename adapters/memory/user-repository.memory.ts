import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import { emailKey, type User } from '../../domain/users/user';
import {
  EmailTakenError,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../../domain/users/user-errors';
import type { UserRepository } from '../../ports/user-repository.port';
import { pageByKey } from './key-page';
import type { MemoryOutbox } from './outbox.memory';

export class MemoryUserRepository implements UserRepository {
  private readonly byId = new Map<string, User>();
  private readonly idByEmail = new Map<string, string>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async insert(user: User, events: readonly DomainEvent[]): Promise<void> {
    const key = emailKey(user.email);
    if (this.idByEmail.has(key)) throw new EmailTakenError(user.email);
    this.byId.set(user.id, structuredClone(user));
    this.idByEmail.set(key, user.id);
    this.outbox.append(events);
  }

  async update(user: User, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    const current = this.current(user.id, expectedVersion);
    const oldKey = emailKey(current.email);
    const newKey = emailKey(user.email);
    const holder = this.idByEmail.get(newKey);
    if (holder !== undefined && holder !== user.id) throw new EmailTakenError(user.email);
    this.idByEmail.delete(oldKey);
    this.idByEmail.set(newKey, user.id);
    this.byId.set(user.id, structuredClone(user));
    this.outbox.append(events);
  }

  async delete(id: string, expectedVersion: number, events: readonly DomainEvent[]): Promise<void> {
    const current = this.current(id, expectedVersion);
    this.byId.delete(id);
    this.idByEmail.delete(emailKey(current.email));
    this.outbox.append(events);
  }

  async findById(id: string): Promise<User | null> {
    const user = this.byId.get(id);
    return user ? structuredClone(user) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const id = this.idByEmail.get(emailKey(email));
    return id === undefined ? null : this.findById(id);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const sorted = [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    return structuredClone(pageByKey(sorted, page));
  }

  private current(id: string, expectedVersion: number): User {
    const current = this.byId.get(id);
    if (!current) throw new UserNotFoundError(id);
    if (current.version !== expectedVersion) {
      throw new UserVersionMismatchError(id, expectedVersion, current.version);
    }
    return current;
  }
}
