import { readStored } from '../../../domain/shared/stored-record';
import { emailKey, type User, userSchema } from '../../../domain/users/user';
import { userEventsFor } from '../../../domain/users/user-events';
import { eventsOfImages, type Item, type ItemKind } from './item-kind';
import { type ItemKey, shardOf, shardPartitions } from './table-design';

/*
 * | item        | pk                  | sk    | gsi1pk / gsi1sk           |
 * | user        | USER#<id>           | USER  | USERS#<shard> / USER#<id> |
 * | email guard | EMAIL#<lower email> | EMAIL |                           |
 */
const USER = { pk: 'USER#', sk: 'USER' } as const;
const EMAIL_GUARD = { pk: 'EMAIL#', sk: 'EMAIL' } as const;
const USER_LIST = 'USERS#';
export const USER_SORT_PREFIX = 'USER#';

export const userKey = (id: string): ItemKey => ({ pk: `${USER.pk}${id}`, sk: USER.sk });
export const emailGuardKey = (key: string): ItemKey => ({
  pk: `${EMAIL_GUARD.pk}${key}`,
  sk: EMAIL_GUARD.sk,
});
/** The gsi1 partitions of the list of all users, oldest first within each. */
export const userListPartitions = (): string[] => shardPartitions(USER_LIST);

/** A user item: the record plus its keys (table, and gsi1 for the sharded list of all users). */
export const userToItem = (user: User): Item => ({
  ...userKey(user.id),
  gsi1pk: `${USER_LIST}${shardOf(user.id)}`,
  gsi1sk: `${USER_SORT_PREFIX}${user.id}`,
  ...user,
});

/** The guard that makes emails unique: its key is the email; it names the user holding it. */
export const emailGuardItem = (user: Pick<User, 'id' | 'email'>): Item => ({
  ...emailGuardKey(emailKey(user.email)),
  userId: user.id,
});

/** Parsing drops the key attributes and fails loudly on an item that is not a user. */
export const itemToUser = (item: Item): User => readStored(userSchema, item, 'user');

export const userItemKinds: readonly ItemKind[] = [
  { name: 'user', key: USER, events: eventsOfImages(itemToUser, userEventsFor) },
  { name: 'email-guard', key: EMAIL_GUARD },
];
