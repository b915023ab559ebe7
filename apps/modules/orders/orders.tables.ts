import { orderPartitions } from '../../../adapters/azure/tables/order-keys';
import { TableOrderRepository } from '../../../adapters/azure/tables/order-repository.tables';
import type { TableStore } from '../../../adapters/azure/tables/table-store';

export const ordersOnTables = {
  partitions: orderPartitions,
  create: (store: TableStore) => ({ orders: new TableOrderRepository(store) }),
};
