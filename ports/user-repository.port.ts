import type { DomainEvent } from '../domain/shared/domain-event';
import type { Page, PageRequest } from '../domain/shared/pagination';
import type { User } from '../domain/users/user';

/**
 * Users, each written atomically with the events the change raised.
 * Emails are unique case-insensitively: a clash throws EmailTakenError.
 * Writes are conditional on `expectedVersion`: a stale one throws UserVersionMismatchError,
 * a missing user UserNotFoundError.
 */
export interface UserRepository {
  insert(user: User, events: readonly DomainEvent[]): Promise<void>;
  update(user: User, expectedVersion: number, events: readonly DomainEvent[]): Promise<void>;
  delete(id: string, expectedVersion: number, events: readonly DomainEvent[]): Promise<void>;
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** Stable order: oldest first (ids sort by creation). */
  list(page: PageRequest): Promise<Page<User>>;
}
