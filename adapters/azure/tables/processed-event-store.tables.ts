import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import { isStatus } from '../storage-errors';
import { escapeKey } from './table-keys';
import type { TableStore } from './table-store';

/** One entity per (consumer, event) in the processed table: partition = consumer. */
export class TableProcessedEventStore implements ProcessedEventStore {
  constructor(private readonly store: TableStore) {}

  async has(consumer: string, eventId: string): Promise<boolean> {
    try {
      await this.store.processed.getEntity(escapeKey(consumer), escapeKey(eventId), {
        queryOptions: { select: ['PartitionKey'] },
      });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      throw error;
    }
  }

  async record(consumer: string, eventId: string): Promise<void> {
    // An upsert: recording twice is the same as once.
    await this.store.processed.upsertEntity(
      {
        partitionKey: escapeKey(consumer),
        rowKey: escapeKey(eventId),
        processedAt: new Date().toISOString(),
      },
      'Replace',
    );
  }
}
