import type { Page, PageRequest } from './pagination';

/** Every item a paged list holds, a page of 100 at a time (a daily job's read, not a request's). */
export const readAll = async <T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
};
