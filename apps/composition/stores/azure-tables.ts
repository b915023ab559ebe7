import { TableHealthCheck } from '../../../adapters/azure/tables/health-check.tables';
import { TableHousekeeping } from '../../../adapters/azure/tables/housekeeping.tables';
import { TableListBackfill } from '../../../adapters/azure/tables/list-backfill.tables';
import { TableOutbox } from '../../../adapters/azure/tables/outbox.tables';
import { TableProcessedEventStore } from '../../../adapters/azure/tables/processed-event-store.tables';
import { partitionLayoutsOf } from '../../../adapters/azure/tables/table-keys';
import type { TableStore } from '../../../adapters/azure/tables/table-store';
import type { AnyModule } from '../../modules/domain-module';
import { type OpenStore, storesByModule } from './open-store';

/**
 * Every module's repositories on one storage account's tables (created when missing). Changes
 * and their events commit in one entity-group transaction; the app relays the outbox.
 */
export const openTableStore = async (
  modules: readonly AnyModule[],
  store: TableStore,
): Promise<
  OpenStore & { outbox: { store: TableOutbox; onCommit(listener: () => void): void } }
> => {
  const slices = await Promise.all(modules.map((module) => module.stores['azure-tables']()));
  const layouts = partitionLayoutsOf(slices.map((slice) => slice.partitions));
  await store.ensureTables();
  return {
    kind: 'azure-tables',
    storesOf: storesByModule(
      modules,
      slices.map((slice) => slice.create(store)),
    ),
    processed: new TableProcessedEventStore(store),
    outbox: { store: new TableOutbox(store), onCommit: (listener) => store.onCommit(listener) },
    housekeeping: new TableHousekeeping(store),
    listBackfill: new TableListBackfill(store, layouts),
    healthChecks: [new TableHealthCheck(store)],
    close: () => undefined,
  };
};
