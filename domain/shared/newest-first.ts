import * as z from 'zod/mini';
import { decodeCursor, encodeCursor } from './pagination';
import { idTextSchema } from './text';

/**
 * The order of the lists of records read most recent first (imports, draws): by `createdAt`
 * descending, then by id descending, so records created in the same millisecond still have the
 * one order every store gives. `createdAt` is the clock's ISO 8601 UTC text (`toISOString`:
 * fixed width), so it sorts as text.
 */
export interface Created {
  id: string;
  createdAt: string;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareNewestFirst = (a: Created, b: Created): number =>
  a.createdAt === b.createdAt ? compareText(b.id, a.id) : compareText(b.createdAt, a.createdAt);

/**
 * Only what a page could have ended at: an ISO time and an id as ids are (64 units at most),
 * so a resume key stays within every store's key limits (DynamoDB's 1024-byte sort key).
 */
const cursorSchema = z.strictObject({ createdAt: z.iso.datetime(), id: idTextSchema });

/** The cursor of a page that ended at `last`: the key the next page starts after. */
export const newestFirstCursor = (last: Created): string =>
  encodeCursor({ createdAt: last.createdAt, id: last.id });

/** The key a cursor resumes after; a cursor of another shape is PAGINATION.INVALID_CURSOR. */
export const newestFirstAfter = (cursor: string | undefined): Created | undefined =>
  cursor === undefined ? undefined : decodeCursor(cursor, cursorSchema);
