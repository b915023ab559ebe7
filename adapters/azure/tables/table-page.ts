import type { TableClient, TableEntityResult } from '@azure/data-tables';
import * as z from 'zod/mini';
import { InvalidCursorError } from '../../../domain/shared/domain-error';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import { isStatus } from '../storage-errors';

const cursorSchema = z.strictObject({ t: z.string().check(z.minLength(1), z.maxLength(2000)) });
/** What @azure/data-tables puts in its (base64 JSON) continuation token. */
const tokenSchema = z.looseObject({ nextPartitionKey: z.string().check(z.minLength(1)) });

type Entity = TableEntityResult<Record<string, unknown>>;

const tokenFromCursor = (cursor: string): string => {
  const token = decodeCursor(cursor, cursorSchema).t;
  try {
    tokenSchema.parse(JSON.parse(Buffer.from(token, 'base64').toString('utf8')));
  } catch {
    throw new InvalidCursorError();
  }
  return token;
};

const fetchPage = async (
  client: TableClient,
  filter: string,
  top: number,
  continuationToken: string | undefined,
): Promise<{ entities: Entity[]; next: string | undefined }> => {
  try {
    const result = await client
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: top, ...(continuationToken ? { continuationToken } : {}) })
      .next();
    const page = result.done ? undefined : result.value;
    return { entities: page ? [...page] : [], next: page?.continuationToken };
  } catch (error) {
    // The service refuses a token it did not issue; nothing else here is the client's fault.
    if (continuationToken && isStatus(error, 400)) throw new InvalidCursorError();
    throw error;
  }
};

/**
 * One page of a query, `limit` entities exactly unless it is the last. The cursor is the
 * service's own continuation token (opaque to us as to the client: its format differs
 * between Azure and Azurite), wrapped and validated. A filtered query may come back short or
 * empty with a token, so pages are topped up; and a token does not promise more rows, so a
 * full page is followed by a one-row probe to decide between a cursor and null.
 */
export const queryPage = async (
  client: TableClient,
  filter: string,
  page: PageRequest,
): Promise<Page<Entity>> => {
  let token = page.cursor ? tokenFromCursor(page.cursor) : undefined;
  const items: Entity[] = [];
  do {
    const { entities, next } = await fetchPage(client, filter, page.limit - items.length, token);
    items.push(...entities);
    token = next;
  } while (token && items.length < page.limit);
  for (let probe = token; probe; ) {
    const { entities, next } = await fetchPage(client, filter, 1, probe);
    if (entities.length > 0) return { items, nextCursor: encodeCursor({ t: token! }) };
    probe = next;
  }
  return { items, nextCursor: null };
};

/** Every entity a query matches, following continuation tokens. */
export const queryAll = async (
  client: TableClient,
  filter: string,
  select?: string[],
): Promise<Entity[]> => {
  const all: Entity[] = [];
  const query = client.listEntities<Record<string, unknown>>({
    queryOptions: select ? { filter, select } : { filter },
  });
  for await (const entity of query) all.push(entity);
  return all;
};
