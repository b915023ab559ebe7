/**
 * Key layout of the records table (one table, partitions told apart by a prefix):
 *
 *   PartitionKey        RowKey            what
 *   user|<id>           user              the user (kind 'user'); once deleted or fenced, a
 *                                         marker (kind 'deleted' or 'tombstone')
 *   user|<id>           outbox|<eventId>  an event of that user, written in the same batch
 *   email|<emailKey>    guard             the email's owner: { userId }
 *   order|<id>          order             the order
 *   order|<id>          outbox|<eventId>  an event of that order, written in the same batch
 *
 * Table Storage sorts by PartitionKey then RowKey, and ids sort by creation (UUIDv7), so a
 * range query over `user|` or `order|` partitions lists oldest first.
 */
export const USER_PREFIX = 'user|';
export const EMAIL_PREFIX = 'email|';
export const ORDER_PREFIX = 'order|';
export const USER_ROW = 'user';
export const GUARD_ROW = 'guard';
export const ORDER_ROW = 'order';
export const OUTBOX_ROW_PREFIX = 'outbox|';

/** The exclusive upper bound of every key starting with `prefix` ('|' + 1 is '}'). */
export const prefixEnd = (prefix: string): string =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/**
 * Keys may not contain / \ # ? or control characters
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields).
 * Those (and %, so the mapping stays one-to-one) become %XX; ids we generate have none.
 */
const FORBIDDEN = new Set(['\\', '/', '#', '?', '%']);
const mustEscape = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || FORBIDDEN.has(char);
};

export const escapeKey = (value: string): string => {
  let out = '';
  for (const char of value) {
    out += mustEscape(char)
      ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
      : char;
  }
  return out;
};

export const userPartition = (id: string) => USER_PREFIX + escapeKey(id);
export const emailPartition = (key: string) => EMAIL_PREFIX + escapeKey(key);
export const orderPartition = (id: string) => ORDER_PREFIX + escapeKey(id);
export const outboxRow = (eventId: string) => OUTBOX_ROW_PREFIX + escapeKey(eventId);
