import { ValidationError } from '../../domain/shared/domain-error';
import { MAX_OBJECT_KEY_BYTES as MAX_KEY_BYTES } from '../../domain/shared/object-rules';
/** Each segment becomes one file name (plus a one-letter tag): 255 bytes on ext4, APFS, NTFS. */
export const MAX_SEGMENT_BYTES = 254;

const problemOf = (value: string, what: 'key' | 'prefix'): string | undefined => {
  if (Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES) {
    return `is longer than ${MAX_KEY_BYTES} bytes`;
  }
  if (value.includes('\0')) return 'contains a NUL character';
  if (value.includes('\\')) return 'contains a backslash; separate segments with /';
  if (value.startsWith('/')) return 'is absolute; it must not start with /';
  const segments = value.split('/');
  // A prefix may end inside a segment, or right after a slash.
  const whole = what === 'prefix' ? segments.slice(0, -1) : segments;
  for (const segment of whole) {
    if (segment === '') return 'has an empty segment (// or a trailing /)';
    if (segment === '.' || segment === '..') return 'has a . or .. segment';
  }
  if (segments.some((segment) => Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES)) {
    return `has a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return undefined;
};

/**
 * Keys are `/`-separated relative paths. What could escape the store's directory or
 * mean two things on disk is refused before any file is touched.
 */
export const assertObjectKey = (key: string): void => {
  const problem = key === '' ? 'is empty' : problemOf(key, 'key');
  if (problem) {
    throw new ValidationError([{ path: 'key', message: `The key ${problem}.` }]);
  }
};

/** A prefix follows the key rules, except that it may be empty or end with `/`. */
export const assertObjectPrefix = (prefix: string): void => {
  const problem = prefix === '' ? undefined : problemOf(prefix, 'prefix');
  if (problem) {
    throw new ValidationError([{ path: 'prefix', message: `The prefix ${problem}.` }]);
  }
};
