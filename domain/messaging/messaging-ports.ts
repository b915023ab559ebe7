import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { JobQueue } from '../../ports/job-queue.port';
import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import type { RecordStore } from '../../ports/record-store.port';
import type { InventoryService } from '../inventory';
import type { OrderService } from '../orders';
import type { UserService } from '../users';
import type { TaxRates } from './tax';

/** What the messaging domain works through: its own stores and the other domains' services. */
export interface MessagingPorts {
  jobs: JobQueue;
  docs: RecordStore;
  processed: ProcessedEventStore;
  users: Pick<UserService, 'get'>;
  orders: Pick<OrderService, 'get' | 'changeStatus' | 'confirm' | 'list'>;
  inventory: Pick<InventoryService, 'adjust'>;
  objects: ObjectStore;
  notifier: Notifier;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}

export interface MessagingOptions {
  /** The store an order reserves from when its message names none. */
  defaultStore: string;
  taxRates: TaxRates;
  /** "Message Processing Batch Complete" after each batch; on by default. */
  batchNotification: boolean;
  /** The queue's: a job failing this many receives is dead-lettered with its last error. */
  maxReceiveCount: number;
}
