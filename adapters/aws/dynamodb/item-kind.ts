import type { EventDraft } from '../../../domain/shared/domain-event';

/** An item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/**
 * One kind of item in the single table, declared by the domain that stores it. Kinds are told
 * apart by their key alone (keys never change, so a stream record's old and new images agree):
 * `pk` starts with `key.pk`, and `sk` is `key.sk` or starts with `key.skPrefix`.
 */
export interface ItemKind {
  /** What the item is (`user`, `email-guard`), for the docs and errors. */
  name: string;
  key: { pk: string; sk: string } | { pk: string; skPrefix: string };
  /**
   * The events a change of such an item means, from its stream images (null: absent), with the
   * very rule the domain's service applies; kinds without it (guards, marks) raise none.
   */
  events?(before: Item | null, after: Item | null): EventDraft[];
  /** The list its items have a place in, for the backfill of items older than the list. */
  listed?: ListedIn;
}

/**
 * A list kept in a GSI: `<index>pk`/`<index>sk` of an item are its place there, computed from the
 * stored item (the very keys its writes put).
 */
export interface ListedIn {
  index: string;
  keysOf(item: Item): { pk: string; sk: string };
}

/** A domain's event rule on the images of one of its items. */
export const eventsOfImages =
  <T>(
    toDomain: (item: Item) => T,
    eventsFor: (before: T | null, after: T | null) => EventDraft[],
  ): NonNullable<ItemKind['events']> =>
  (before, after) =>
    eventsFor(before && toDomain(before), after && toDomain(after));

const skMatches = (kind: ItemKind, sk: string) =>
  'sk' in kind.key ? sk === kind.key.sk : sk.startsWith(kind.key.skPrefix);

/** The kind a key belongs to, if any. */
export const kindOfKey = (
  kinds: readonly ItemKind[],
  key: { pk?: unknown; sk?: unknown },
): ItemKind | undefined => {
  const { pk, sk } = key;
  if (typeof pk !== 'string' || typeof sk !== 'string') return undefined;
  return kinds.find((kind) => pk.startsWith(kind.key.pk) && skMatches(kind, sk));
};

const prefixes = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** Whether some key could be of both kinds. */
const overlap = (a: ItemKind, b: ItemKind): boolean => {
  if (!prefixes(a.key.pk, b.key.pk)) return false;
  if ('sk' in a.key && 'sk' in b.key) return a.key.sk === b.key.sk;
  if ('sk' in a.key) return 'skPrefix' in b.key && a.key.sk.startsWith(b.key.skPrefix);
  if ('sk' in b.key) return b.key.sk.startsWith(a.key.skPrefix);
  return prefixes(a.key.skPrefix, b.key.skPrefix);
};

/**
 * Every module's kinds, checked: a key two kinds could claim would make the stream mapper's
 * answer depend on the order of the module list, so it is refused when the list is built.
 */
export const itemKindsOf = (groups: readonly (readonly ItemKind[])[]): ItemKind[] => {
  const kinds = groups.flat();
  for (const [i, a] of kinds.entries()) {
    for (const b of kinds.slice(i + 1)) {
      if (overlap(a, b)) {
        throw new Error(`DynamoDB item kinds ${a.name} and ${b.name} can have the same key`);
      }
    }
  }
  return kinds;
};
