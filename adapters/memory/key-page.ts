import * as z from 'zod/mini';
import {
  type Created,
  compareNewestFirst,
  newestFirstAfter,
  newestFirstCursor,
} from '../../domain/shared/newest-first';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../domain/shared/pagination';

const cursorSchema = z.strictObject({ after: z.string().check(z.minLength(1)) });

/** Pages a list already sorted by id, resuming after the id held in the cursor. */
export const pageByKey = <T extends { id: string }>(
  sorted: readonly T[],
  page: PageRequest,
): Page<T> => {
  const after = page.cursor ? decodeCursor(page.cursor, cursorSchema).after : undefined;
  const start = after === undefined ? 0 : sorted.findIndex((item) => item.id > after);
  const items = start === -1 ? [] : sorted.slice(start, start + page.limit);
  const last = items.at(-1);
  const more = start !== -1 && start + page.limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor({ after: last.id }) : null };
};

/** Pages records newest first (see newest-first.ts), resuming after the record in the cursor. */
export const pageNewestFirst = <T extends Created>(
  records: Iterable<T>,
  page: PageRequest,
): Page<T> => {
  const after = newestFirstAfter(page.cursor);
  const sorted = [...records].sort(compareNewestFirst);
  const rest = after ? sorted.filter((record) => compareNewestFirst(record, after) > 0) : sorted;
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rest.length > page.limit && last ? newestFirstCursor(last) : null };
};
