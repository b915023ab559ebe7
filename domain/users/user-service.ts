import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { UserRepository } from '../../ports/user-repository.port';
import { EventFactory } from '../shared/event-factory';
import type { Page, PageRequest } from '../shared/pagination';
import type { CreateUserInput, UpdateUserInput, User } from './user';
import { emailKey } from './user';
import { EmailTakenError, UserNotFoundError, UserVersionMismatchError } from './user-errors';
import { EDITABLE_USER_FIELDS, userEventsFor } from './user-events';

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
    await this.users.insert(user, this.events.stamp(userEventsFor(null, user), now));
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
    const next: User = { ...current };
    for (const field of EDITABLE_USER_FIELDS) {
      if (input[field] !== undefined) Object.assign(next, { [field]: input[field] });
    }
    next.version = current.version + 1;
    next.updatedAt = this.clock.now().toISOString();
    const events = userEventsFor(current, next);
    if (events.length === 0) return current;
    if (emailKey(current.email) !== emailKey(next.email)) {
      const holder = await this.users.findByEmail(next.email);
      if (holder && holder.id !== id) throw new EmailTakenError(next.email);
    }
    await this.users.update(next, current.version, this.events.stamp(events, next.updatedAt));
    return next;
  }

  async delete(id: string, expectedVersion?: number): Promise<void> {
    const current = await this.get(id);
    const version = expectedVersion ?? current.version;
    if (version !== current.version) {
      throw new UserVersionMismatchError(id, version, current.version);
    }
    await this.users.delete(id, current.version, this.events.stamp(userEventsFor(current, null)));
  }
}
