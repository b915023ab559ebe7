import { StorageQueueJobQueue } from '../../../adapters/azure/queue/job-queue.storage-queue';
import { TableProcessedEventStore } from '../../../adapters/azure/tables/processed-event-store.tables';
import {
  recordPartitions,
  TableRecordStore,
} from '../../../adapters/azure/tables/record-store.tables';
import type { TableStore } from '../../../adapters/azure/tables/table-store';
import { lazyObject } from '../../composition/lazy';
import { jobsQueueSettings } from './jobs-queue-settings';

/** On Azure the jobs are a Storage Queue (and its poison queue), created on first use. */
export const messagingOnTables = {
  partitions: recordPartitions,
  create: (store: TableStore) => {
    return {
      jobs: lazyObject(async () => {
        const queue = new StorageQueueJobQueue({
          connectionString: store.connectionString,
          queueName: jobsQueueSettings(process.env).storageQueueName(),
        });
        await queue.ensureQueues();
        return queue;
      }),
      docs: new TableRecordStore(store),
      processed: new TableProcessedEventStore(store),
    };
  },
};
