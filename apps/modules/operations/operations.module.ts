import {
  operationsErrors,
  operationsRoutes,
} from '../../../adapters/http/routes/operations.routes';
import { JobRunLog } from '../../../domain/operations/job-runs';
import { OPERATIONS_JOBS } from '../../../domain/operations/operations-jobs';
import { OperationsService } from '../../../domain/operations/operations-service';
import { countOutOfStockAlerts } from '../../../domain/operations/out-of-stock-count';
import { cronToEventBridge } from '../../composition/cron/eventbridge-cron';
import { cronToNcrontab } from '../../composition/cron/ncrontab';
import { defineModule } from '../domain-module';
import { inventoryModule } from '../inventory/inventory.module';
import { messagingModule } from '../messaging/messaging.module';
import { ordersModule } from '../orders/orders.module';
import { usersModule } from '../users/users.module';

export interface OperationsServices {
  operations: OperationsService;
}

/**
 * The jobs that span domains (re-drive, daily report, maintenance): a module of their own, last
 * in the list, so no domain depends on another's housekeeping and each keeps its own data.
 */
export const operationsModule = defineModule<Record<string, never>, OperationsServices>({
  name: 'operations',
  errors: operationsErrors,
  stores: {
    memory: () => import('./operations.memory').then((slice) => slice.operationsOnMemory),
    sqlite: () => import('./operations.sqlite').then((slice) => slice.operationsOnSqlite),
    dynamodb: () => import('./operations.dynamodb').then((slice) => slice.operationsOnDynamoDb),
    'azure-tables': () => import('./operations.tables').then((slice) => slice.operationsOnTables),
  },
  services: ({ use, objects, notifier, clock, logger, housekeeping, outbox }) => {
    const messaging = use(messagingModule);
    return {
      operations: new OperationsService({
        users: use(usersModule).services.users,
        orders: use(ordersModule).services.orders,
        inventory: use(inventoryModule).services.inventory,
        messaging: messaging.services.messaging,
        runs: new JobRunLog(messaging.stores.docs),
        records: messaging.stores.docs,
        objects,
        housekeeping,
        outbox,
        notifier,
        clock,
        logger,
      }),
    };
  },
  reactions: [countOutOfStockAlerts],
  routes: ({ operations }, context) =>
    operationsRoutes(operations, () => {
      const own = OPERATIONS_JOBS.map((job) => ({
        ...job,
        run: () => operations.track(job.name, () => job.work(operations)),
      }));
      // Every job the door schedules; an operations job's run records itself already.
      const jobs = context.scheduledJobs?.().map((job) => ({
        ...job,
        run: OPERATIONS_JOBS.some(({ name }) => name === job.name)
          ? job.run
          : () =>
              operations.track(job.name, async () => {
                await job.run();
                return {};
              }),
      }));
      return (jobs ?? own).map(({ name, description, cron, run }) => ({
        name,
        description,
        cron,
        eventBridge: cronToEventBridge(cron),
        ncrontab: cronToNcrontab(cron),
        run,
      }));
    }),
  schedules: OPERATIONS_JOBS.map((job) => ({
    name: job.name,
    cron: job.cron,
    description: job.description,
    run: async ({ operations }) => {
      await operations.track(job.name, () => job.work(operations));
    },
  })),
});
