import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { UserRepository } from '../../ports/user-repository.port';
import { EventFactory } from '../shared/event-factory';
import type { Page, PageRequest } from '../shared/pagination';
import type { CreateUserInput, UpdateUserInput, User } from './user';
import { emailKey } from './user';
import { EmailTakenError, UserNotFoundError, UserVersionMismatchError } from './user-errors';
import type { UserChanges, UserCreated, UserDeleted, UserUpdated } from './user-events';

const EDITABLE = ['name', 'email', 'age'] as const;

export class UserService {
  private readonly events: EventFactory;

  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.events = new EventFactory(ids, clock);
  }

  async create(input: CreateUserInput): Promise<User> {
    // Checked first for a clear error; the repository's unique guard settles races.
    if (await this.users.findByEmail(input.email)) throw new EmailTakenError(input.email);
    const now = this.clock.now().toISOString();
    const user: User = {
      id: this.ids.next(),
      name: input.name,
      email: input.email,
      age: input.age ?? null,
      status: 'active',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const created = this.events.create<UserCreated>('user.created', 'user', user.id, { user }, now);
    await this.users.insert(user, [created]);
    return user;
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError(id);
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  list(page: PageRequest): Promise<Page<User>> {
    return this.users.list(page);
  }

  /**
   * Partial update. `expectedVersion` comes from If-Match or the body; without one the
   * version just read is used, so a concurrent writer still causes a conflict, never a lost update.
   */
  async update(id: string, input: UpdateUserInput, expectedVersion?: number): Promise<User> {
    const current = await this.get(id);
    const version = expectedVersion ?? input.version ?? current.version;
    if (version !== current.version) {
      throw new UserVersionMismatchError(id, version, current.version);
    }
    const changes: UserChanges = {};
    const next: User = { ...current };
    for (const field of EDITABLE) {
      const value = input[field];
      if (value === undefined || value === current[field]) continue;
      Object.assign(changes, { [field]: { old: current[field], new: value } });
      Object.assign(next, { [field]: value });
    }
    if (Object.keys(changes).length === 0) return current;
    if (changes.email && emailKey(changes.email.old) !== emailKey(changes.email.new)) {
      const holder = await this.users.findByEmail(changes.email.new);
      if (holder && holder.id !== id) throw new EmailTakenError(changes.email.new);
    }
    next.version = current.version + 1;
    next.updatedAt = this.clock.now().toISOString();
    const updated = this.events.create<UserUpdated>(
      'user.updated',
      'user',
      id,
      { changes, version: next.version },
      next.updatedAt,
    );
    await this.users.update(next, current.version, [updated]);
    return next;
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    const current = await this.get(id);
    const version = expectedVersion ?? current.version;
    if (version !== current.version) {
      throw new UserVersionMismatchError(id, version, current.version);
    }
    const deleted = this.events.create<UserDeleted>('user.deleted', 'user', id, {
      email: current.email,
      version: current.version,
    });
    await this.users.delete(id, current.version, [deleted]);
  }
}
