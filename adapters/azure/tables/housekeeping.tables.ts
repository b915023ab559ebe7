import { odata } from '@azure/data-tables';
import type {
  PurgeCounts,
  PurgeCutoffs,
  StoreHousekeeping,
} from '../../../ports/store-housekeeping.port';
import { isStatus } from '../storage-errors';
import type { TableStore } from './table-store';

/**
 * Deletes the processed-event marks recorded before the cutoff (Table storage has no TTL). The
 * notifications go to a Storage Queue, which keeps them 7 days by itself: none are kept here.
 */
export class TableHousekeeping implements StoreHousekeeping {
  constructor(private readonly store: TableStore) {}

  async purge(cutoffs: PurgeCutoffs): Promise<PurgeCounts> {
    const old = this.store.processed.listEntities({
      queryOptions: {
        filter: odata`processedAt lt ${cutoffs.processedBefore.toISOString()}`,
        select: ['PartitionKey', 'RowKey'],
      },
    });
    let processedEvents = 0;
    for await (const { partitionKey, rowKey } of old) {
      // Every entity listed has its keys (selected); the SDK's type leaves them optional.
      if (partitionKey === undefined || rowKey === undefined) continue;
      try {
        await this.store.processed.deleteEntity(partitionKey, rowKey);
        processedEvents += 1;
      } catch (error) {
        // Another instance's maintenance deleted it first.
        if (!isStatus(error, 404)) throw error;
      }
    }
    return { processedEvents, notifications: null };
  }
}
