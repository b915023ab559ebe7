import { ValidationError } from '../../domain/shared/domain-error';

/** Entity tags are the version number, quoted (RFC 9110 §8.8.3). */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Reads an If-Match header carrying one of our ETags (`"3"`, `W/"3"` or bare `3`).
 * `*` means "any version" and so adds no condition.
 */
export const versionFromIfMatch = (header: string | undefined): number | undefined => {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new ValidationError([
      { path: 'headers.if-match', message: 'Expected an ETag from this API, such as "3"' },
    ]);
  }
  return Number(match[1]);
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
