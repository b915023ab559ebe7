import { createHash } from 'node:crypto';

/**
 * An id derived only from what names a fact (an object version, an alarm's state change, a
 * request's error lines), so every delivery of the same fact carries the same id and idempotent
 * consumers drop the repeats. 128 bits of SHA-256 over the parts, shaped as a UUID so routes
 * accept it.
 */
export const derivedId = (...parts: readonly string[]): string => {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
