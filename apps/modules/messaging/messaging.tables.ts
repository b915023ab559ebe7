import { StorageQueueJobQueue } from '../../../adapters/azure/queue/job-queue.storage-queue';
import {
  documentPartitions,
  TableDocumentStore,
} from '../../../adapters/azure/tables/document-store.tables';
import { TableProcessedEventStore } from '../../../adapters/azure/tables/processed-event-store.tables';
import type { TableStore } from '../../../adapters/azure/tables/table-store';
import { lazyObject } from '../../composition/lazy';
import { jobsQueueSettings } from './jobs-queue-settings';

/** On Azure the jobs are a Storage Queue (and its poison queue), created on first use. */
export const messagingOnTables = {
  partitions: documentPartitions,
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
      docs: new TableDocumentStore(store),
      processed: new TableProcessedEventStore(store),
    };
  },
};
