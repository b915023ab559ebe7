import { escapeKey, OUTBOX_ROW_PREFIX, type PartitionLayout } from './table-keys';

export const USER_PREFIX = 'user|';
const EMAIL_PREFIX = 'email|';
export const USER_ROW = 'user';
export const GUARD_ROW = 'guard';

export const userPartition = (id: string) => USER_PREFIX + escapeKey(id);
export const emailPartition = (key: string) => EMAIL_PREFIX + escapeKey(key);

export const userPartitions: readonly PartitionLayout[] = [
  {
    name: 'user',
    prefix: USER_PREFIX,
    rows: [
      `${USER_ROW}: the user; once deleted or fenced, a marker (kind 'deleted' or 'tombstone')`,
      `${OUTBOX_ROW_PREFIX}<eventId>: an event of the user, written in the same batch`,
    ],
  },
  {
    name: 'email guard',
    prefix: EMAIL_PREFIX,
    rows: [`${GUARD_ROW}: the email's owner, {userId}`],
  },
];
