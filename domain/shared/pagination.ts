import * as z from 'zod/mini';
import { InvalidCursorError } from './domain-error';
import './zod';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The `limit` and `cursor` query of a list whose pages hold at most `max` items. */
export const pageQueryUpTo = (max: number) =>
  z.object({
    limit: z._default(
      z.coerce
        .number()
        .check(
          z.refine(Number.isInteger, { message: 'Expected an integer' }),
          z.gte(1),
          z.lte(max),
        ),
      Math.min(DEFAULT_PAGE_SIZE, max),
    ),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  });

export const pageQuerySchema = pageQueryUpTo(MAX_PAGE_SIZE);

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

export const decodeCursor = <T>(cursor: string, schema: z.ZodMiniType<T>): T => {
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
