import type Database from 'better-sqlite3';
import { newestFirstAfter, newestFirstCursor } from '../../domain/shared/newest-first';
import type { Page, PageRequest } from '../../domain/shared/pagination';

type Row = { record: string };

export interface NewestFirstQueries {
  first: Database.Statement<[number], Row>;
  after: Database.Statement<[string, string, number], Row>;
}

/**
 * The two keyset queries of a table listed newest first (domain/shared/newest-first.ts) on its
 * (created_at, id) index: the row-value comparison lets SQLite start the backwards walk at the
 * cursor instead of skipping rows.
 */
export const newestFirstQueries = (db: Database.Database, table: string): NewestFirstQueries => ({
  first: db.prepare(`SELECT record FROM ${table} ORDER BY created_at DESC, id DESC LIMIT ?`),
  after: db.prepare(
    `SELECT record FROM ${table} WHERE (created_at, id) < (?, ?)
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  ),
});

/** A page of records (one more is read to tell whether another page follows). */
export const newestFirstPage = <T extends { id: string; createdAt: string }>(
  queries: NewestFirstQueries,
  page: PageRequest,
  read: (json: string) => T,
): Page<T> => {
  const after = newestFirstAfter(page.cursor);
  const rows = after
    ? queries.after.all(after.createdAt, after.id, page.limit + 1)
    : queries.first.all(page.limit + 1);
  const items = rows.slice(0, page.limit).map((row) => read(row.record));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? newestFirstCursor(last) : null };
};
