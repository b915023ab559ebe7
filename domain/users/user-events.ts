import type { DomainEvent, EventDraft } from '../shared/domain-event';
import type { User } from './user';

export const EDITABLE_USER_FIELDS = ['name', 'email', 'age'] as const;
type Editable = (typeof EDITABLE_USER_FIELDS)[number];

export type UserChanges = Partial<{ [K in Editable]: { old: User[K]; new: User[K] } }>;

export type UserCreated = DomainEvent<'user.created', { user: User }>;
export type UserUpdated = DomainEvent<'user.updated', { changes: UserChanges; version: number }>;
export type UserDeleted = DomainEvent<'user.deleted', { email: string; version: number }>;
export type UserEvent = UserCreated | UserUpdated | UserDeleted;

/** The {field: {old, new}} diff of the editable fields. */
export const userChanges = (before: User, after: User): UserChanges => {
  const changes: UserChanges = {};
  for (const field of EDITABLE_USER_FIELDS) {
    if (before[field] !== after[field]) {
      Object.assign(changes, { [field]: { old: before[field], new: after[field] } });
    }
  }
  return changes;
};

/**
 * The events a change of state means, derived from the states alone (null: absent).
 * The service uses it on write; a change feed (DynamoDB Streams) uses it on the old and
 * new images, so every platform raises the same events.
 */
export const userEventsFor = (before: User | null, after: User | null): EventDraft<UserEvent>[] => {
  const id = (after ?? before)?.id;
  if (id === undefined) return [];
  const base = { aggregateType: 'user', aggregateId: id } as const;
  if (!before && after) return [{ ...base, type: 'user.created', payload: { user: after } }];
  if (before && !after) {
    return [
      { ...base, type: 'user.deleted', payload: { email: before.email, version: before.version } },
    ];
  }
  if (!before || !after) return [];
  const changes = userChanges(before, after);
  if (Object.keys(changes).length === 0) return [];
  return [{ ...base, type: 'user.updated', payload: { changes, version: after.version } }];
};
