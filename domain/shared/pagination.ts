import { z } from 'zod';
import { InvalidCursorError } from './domain-error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(2048).optional(),
});

export interface PageRequest {
  limit: number;
  /** Opaque: only the adapter that issued it can read it. */
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * Cursors are base64url JSON of the last key seen, so they are opaque to clients
 * and survive any transport. Adapters choose what the key holds (an id, a
 * DynamoDB LastEvaluatedKey); a cursor that does not decode is a client error.
 */
export const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export const decodeCursor = <T>(cursor: string, schema: z.ZodType<T>): T => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new InvalidCursorError();
  return result.data;
};
