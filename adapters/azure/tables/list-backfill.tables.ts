import { odata, type TableEntityResult } from '@azure/data-tables';
import * as z from 'zod/mini';
import { CorruptRecordError, readStoredJson } from '../../../domain/shared/stored-record';
import type {
  BackfillCount,
  BackfillProgress,
  ListBackfill,
} from '../../../ports/list-backfill.port';
import { jsonOfParts } from './json-parts';
import { NewestFirstIndex } from './newest-first-index';
import { type PartitionLayout, prefixEnd } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';

type Row = TableEntityResult<Record<string, unknown>>;
type Listed = PartitionLayout & { listed: NonNullable<PartitionLayout['listed']> };

/** Records read per page: one page's pointers are written at once. */
const PAGE_SIZE = 100;

/** All a pointer needs of a record; the rest of its JSON is not read. */
const createdSchema = z.looseObject({ id: z.string(), createdAt: z.string() });

/**
 * The list backfill on Table Storage: each listed kind's record entities, read a page at a time
 * (the service's own continuation), and for each a pointer created in its list partition only
 * if none is there (an insert; 409 means listed). A pointer holds the id alone and its key is
 * createdAt and id, which never change, so writing one cannot undo anything the app did; the
 * record itself is never written.
 */
export class TableListBackfill implements ListBackfill {
  private readonly layouts: Listed[];

  constructor(
    private readonly store: TableStore,
    layouts: readonly PartitionLayout[],
    private readonly pageSize = PAGE_SIZE,
  ) {
    this.layouts = layouts.filter((layout): layout is Listed => layout.listed !== undefined);
  }

  async run(onPage?: (progress: BackfillProgress) => void): Promise<BackfillCount[]> {
    const counts: BackfillCount[] = this.layouts.map(({ name }) => ({
      kind: name,
      records: 0,
      added: 0,
      unreadable: [],
    }));
    let page = 0;
    for (const [i, layout] of this.layouts.entries()) {
      const count = counts[i]!;
      const index = new NewestFirstIndex(this.store, layout.listed.list);
      const filter = odata`PartitionKey ge ${layout.prefix} and PartitionKey lt ${prefixEnd(layout.prefix)} and RowKey eq ${layout.listed.row}`;
      let cursor: string | undefined;
      do {
        const rows = await queryPage(this.store.records, filter, {
          limit: this.pageSize,
          ...(cursor ? { cursor } : {}),
        });
        const added = await Promise.all(rows.items.map((row) => this.addTo(index, layout, row)));
        count.records += rows.items.length;
        count.added += added.filter((result) => result === true).length;
        count.unreadable.push(
          ...rows.items
            .filter((_, at) => added[at] === 'unreadable')
            .map((row) => `${row.partitionKey} ${row.rowKey}`),
        );
        cursor = rows.nextCursor ?? undefined;
        page += 1;
        onPage?.({ page, counts: structuredClone(counts) });
      } while (cursor);
    }
    return counts;
  }

  /** True when this call created the record's pointer. */
  private async addTo(
    index: NewestFirstIndex,
    layout: Listed,
    row: Row,
  ): Promise<boolean | 'unreadable'> {
    let record: { id: string; createdAt: string };
    try {
      record = readStoredJson(createdSchema, jsonOfParts(row), layout.name);
    } catch (error) {
      if (error instanceof CorruptRecordError) return 'unreadable';
      throw error;
    }
    return index.addIfAbsent(record);
  }
}
