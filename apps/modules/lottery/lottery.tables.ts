import { TableDrawStore } from '../../../adapters/azure/tables/draw-store.tables';
import { TableEmployeeRepository } from '../../../adapters/azure/tables/employee-repository.tables';
import { lotteryPartitions } from '../../../adapters/azure/tables/lottery-keys';
import type { TableStore } from '../../../adapters/azure/tables/table-store';

export const lotteryOnTables = {
  partitions: lotteryPartitions,
  create: (store: TableStore) => ({
    employees: new TableEmployeeRepository(store),
    draws: new TableDrawStore(store),
  }),
};
