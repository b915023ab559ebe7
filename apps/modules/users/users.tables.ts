import type { TableStore } from '../../../adapters/azure/tables/table-store';
import { userPartitions } from '../../../adapters/azure/tables/user-keys';
import { TableUserRepository } from '../../../adapters/azure/tables/user-repository.tables';

export const usersOnTables = {
  partitions: userPartitions,
  create: (store: TableStore) => ({ users: new TableUserRepository(store) }),
};
