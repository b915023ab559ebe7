import { ValidationError } from '../../domain/shared/domain-error';

/** Entity tags are the version number, quoted (RFC 9110 §8.8.3). */
export const etagOf = (version: number): string => `"${version}"`;

const invalid = () =>
  new ValidationError([
    { path: 'headers.if-match', message: 'Expected * or entity tags from this API, such as "3"' },
  ]);

/** A version no entity has (they start at 1): a condition that can never hold. */
const NO_VERSION = 0;

/**
 * If-Match (RFC 9110 §13.1.1): `*`, or a comma-separated list of entity tags, true when the
 * current one is any of them by strong comparison. So a weak tag (`W/"3"`) or a tag this API
 * never issues matches nothing. A bare number is taken as its tag, as before.
 * Undefined: no header or `*` (no version condition; the entity must still exist).
 */
export const versionsFromIfMatch = (header: string | undefined): number[] | undefined => {
  if (header === undefined || header.trim() === '*') return undefined;
  const versions: number[] = [];
  let rest = header.trim();
  while (rest.length > 0) {
    const token = /^(W\/)?"([^"]*)"|^(\d{1,15})/.exec(rest);
    if (!token) throw invalid();
    const [whole, weak, quoted, bare] = token;
    const digits = quoted ?? bare ?? '';
    if (!weak && /^\d{1,15}$/.test(digits)) versions.push(Number(digits));
    rest = rest.slice(whole.length).trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest.length > 0) throw invalid();
  }
  return versions;
};

/**
 * The version a conditional write must find, from If-Match: one tag is that version; several
 * match whichever is current (read with `current`), and the write stays conditional on it, so a
 * change in between is still refused; none of ours can never match; `*` matches the current
 * version of an entity that exists.
 */
export const expectedVersionFrom = async (
  header: string | undefined,
  current: () => Promise<number>,
): Promise<number | undefined> => {
  // `*`: any current version, so there must be one (`current` answers not found otherwise);
  // the write is then conditional on it, as with a tag.
  if (header?.trim() === '*') return current();
  const versions = versionsFromIfMatch(header);
  if (versions === undefined) return undefined;
  if (versions.length <= 1) return versions[0] ?? NO_VERSION;
  const now = await current();
  return versions.includes(now) ? now : versions[0];
};

/**
 * A versioned entity as the answer: its ETag is its version. `headers` (Location...) is taken
 * over, not copied: each call passes a fresh object.
 */
export const withEtag = <T extends { version: number }>(
  entity: T,
  status = 200,
  headers: Record<string, string> = {},
): { status: number; body: T; headers: Record<string, string> } => {
  headers.etag = etagOf(entity.version);
  return { status, body: entity, headers };
};
