import { odata } from '@azure/data-tables';
import type { Created } from '../../../domain/shared/newest-first';
import type { Page, PageRequest } from '../../../domain/shared/pagination';
import { isStatus } from '../storage-errors';
import { descendingKey } from './table-keys';
import { queryPage } from './table-page';
import type { TableStore } from './table-store';

/**
 * A list of records newest first (domain/shared/newest-first.ts) on Table Storage, which sorts
 * by key alone. Each record lives in a partition of its own (its conditional writes need one),
 * so the list is a partition of pointers whose RowKeys are createdAt then id, in reverse order.
 *
 * A pointer is written after its record, never before: a record that is not there is never
 * listed, but a crash between the two writes would leave a record unlisted. So every write of
 * the record writes the pointer again (an idempotent upsert at the same key, as createdAt never
 * changes), and the next one heals it. Pages are the list partition's own keyset pages
 * (queryPage) and the records are read by their pointers, in parallel, at that moment: a page
 * holds each record as it is now, never a stale copy.
 */
export class NewestFirstIndex {
  constructor(
    private readonly store: TableStore,
    private readonly partition: string,
  ) {}

  async add(record: Created): Promise<void> {
    await this.store.records.upsertEntity(this.pointer(record), 'Replace');
  }

  /** The backfill's write: true when this call created the pointer, false when it was there. */
  async addIfAbsent(record: Created): Promise<boolean> {
    try {
      await this.store.records.createEntity(this.pointer(record));
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  private pointer(record: Created) {
    return {
      partitionKey: this.partition,
      rowKey: descendingKey(record.createdAt) + descendingKey(record.id),
      id: record.id,
    };
  }

  async page<T>(page: PageRequest, read: (id: string) => Promise<T | null>): Promise<Page<T>> {
    const pointers = await queryPage(
      this.store.records,
      odata`PartitionKey eq ${this.partition}`,
      page,
    );
    const records = await Promise.all(pointers.items.map((row) => read(String(row.id))));
    return {
      items: records.filter((record): record is Awaited<T> & {} => record !== null),
      nextCursor: pointers.nextCursor,
    };
  }
}
