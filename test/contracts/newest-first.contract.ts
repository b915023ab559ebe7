import { expect, it } from 'vitest';
import type { Created } from '../../domain/shared/newest-first';
import type { Page, PageRequest } from '../../domain/shared/pagination';

/**
 * The cases every list read newest first (domain/shared/newest-first.ts) passes, for the
 * contract suites of the ports that have one: `add` stores a record with that id and createdAt.
 */
export const itListsNewestFirst = (
  open: () => {
    add: (record: Created) => Promise<unknown>;
    list: (page: PageRequest) => Promise<Page<Created>>;
  },
) => {
  it('lists newest first (createdAt, then id, descending), page by page, each once', async () => {
    const { add, list } = open();
    const at = (second: number) => `2026-11-30T10:00:0${second}.000Z`;
    // Out of order, with two pairs created in the same millisecond.
    const records = [
      { id: 'c-3', createdAt: at(3) },
      { id: 'a-1', createdAt: at(1) },
      { id: 'b-5', createdAt: at(5) },
      { id: 'a-5', createdAt: at(5) },
      { id: 'z-0', createdAt: at(0) },
      { id: 'b-1', createdAt: at(1) },
      { id: 'd-4', createdAt: at(4) },
    ];
    expect(await list({ limit: 3 })).toEqual({ items: [], nextCursor: null });
    for (const record of records) await add(record);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 3, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.map((record) => record.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(['b-5', 'a-5', 'd-4', 'c-3', 'b-1', 'a-1', 'z-0']);
    // A last page that is exactly full says so.
    expect((await list({ limit: 7 })).nextCursor).toBeNull();
    expect((await list({ limit: 1 })).items[0]).toMatchObject(records[2]!);
  });

  it('refuses a cursor it did not issue', async () => {
    const { list } = open();
    const forged = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      'garbage',
      forged({ x: 1 }),
      // No page ends at an id longer than ids are, nor at a time that is not one.
      forged({ createdAt: '2026-11-30T10:00:00.000Z', id: '\uffff'.repeat(65) }),
      forged({ createdAt: 'yesterday', id: 'a-1' }),
    ]) {
      await expect(list({ limit: 2, cursor })).rejects.toMatchObject({
        code: 'PAGINATION.INVALID_CURSOR',
      });
    }
  });
};
