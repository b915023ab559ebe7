import * as z from 'zod/mini';
import { decodeCursor, encodeCursor } from '../../domain/shared/pagination';

const cursorSchema = z.strictObject({ after: z.string().check(z.minLength(1)) });

/** Keyset pagination on the primary key: the cursor holds the last id of the page. */
export const afterFromCursor = (cursor: string | undefined): string =>
  cursor ? decodeCursor(cursor, cursorSchema).after : '';

export const cursorAfter = (rows: readonly { id: string }[], limit: number): string | null => {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ after: last.id }) : null;
};
