/**
 * The records table holds every domain's entities, told apart by a partition prefix each domain
 * declares with its keys (user-keys.ts, order-keys.ts, inventory-keys.ts), and the outbox
 * entities of a change beside it, in the same partition (`outbox|<eventId>`), so a change and
 * its events commit in one entity-group transaction.
 *
 * Table Storage sorts by PartitionKey then RowKey, and ids sort by creation (UUIDv7), so a range
 * query over one prefix lists oldest first; names in the order-preserving encoding below list by
 * name.
 */
export const OUTBOX_ROW_PREFIX = 'outbox|';

/** A kind of partition in the records table, as its domain declares it. */
export interface PartitionLayout {
  /** What the partition holds (`user`, `stock`). */
  name: string;
  /** Every partition of this kind starts with it (`user|`). */
  prefix: string;
  /** Its rows, for the docs: `user` (the user), `outbox|<eventId>` (its events)... */
  rows: readonly string[];
  /**
   * Its `row` entities (records stored as JSON parts) each have a pointer in the `list`
   * partition (newest-first-index.ts): what the list backfill gives records older than the list.
   */
  listed?: { row: string; list: string };
}

/** Every module's layout, checked: two kinds whose partitions could share a key are refused. */
export const partitionLayoutsOf = (
  groups: readonly (readonly PartitionLayout[])[],
): PartitionLayout[] => {
  const layouts = groups.flat();
  for (const [i, a] of layouts.entries()) {
    for (const b of layouts.slice(i + 1)) {
      if (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) {
        throw new Error(`Table partitions ${a.name} and ${b.name} can have the same key`);
      }
    }
  }
  return layouts;
};

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

export const outboxRow = (eventId: string) => OUTBOX_ROW_PREFIX + escapeKey(eventId);

/**
 * Escapes of the order-preserving key encoding: every UTF-16 code unit outside the literals
 * [-0-9A-Z_a-z] is written as its range's escape character and the unit in fixed-width
 * upper-case hex. Each range is the run of code units between two literals and contains its
 * own escape character (an allowed key character), so an escape sorts exactly where the
 * unit it stands for does; escapes of one range have one width, so no code is a prefix of
 * another. Encoded keys therefore compare (as ASCII, which every Table Storage
 * implementation orders the same way) as the names compare in JS code-unit order, and decode
 * back exactly. A name of 100 characters takes at most 500.
 */
const ESCAPES: readonly { lead: string; from: number; to: number; width: number }[] = [
  { lead: '!', from: 0x00, to: 0x2c, width: 2 }, // controls, space, !"#$%&'()*+,
  { lead: '.', from: 0x2e, to: 0x2f, width: 2 }, // . /
  { lead: ':', from: 0x3a, to: 0x40, width: 2 }, // :;<=>?@
  { lead: '[', from: 0x5b, to: 0x5e, width: 2 }, // [\]^
  { lead: '`', from: 0x60, to: 0x60, width: 2 }, // `
  { lead: '{', from: 0x7b, to: 0xffff, width: 4 }, // {|}~, DEL and everything beyond ASCII
];
const LITERAL = /[-0-9A-Z_a-z]/;

export const encodeOrderedKey = (value: string): string => {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charAt(i);
    if (LITERAL.test(char)) {
      out += char;
      continue;
    }
    const code = value.charCodeAt(i);
    const range = ESCAPES.find(({ from, to }) => code >= from && code <= to)!;
    out += range.lead + code.toString(16).toUpperCase().padStart(range.width, '0');
  }
  return out;
};

/** The inverse of `encodeOrderedKey`; throws on text it cannot have produced. */
export const decodeOrderedKey = (key: string): string => {
  let out = '';
  for (let i = 0; i < key.length; ) {
    const char = key.charAt(i);
    if (LITERAL.test(char)) {
      out += char;
      i += 1;
      continue;
    }
    const range = ESCAPES.find(({ lead }) => lead === char);
    const hex = key.slice(i + 1, i + 1 + (range?.width ?? 0));
    const code = Number.parseInt(hex, 16);
    if (
      !range ||
      !/^[0-9A-F]+$/.test(hex) ||
      hex.length !== range.width ||
      code < range.from ||
      code > range.to
    ) {
      throw new Error(`Not an encoded key: ${JSON.stringify(key)}`);
    }
    out += String.fromCharCode(code);
    i += 1 + range.width;
  }
  return out;
};

/**
 * A key that sorts in the reverse of `value`'s code-unit order: each unit becomes its
 * complement (0xFFFF - unit) in four hex digits, and '~' (above every hex digit) ends it, so
 * a value sorts after every longer value it starts. Table Storage reads a partition in
 * ascending RowKey order only; this is how a range lists newest first.
 */
export const descendingKey = (value: string): string => {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    out += (0xffff - value.charCodeAt(i)).toString(16).toUpperCase().padStart(4, '0');
  }
  return `${out}~`;
};
