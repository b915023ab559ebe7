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
