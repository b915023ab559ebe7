import { messagingErrors, messagingRoutes } from '../../../adapters/http/routes/messaging.routes';
import { cancelledOrderStock } from '../../../domain/messaging/cancelled-order-stock';
import { fulfilmentJob, signupJob } from '../../../domain/messaging/job-reactions';
import type { MessagingOptions } from '../../../domain/messaging/messaging-ports';
import { MessagingService } from '../../../domain/messaging/messaging-service';
import { DEFAULT_TAX_RATES } from '../../../domain/messaging/tax';
import { DEFAULT_MAX_RECEIVE_COUNT, type JobQueue } from '../../../ports/job-queue.port';
import type { ProcessedEventStore } from '../../../ports/processed-event-store.port';
import type { RecordStore } from '../../../ports/record-store.port';
import { defineModule } from '../domain-module';
import { inventoryModule } from '../inventory/inventory.module';
import { ordersModule } from '../orders/orders.module';
import { usersModule } from '../users/users.module';
import { batchNotificationFrom } from './jobs-queue-settings';

export interface MessagingStores {
  jobs: JobQueue;
  docs: RecordStore;
  processed: ProcessedEventStore;
}

export interface MessagingServices {
  messaging: MessagingService;
}

export const messagingModule = defineModule<MessagingStores, MessagingServices, MessagingOptions>({
  name: 'messaging',
  errors: messagingErrors,
  stores: {
    memory: () => import('./messaging.memory').then((slice) => slice.messagingOnMemory),
    sqlite: () => import('./messaging.sqlite').then((slice) => slice.messagingOnSqlite),
    dynamodb: () => import('./messaging.dynamodb').then((slice) => slice.messagingOnDynamoDb),
    'azure-tables': () => import('./messaging.tables').then((slice) => slice.messagingOnTables),
  },
  services: ({ stores, use, options, clock, ids, logger, objects, notifier }) => ({
    messaging: new MessagingService(
      {
        // Named one by one, never spread: on Lambda `stores` is a lazy view whose slice loads on
        // first use, and a spread of it copies nothing.
        jobs: stores.jobs,
        docs: stores.docs,
        processed: stores.processed,
        users: use(usersModule).services.users,
        orders: use(ordersModule).services.orders,
        inventory: use(inventoryModule).services.inventory,
        objects,
        notifier,
        clock,
        ids,
        logger,
      },
      {
        defaultStore: options.defaultStore ?? 'main',
        taxRates: options.taxRates ?? DEFAULT_TAX_RATES,
        batchNotification: options.batchNotification ?? batchNotificationFrom(process.env),
        maxReceiveCount: options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
      },
    ),
  }),
  routes: ({ messaging }) => messagingRoutes(messaging),
  reactions: [signupJob, fulfilmentJob, cancelledOrderStock],
  jobs: {
    queue: ({ messaging }) => messaging.jobs,
    process: async ({ messaging }, jobs) => (await messaging.processBatch(jobs)).settlements,
  },
});
