import type { DomainEvent } from '../shared/domain-event';
import type { User } from './user';

export type UserChanges = Partial<{
  [K in 'name' | 'email' | 'age']: { old: User[K]; new: User[K] };
}>;

export type UserCreated = DomainEvent<'user.created', { user: User }>;
export type UserUpdated = DomainEvent<'user.updated', { changes: UserChanges; version: number }>;
export type UserDeleted = DomainEvent<'user.deleted', { email: string; version: number }>;
export type UserEvent = UserCreated | UserUpdated | UserDeleted;
